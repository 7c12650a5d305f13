"""`pcsp release` and `pcsp rebuild`: versions side by side, switcher, banners, redirects.

The module builds the two fixture versions (tests/fixtures/versions/) once, as an editor
would: release 1.0, edit the content into 1.1, release 1.1.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from helpers import VERSIONS, files, pcsp, release_fixture_versions, soup

ROLE_OLD = "_generated/roles/nurse"
ROLE_NEW = "_generated/roles/practice-nurse"


def target(page: Path, href: str) -> Path:
    """The file a relative link on ``page`` points to."""
    return (page.parent / urlsplit(href).path).resolve()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return release_fixture_versions(tmp_path_factory.mktemp("release") / "project")


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return project / "_build" / "site"


def test_release_stores_the_sources(project: Path) -> None:
    stored = project / "releases" / "1.0"
    assert sorted(files(stored)) == [
        "conf.py", "content/glossary.yaml", "content/guide.yaml", "content/house.yaml",
        "content/npt.yaml", "content/process.yaml", "content/roles.yaml",
        "content/stages.yaml", "content/success-factors.yaml", "release.json",
        "source/index.md"]
    assert json.loads((stored / "release.json").read_text()) == {"version": "1.0",
                                                                 "date": "2026-01-15"}
    assert (stored / "content" / "npt.yaml").read_bytes() == \
        (VERSIONS / "1.0" / "content" / "npt.yaml").read_bytes()


def test_versions_json(site: Path) -> None:
    assert json.loads((site / "versions.json").read_text(encoding="utf-8")) == [
        {"version": "1.1", "date": "2026-06-01", "path": "1.1/", "latest": True,
         "name": "1.1 (latest)", "url": "1.1/", "preferred": True},  # (pydata-sphinx-theme's)
        {"version": "1.0", "date": "2026-01-15", "path": "1.0/", "latest": False,
         "name": "1.0", "url": "1.0/", "preferred": False},
    ]


def test_every_page_names_its_page_in_the_latest_version_as_canonical(site: Path) -> None:
    old = soup(site / "1.0" / "_generated" / "roles" / "nurse.html")  # renamed in 1.1
    assert old.find("link", rel="canonical")["href"] == \
        "../../../latest/_generated/roles/practice-nurse.html"
    assert soup(site / "1.0" / "index.html").find("link", rel="canonical")["href"] == \
        "../latest/index.html"
    latest = soup(site / "latest" / "index.html")
    assert latest.find("link", rel="canonical")["href"] == "../latest/index.html"  # itself


def test_latest_is_a_copy_of_the_newest_and_the_root_sends_readers_there(site: Path) -> None:
    assert files(site / "latest") == files(site / "1.1")
    root = soup(site / "index.html")
    assert root.find("meta", attrs={"http-equiv": "refresh"})["content"] == \
        "0; url=latest/index.html"
    assert root.find("a")["href"] == "latest/index.html"


def test_switcher_on_every_page(site: Path) -> None:
    page = site / "1.0" / f"{ROLE_OLD}.html"
    nav = soup(page).find("nav", attrs={"aria-label": "Versions"})
    assert nav.find("p").get_text(" ", strip=True) == "You are reading version 1.0."
    links = [(a.get_text(" ", strip=True), a["href"], a.get("aria-current"))
             for a in nav.find_all("a")]
    assert links == [  # the same page in each version (the role was renamed in 1.1)
        ("Version 1.1 (latest)", f"../../../1.1/{ROLE_NEW}.html", None),
        ("Version 1.0", f"../../../1.0/{ROLE_OLD}.html", "true"),
        ("All versions", "../../../versions.html", None)]
    for _text, href, _current in links:
        assert target(page, href).is_file(), href
    for version in ("1.0", "1.1"):
        for html_page in (site / version).rglob("*.html"):
            if version == "1.1" and html_page.stem == "nurse":
                continue  # a redirect page
            assert soup(html_page).find("nav", attrs={"aria-label": "Versions"}), html_page


def test_banner_on_the_old_version_points_at_the_same_page_in_latest(site: Path) -> None:
    cases = {  # page in 1.0 -> where its banner link goes
        f"{ROLE_OLD}.html": f"../../../latest/{ROLE_NEW}.html",
        "_generated/stages/set-up.html": "../../../latest/_generated/stages/set-up.html",
        "index.html": "../latest/index.html",
    }
    for name, href in cases.items():
        page = site / "1.0" / name
        banner = soup(page).find(class_="pcsp-banner--newer")
        assert banner.get_text(" ", strip=True) == (
            "A newer version (1.1) of this guide exists. Read this page in version 1.1 .")
        assert banner.find("a")["href"] == href
        assert target(page, href).is_file()
    for page in (site / "1.1" / "index.html", site / "latest" / f"{ROLE_NEW}.html"):
        assert soup(page).find(class_="pcsp-banner--newer") is None


def test_redirect_page_where_the_role_page_used_to_be(site: Path) -> None:
    for version in ("1.1", "latest"):
        page = site / version / f"{ROLE_OLD}.html"
        html = soup(page)
        assert html.find("meta", attrs={"http-equiv": "refresh"})["content"] == \
            "0; url=practice-nurse.html"
        assert html.find("link", rel="canonical")["href"] == "practice-nurse.html"
        assert "location.hash" in html.find("script").get_text()  # carries a #fragment
        link = html.find("a")
        assert (link.get_text(), link["href"]) == ("Practice nurse", "practice-nurse.html")
        assert html.find("p").get_text() == "This page has moved: go to Practice nurse."
        assert target(page, link["href"]) == (site / version / f"{ROLE_NEW}.html").resolve()
    # no redirect where a real page is, and none in the first version
    assert not (site / "1.0" / f"{ROLE_NEW}.html").exists()


def test_what_changed_page(site: Path) -> None:
    page = site / "1.1" / "_generated" / "changes.html"
    html = soup(page)
    assert html.find("h1").get_text(strip=True).rstrip("¶") == "What changed in version 1.1"
    entries = {
        sec.find("h2").get_text(strip=True).rstrip("¶"):
            [li.find("p").get_text("", strip=False).strip() for li in
             sec.select("ul.pcsp-changes > li")]
        for sec in html.select("section section")}
    assert entries == {
        "Added": ["Activity: Agree the templates (in stage \u201cSet-up\u201d)"],
        "Removed": ["Success factor: Protected time (was in success factor level "
                    "\u201cPractice\u201d)"],
        "Moved": ["Activity: Check fidelity (moved from stage \u201cMaintenance\u201d to "
                  "stage \u201cImplementation and training\u201d)"],
        "Renamed": ["Role: Practice nurse (id nurse is now practice-nurse; links to the "
                        "old id still work)"],
        "Reworded": ["Activity: Check fidelity", "NPT sub-construct: Initiation"],
    }
    links = {a.get_text(): a["href"] for a in html.select("ul.pcsp-changes a")}
    assert links == {"Agree the templates": "stages/set-up.html#agree-templates",
                     "Check fidelity": "stages/implementation.html#check-fidelity",
                     "Practice nurse": "roles/practice-nurse.html",
                     "Initiation": "npt.html#initiation"}
    fields = html.select("ul.pcsp-changes dl.pcsp-fields")[-1]  # the NPT statement
    shown = [(dt.get_text(strip=True), dd.get_text(" ", strip=True))
             for dt, dd in zip(fields.find_all("dt"), fields.find_all("dd"), strict=True)]
    assert shown == [("Statement, was:", "We agree on initiation."),
                     ("Statement, now:", "We agree who leads initiation.")]
    assert [s.get_text() for s in fields.select(".pcsp-removed")] == ["on"]
    assert [s.get_text() for s in fields.select(".pcsp-added")] == ["who leads"]
    front = soup(site / "1.1" / "_generated" / "index.html")
    assert front.find("a", href="changes.html").get_text(strip=True) == \
        "What changed in version 1.1"
    assert not (site / "1.0" / "_generated" / "changes.html").exists()


def test_review_dates_on_every_page(site: Path) -> None:
    line = soup(site / "1.0" / "_generated" / "npt.html").find(class_="pcsp-review")
    assert line.get_text(" ", strip=True) == (
        "Page last reviewed: 15 January 2026 . Next review due: 15 January 2027 .")
    assert [t["datetime"] for t in line.find_all("time")] == ["2026-01-15", "2027-01-15"]
    assert soup(site / "1.0" / "_generated" / "npt.html").find(
        class_="pcsp-banner--overdue") is None


def test_versions_page_and_sitemap(site: Path) -> None:
    page = soup(site / "versions.html")
    assert page.find("script") is None
    assert [li.get_text(" ", strip=True) for li in page.find_all("li")] == [
        "Version 1.1 (latest), published 2026-06-01", "Version 1.0 , published 2026-01-15"]
    assert [a["href"] for a in page.find_all("a")] == [
        "latest/index.html", "1.1/index.html", "1.0/index.html"]
    assert not (site / "sitemap.xml").exists()  # it needs full addresses: see below


def test_rebuilding_from_releases_is_byte_identical(project: Path, site: Path,
                                                    tmp_path: Path) -> None:
    clone = tmp_path / "clone"  # a fresh checkout: the stored releases and conf.py only
    shutil.copytree(project / "releases", clone / "releases")
    shutil.copy2(project / "conf.py", clone / "conf.py")
    result = pcsp("rebuild", str(clone))
    assert result.returncode == 0, result.stderr
    assert files(clone / "_build" / "site") == files(site)

    assert "no sitemap.xml was written" in result.stdout and "--base-url" in result.stdout

    result = pcsp("rebuild", str(clone), "--base-url", "https://guide.example.org/pcsp/")
    assert result.returncode == 0, result.stderr
    sitemap = (clone / "_build" / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://guide.example.org/pcsp/latest/index.html</loc>" in sitemap
    assert "<loc>https://guide.example.org/pcsp/versions.html</loc>" in sitemap
    assert "nurse.html" not in sitemap.replace("practice-nurse.html", "")
    assert "<lastmod>2026-06-01</lastmod>" in sitemap
    page = soup(clone / "_build" / "site" / "1.0" / "index.html")
    assert page.find("link", rel="canonical")["href"] == \
        "https://guide.example.org/pcsp/latest/index.html"

    result = pcsp("rebuild", str(clone), "--base-url", "guide.example.org")
    assert result.returncode == 2
    assert result.stderr.startswith("--base-url 'guide.example.org' is not a full web address")


def test_a_scheduled_rebuild_shows_the_overdue_banner(project: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    shutil.copytree(project / "releases", clone / "releases")
    shutil.copy2(project / "conf.py", clone / "conf.py")
    assert pcsp("rebuild", str(clone)).returncode == 0
    latest = clone / "_build" / "site" / "latest" / "index.html"
    assert soup(latest).find(class_="pcsp-banner--overdue") is None
    result = pcsp("rebuild", str(clone), epoch="1900000000")  # 2030: every review is due
    assert result.returncode == 0, result.stderr
    assert soup(latest).find(class_="pcsp-banner--overdue") is not None


def test_release_never_overwrites_a_released_version(project: Path) -> None:
    before = files(project / "releases")
    result = pcsp("release", "1.1", str(project))
    assert result.returncode == 1
    assert "version 1.1 is already released" in result.stderr
    assert "--force" in result.stderr
    result = pcsp("release", "1.2", str(project))
    assert result.returncode == 1
    assert "content/guide.yaml says version 1.1, not 1.2" in result.stderr
    assert files(project / "releases") == before


def test_force_replaces_a_release(tmp_path: Path) -> None:
    root = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    assert pcsp("release", "1.0", str(root)).returncode == 0
    result = pcsp("release", "1.0", str(root), "--force", "--date", "2026-02-01")
    assert result.returncode == 0, result.stderr
    versions = json.loads((root / "_build" / "site" / "versions.json").read_text())
    assert versions == [{"version": "1.0", "date": "2026-02-01", "path": "1.0/",
                         "latest": True, "name": "1.0 (latest)", "url": "1.0/",
                         "preferred": True}]
    page = soup(root / "_build" / "site" / "1.0" / "index.html")
    assert page.find(class_="pcsp-banner--newer") is None


def test_overdue_review_is_flagged(tmp_path: Path) -> None:
    root = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    after_review = "1801440000"  # 2027-02-01; next_review is 2027-01-15
    result = pcsp("validate", str(root), epoch=after_review)
    assert result.returncode == 0
    assert ("content/guide.yaml:4:14: warning: the review date has passed: 'next_review' is "
            "2027-01-15") in result.stdout
    strict = pcsp("validate", str(root), "--strict", epoch=after_review)
    assert strict.returncode == 1
    assert "the review date has passed" in strict.stderr
    assert pcsp("validate", str(root), "--strict").returncode == 0  # before the date

    assert pcsp("build", str(root), epoch=after_review).returncode == 0
    page = soup(root / "_build" / "html" / "_generated" / "npt.html")
    banner = page.find(class_="pcsp-banner--overdue")
    assert banner.get_text(" ", strip=True) == (
        "This guidance is overdue for review. It was due to be checked again by "
        "15 January 2027 , so parts of it may be out of date.")
    assert page.find("nav", attrs={"aria-label": "Versions"}) is None  # not a release build


def test_a_vanished_page_redirects_to_its_section(tmp_path: Path) -> None:
    from generator.release import Pages, write_redirects

    old = Pages(titles={"index": "", "_generated/stages/index": "Stages",
                        "_generated/stages/review": "Stage 4: Review"},
                own={"_generated/stages/review": "review"}, where={"review": "x"}, renamed={})
    new = Pages(titles={"index": "", "_generated/stages/index": "Stages"}, own={},
                where={}, renamed={})
    assert write_redirects(tmp_path, new, [old]) == ["_generated/stages/review"]
    page = soup(tmp_path / "_generated" / "stages" / "review.html")
    assert page.find("a")["href"] == "index.html"
    assert page.find("p").get_text() == "This page has moved: go to Stages."


def test_content_errors_stop_a_release(tmp_path: Path) -> None:
    root = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    stages = root / "content" / "stages.yaml"
    stages.write_text(stages.read_text(encoding="utf-8").replace("[roof]", "[rooof]"),
                      encoding="utf-8")
    result = pcsp("release", "1.0", str(root))
    assert result.returncode == 1
    assert "content/stages.yaml:" in result.stderr
    assert "release stopped: fix the errors above first" in result.stderr
    assert not (root / "releases").exists()


def test_a_release_that_does_not_build_is_not_kept(tmp_path: Path) -> None:
    root = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    page = root / "source" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[broken](missing-page.md)\n",
                    encoding="utf-8")
    result = pcsp("release", "1.0", str(root))
    assert result.returncode == 1
    assert "missing-page" in result.stderr
    assert "release 1.0 undone" in result.stderr
    assert list((root / "releases").iterdir()) == []
