"""Versions that miss nothing (issue 14): the version switcher keeps readers on the same page,
and a version can be withdrawn (its pages say so and point to the latest) or deleted.

The module releases the two fixture versions (tests/fixtures/versions/) once; tests that
withdraw or delete a version work on a private copy.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from helpers import files, pcsp, release_fixture_versions, soup

ROLE_OLD = "_generated/roles/nurse"  # 1.0's page of the role renamed in 1.1
ROLE_NEW = "_generated/roles/practice-nurse"
REASON = "It gave the wrong <b>review</b> interval."


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release_fixture_versions(tmp_path_factory.mktemp("versions") / "project")


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return project / "_build" / "site"


@pytest.fixture
def copy(project: Path, tmp_path: Path) -> Path:
    """A private copy of the released project, builds and all."""
    return Path(shutil.copytree(project, tmp_path / "project", symlinks=True))


def switcher(page: Path) -> dict[str, str]:
    """The version switcher's links on a built page: text -> href."""
    nav = soup(page).find("nav", attrs={"aria-label": "Versions"})
    return {a.get_text(" ", strip=True): a["href"] for a in nav.find_all("a")}


def target(page: Path, href: str) -> Path:
    """The file a relative link on ``page`` points to."""
    return (page.parent / urlsplit(href).path).resolve()


def is_redirect(html: BeautifulSoup) -> bool:
    return html.find("meta", attrs={"http-equiv": "refresh"}) is not None


def versions_json(site: Path) -> list[dict[str, object]]:
    return json.loads((site / "versions.json").read_text(encoding="utf-8"))


# --- the switcher stays on the page -------------------------------------------------------

def test_the_switcher_on_1_0s_role_page_links_to_1_1s_renamed_role_page(site: Path) -> None:
    page = site / "1.0" / f"{ROLE_OLD}.html"
    assert switcher(page) == {
        "Version 1.1 (latest)": f"../../../1.1/{ROLE_NEW}.html",
        "Version 1.0": f"../../../1.0/{ROLE_OLD}.html",  # this very page
        "All versions": "../../../versions.html"}
    assert target(page, f"../../../1.1/{ROLE_NEW}.html") == \
        (site / "1.1" / f"{ROLE_NEW}.html").resolve()


def test_the_switcher_on_the_latest_role_page_links_back_to_its_old_page_in_1_0(
        site: Path) -> None:
    for folder in ("1.1", "latest"):
        page = site / folder / f"{ROLE_NEW}.html"
        assert switcher(page)["Version 1.0"] == f"../../../1.0/{ROLE_OLD}.html", folder
        assert switcher(page)["Version 1.1 (latest)"] == f"../../../1.1/{ROLE_NEW}.html"


def test_a_page_new_in_1_1_switches_to_1_0s_section_index(site: Path) -> None:
    page = site / "1.1" / "_generated" / "changes.html"  # 1.0 has no what-changed page
    assert not (site / "1.0" / "_generated" / "changes.html").exists()
    assert switcher(page)["Version 1.0"] == "../../1.0/_generated/index.html"
    same = site / "1.1" / "_generated" / "stages" / "set-up.html"  # in both versions
    assert switcher(same)["Version 1.0"] == "../../../1.0/_generated/stages/set-up.html"


def test_every_switcher_link_leads_to_a_real_page(site: Path) -> None:
    checked = 0
    for folder in ("1.0", "1.1", "latest"):
        for page in sorted((site / folder).rglob("*.html")):
            html = soup(page)
            if is_redirect(html) or "_static" in page.parts:
                continue
            for text, href in switcher(page).items():
                found = target(page, href)
                assert found.is_file(), (page, text, href)
                assert not is_redirect(soup(found)), (page, text, href)  # not via a redirect
                checked += 1
    assert checked > 60


def test_locate_goes_to_the_section_index_or_the_home_page_both_ways() -> None:
    from generator.release import Pages, locate, switch_targets

    old = Pages(titles={"index": "", "about": "", "_generated/roles/index": "Roles",
                        "_generated/roles/nurse": "Nurse", "_generated/roles/gp": "GP"},
                own={"_generated/roles/nurse": "nurse", "_generated/roles/gp": "gp"},
                where={"nurse": "_generated/roles/nurse", "gp": "_generated/roles/gp"},
                renamed={})
    new = Pages(titles={"index": "", "_generated/roles/index": "Roles",
                        "_generated/roles/practice-nurse": "Practice nurse",
                        "_generated/roles/pharmacist": "Pharmacist"},
                own={"_generated/roles/practice-nurse": "practice-nurse",
                     "_generated/roles/pharmacist": "pharmacist"},
                where={"practice-nurse": "_generated/roles/practice-nurse",
                       "pharmacist": "_generated/roles/pharmacist"},
                renamed={"nurse": "practice-nurse"})
    # older -> newer
    assert locate("_generated/roles/nurse", old, new) == "_generated/roles/practice-nurse"
    assert locate("_generated/roles/gp", old, new) == "_generated/roles/index"  # removed
    assert locate("about", old, new) == "index"  # no section: the home page
    # newer -> older: the rename followed back; a page it did not have yet
    assert locate("_generated/roles/practice-nurse", new, old) == "_generated/roles/nurse"
    assert locate("_generated/roles/pharmacist", new, old) == "_generated/roles/index"
    assert switch_targets(new, old) == {
        "_generated/roles/practice-nurse": "_generated/roles/nurse",
        "_generated/roles/pharmacist": "_generated/roles/index"}


# --- withdrawing and deleting ---------------------------------------------------------------

def test_a_withdrawn_versions_pages_say_so_and_link_to_the_same_page_in_latest(
        copy: Path) -> None:
    result = pcsp("withdraw", "1.0", str(copy), "--reason", REASON, "--date", "2026-07-01")
    assert result.returncode == 0, result.stderr
    assert "withdrew version 1.0" in result.stdout
    meta = json.loads((copy / "releases" / "1.0" / "release.json").read_text("utf-8"))
    assert meta == {"version": "1.0", "date": "2026-01-15",
                    "withdrawn": {"date": "2026-07-01", "reason": REASON}}
    site = copy / "_build" / "site"
    page = site / "1.0" / f"{ROLE_OLD}.html"
    banner = soup(page).find(class_="pcsp-banner--withdrawn")
    assert banner.get_text(" ", strip=True) == (
        "This version was withdrawn on 1 July 2026: It gave the wrong <b>review</b> interval. "
        "Go to this page in the latest version (1.1) .")  # the reason is text, never markup
    assert banner.find("b") is None
    href = banner.find("a")["href"]
    assert href == f"../../../latest/{ROLE_NEW}.html"
    assert target(page, href) == (site / "latest" / f"{ROLE_NEW}.html").resolve()
    assert soup(page).find(class_="pcsp-banner--newer") is None  # one banner, not two
    for html_page in (site / "1.0").rglob("*.html"):
        if "_static" not in html_page.parts:
            assert soup(html_page).find(class_="pcsp-banner--withdrawn"), html_page
    assert soup(site / "1.1" / "index.html").find(class_="pcsp-banner--withdrawn") is None
    # marked in versions.json, versions.html and every switcher; never the latest
    assert versions_json(site)[1] == {
        "version": "1.0", "date": "2026-01-15", "path": "1.0/", "latest": False,
        "withdrawn": {"date": "2026-07-01", "reason": REASON},
        "name": "1.0 (withdrawn)", "url": "1.0/", "preferred": False}
    assert versions_json(site)[0]["preferred"] is True
    items = [li.get_text(" ", strip=True) for li in soup(site / "versions.html").find_all("li")]
    assert items[1] == ("Version 1.0 , published 2026-01-15 ; withdrawn 2026-07-01 : "
                        f"{REASON}")
    assert "Version 1.0 (withdrawn)" in switcher(site / "1.1" / f"{ROLE_NEW}.html")
    assert "Version 1.0 (withdrawn)" in switcher(page)


def test_withdrawing_the_latest_sends_readers_to_the_next_newest(copy: Path) -> None:
    result = pcsp("withdraw", "1.1", str(copy), "--date", "2026-07-01")
    assert result.returncode == 0, result.stderr
    site = copy / "_build" / "site"
    assert [(v["version"], v["latest"], v["preferred"]) for v in versions_json(site)] == [
        ("1.1", False, False), ("1.0", True, True)]
    assert files(site / "latest") == files(site / "1.0")
    page = site / "1.1" / f"{ROLE_NEW}.html"
    banner = soup(page).find(class_="pcsp-banner--withdrawn")
    assert banner.get_text(" ", strip=True) == (
        "This version was withdrawn on 1 July 2026. "
        "Go to this page in the latest version (1.0) .")
    assert banner.find("a")["href"] == f"../../../latest/{ROLE_OLD}.html"  # the old id
    assert soup(site / "1.0" / "index.html").find(class_="pcsp-banner--newer") is None
    moved = soup(site / "latest" / f"{ROLE_NEW}.html")  # latest/'s old address still works
    assert moved.find("meta", attrs={"http-equiv": "refresh"})["content"] == "0; url=nurse.html"
    assert switcher(page) == {"Version 1.1 (withdrawn)": f"../../../1.1/{ROLE_NEW}.html",
                              "Version 1.0 (latest)": f"../../../1.0/{ROLE_OLD}.html",
                              "All versions": "../../../versions.html"}
    # now 1.0 is the only version readers can be sent to
    before = files(copy / "releases")
    result = pcsp("withdraw", "1.0", str(copy))
    assert result.returncode == 1
    assert result.stderr == ("version 1.0 cannot be withdrawn: it is the only version readers "
                             "could be sent to, so release a newer version first\n")
    assert files(copy / "releases") == before


def test_the_only_version_or_an_unknown_one_cannot_be_withdrawn(project: Path,
                                                                 tmp_path: Path) -> None:
    single = tmp_path / "single"
    shutil.copytree(project / "releases" / "1.0", single / "releases" / "1.0")
    before = files(single)
    result = pcsp("withdraw", "1.0", str(single), "--reason", "Wrong")
    assert result.returncode == 1
    assert result.stderr == ("version 1.0 cannot be withdrawn: it is the only version readers "
                             "could be sent to, so release a newer version first\n")
    result = pcsp("withdraw", "1.0", str(single), "--delete")
    assert result.returncode == 1
    assert result.stderr.startswith("version 1.0 cannot be deleted: it is the only version")
    result = pcsp("withdraw", "2.0", str(single))
    assert result.returncode == 1
    assert result.stderr == ("there is no released version 2.0 to withdraw in releases/ "
                             "(released: 1.0)\n")
    result = pcsp("withdraw", "1.0", str(project), "--date", "2025-12-31")
    assert result.returncode == 1
    assert result.stderr == "--date 2025-12-31 is before version 1.0 was released (2026-01-15)\n"
    assert files(single) == before
    assert "withdrawn" not in (project / "releases" / "1.0" / "release.json").read_text("utf-8")


def test_deleting_a_version_removes_it_from_the_site_and_versions_json(copy: Path) -> None:
    site = copy / "_build" / "site"
    assert (site / "1.0" / "index.html").is_file()
    result = pcsp("withdraw", "1.0", str(copy), "--delete")
    assert result.returncode == 0, result.stderr
    assert "removed version 1.0 from the site" in result.stdout
    assert "git rm -r releases/1.0" in result.stdout
    assert not (copy / "releases" / "1.0").exists()
    assert sorted(p.name for p in (copy / "releases").iterdir()) == ["1.1"]
    assert not (site / "1.0").exists()
    assert [v["version"] for v in versions_json(site)] == ["1.1"]
    assert switcher(site / "latest" / f"{ROLE_NEW}.html") == {
        "Version 1.1 (latest)": f"../../../1.1/{ROLE_NEW}.html",
        "All versions": "../../../versions.html"}
    assert "1.0/" not in (site / "versions.html").read_text(encoding="utf-8")


def test_a_withdrawal_that_does_not_build_puts_release_json_back(copy: Path) -> None:
    page = copy / "releases" / "1.0" / "source" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[broken](missing-page.md)\n",
                    encoding="utf-8")
    before = files(copy / "releases")
    result = pcsp("withdraw", "1.0", str(copy), "--date", "2026-07-01")
    assert result.returncode == 1
    assert "withdrawing 1.0 undone: releases/ is as it was" in result.stderr
    assert files(copy / "releases") == before
    site = copy / "_build" / "site"
    assert soup(site / "1.0" / "index.html").find(class_="pcsp-banner--withdrawn") is None


def test_replacing_a_withdrawn_version_keeps_it_withdrawn(copy: Path) -> None:
    assert pcsp("withdraw", "1.1", str(copy), "--date", "2026-07-01",
                "--reason", "Wrong").returncode == 0
    result = pcsp("release", "1.1", str(copy), "--force")
    assert result.returncode == 0, result.stderr
    meta = json.loads((copy / "releases" / "1.1" / "release.json").read_text("utf-8"))
    assert meta["withdrawn"] == {"date": "2026-07-01", "reason": "Wrong"}
