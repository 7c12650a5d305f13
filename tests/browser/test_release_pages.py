"""What only released sites show (version switcher, "newer version", "withdrawn" and
"overdue" banners, the what-changed and all-versions pages) passes axe-core and the Nu
checker too."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import pcsp, release_fixture_versions

from .harness import SiteServer, axe_violations, nu_checker_errors, serving, watched_page

AFTER_EVERY_REVIEW_DATE = "4102444800"  # 2100-01-01

PAGES = {
    "1.0/_generated/process.html": ["You are reading version 1.0.", "A newer version"],
    "1.1/_generated/changes.html": ["You are reading version 1.1.", "What changed"],
    "versions.html": ["1.0", "1.1"],
    "overdue/_generated/process.html": ["This guidance is overdue for review."],
    "withdrawn/1.0/_generated/process.html": ["This version was withdrawn on 1 July 2026",
                                              "Version 1.0 (withdrawn)"],
    "withdrawn/versions.html": ["withdrawn"],
}


@pytest.fixture(scope="module")
def release_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Versions 1.0 and 1.1 released side by side, plus a build dated after its review date
    and (in withdrawn/) the same site with 1.0 withdrawn."""
    project = release_fixture_versions(tmp_path_factory.mktemp("releases") / "project")
    site = project / "_build" / "site"
    pcsp("build", str(project), "-o", str(site / "overdue"), epoch=AFTER_EVERY_REVIEW_DATE,
         check=True)
    withdrawn = shutil.copytree(project, tmp_path_factory.mktemp("withdrawn") / "project",
                                ignore=shutil.ignore_patterns("overdue"))
    pcsp("withdraw", "1.0", str(withdrawn), "--date", "2026-07-01", "--reason",
         "It gave the wrong review interval", check=True)
    shutil.copytree(withdrawn / "_build" / "site", site / "withdrawn")
    return site


@pytest.fixture(scope="module")
def release_server(release_site: Path) -> Iterator[SiteServer]:
    with serving(release_site) as srv:
        yield srv


@pytest.mark.parametrize("path", sorted(PAGES))
def test_release_pages_pass_axe(browser: Any, release_server: SiteServer, path: str) -> None:
    with watched_page(browser, release_server.base_url) as (page, _):
        page.goto(path, wait_until="load")
        text = page.locator("body").inner_text()
        for expected in PAGES[path]:
            assert expected in text
        assert axe_violations(page) == []


def test_release_pages_have_no_nu_html_checker_errors(release_site: Path) -> None:
    assert nu_checker_errors(release_site, sorted(PAGES)) == ""


@pytest.mark.parametrize("opened", ["http", "file"])
def test_a_link_into_a_page_that_moved_keeps_its_fragment(browser: Any, release_site: Path,
                                                          release_server: SiteServer,
                                                          opened: str) -> None:
    old = "1.1/_generated/roles/nurse.html#what-this-means"
    url = (release_server.base_url + old if opened == "http"
           else (release_site / old.split("#")[0]).as_uri() + "#what-this-means")
    page = browser.new_page()
    try:
        page.goto(url)
        page.wait_for_url("**/practice-nurse.html#what-this-means")
    finally:
        page.close()
