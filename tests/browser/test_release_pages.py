"""What only released sites show (version switcher, "newer version" and "overdue" banners,
the what-changed and all-versions pages) passes axe-core and the Nu checker too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .harness import VNU, PageWatch, SiteServer
from .test_accessibility import axe_violations

VERSIONS = Path(__file__).parents[1] / "fixtures" / "versions"
AFTER_EVERY_REVIEW_DATE = "4102444800"  # 2100-01-01

PAGES = {
    "1.0/_generated/process.html": ["You are reading version 1.0.", "A newer version"],
    "1.1/_generated/changes.html": ["You are reading version 1.1.", "What changed"],
    "versions.html": ["1.0", "1.1"],
    "overdue/_generated/process.html": ["This guidance is overdue for review."],
}


def pcsp(*args: str, epoch: str = "1764028800") -> None:
    """Run the pcsp command as an editor would; fail the test if it fails."""
    result = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                            text=True, env={**os.environ, "SOURCE_DATE_EPOCH": epoch})
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def release_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Versions 1.0 and 1.1 released side by side, plus a build dated after its review date."""
    project = tmp_path_factory.mktemp("releases") / "project"
    shutil.copytree(VERSIONS / "1.0", project)
    pcsp("release", "1.0", str(project))
    shutil.rmtree(project / "content")
    shutil.copytree(VERSIONS / "1.1" / "content", project / "content")
    pcsp("release", "1.1", str(project))
    site = project / "_build" / "site"
    pcsp("build", str(project), "-o", str(site / "overdue"), epoch=AFTER_EVERY_REVIEW_DATE)
    return site


@pytest.fixture(scope="module")
def release_server(release_site: Path) -> Iterator[SiteServer]:
    srv = SiteServer(release_site)
    yield srv
    srv.stop()


@pytest.mark.parametrize("path", sorted(PAGES))
def test_release_pages_pass_axe(browser: Any, release_server: SiteServer, path: str) -> None:
    context = browser.new_context(base_url=release_server.base_url)
    context.route(lambda url: not url.startswith(release_server.base_url),
                  lambda route: route.abort())
    page = context.new_page()
    watch = PageWatch(release_server.base_url)
    watch.attach(page)
    page.goto(path, wait_until="load")
    text = page.locator("body").inner_text()
    for expected in PAGES[path]:
        assert expected in text
    assert axe_violations(page) == []
    context.close()
    watch.assert_clean()


def test_release_pages_have_no_nu_html_checker_errors(release_site: Path) -> None:
    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML checker: run tests/browser/setup.sh"
    files = [str(release_site / p) for p in sorted(PAGES)]
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html", *files],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr.replace(str(release_site), "")
