"""Browser test fixtures: build the guide once, serve it on 127.0.0.1, drive real Chromium.

The tests skip (with the reason) only when Chromium or playwright is missing and the ``CI``
environment variable is not set; in CI a missing browser is an error. Run
``tests/browser/setup.sh`` first to install Chromium, axe-core and the Nu checker.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from helpers import copy_project

from .harness import (
    CHROMIUM,
    CHROMIUM_ARGS,
    PageWatch,
    SiteServer,
    build,
    file_url,
    missing_browser,
    serving,
    watched_page,
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark browser tests (``-m browser`` selects them); skip them where no browser exists,
    except in CI, where they must run."""
    reason = missing_browser()
    skip = bool(reason) and not os.environ.get("CI")
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            if skip:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built once per session from a copy of this repository's project files."""
    root = tmp_path_factory.mktemp("guide")
    return build(copy_project(root / "project"), root / "html")


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[SiteServer]:
    """The built guide served on 127.0.0.1 at a random free port."""
    with serving(site_dir) as srv:
        yield srv


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by playwright."""
    reason = missing_browser()
    if reason:
        pytest.fail(f"browser tests must run in CI: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


ORIGINS = ("http", "file")
"""Every page is tested as served over HTTP and as opened from disk (a shared drive)."""


@pytest.fixture(scope="session", params=ORIGINS)
def origin(request: pytest.FixtureRequest) -> str:
    """``http`` or ``file``: how the test opens the built guide."""
    return request.param


@pytest.fixture(scope="session")
def site_url(origin: str, site_dir: Path, request: pytest.FixtureRequest) -> str:
    """Where the built guide is: ``http://127.0.0.1:<port>/`` or ``file:///.../html/``."""
    if origin == "file":
        return file_url(site_dir)
    return request.getfixturevalue("server").base_url


@pytest.fixture
def watch(site_url: str) -> PageWatch:
    """Records console errors and requests to other hosts for the test's page."""
    return PageWatch(site_url)


@pytest.fixture
def site_page(browser: Any, site_url: str, watch: PageWatch) -> Iterator[tuple[str, Any]]:
    """``(base_url, page)``: a fresh browser context (empty storage) on the built guide, over
    HTTP or from disk (the test runs both ways).

    Requests to any other host are blocked and recorded; after the test, the page must have
    logged no console errors and made no such requests.
    """
    with watched_page(browser, site_url, watch, accept_downloads=True) as (page, _):
        yield site_url, page


@pytest.fixture
def http_page(browser: Any, server: SiteServer) -> Iterator[tuple[str, Any]]:
    """Like ``site_page``, over HTTP only (for checks of every page that need not run twice)."""
    watch = PageWatch(server.base_url)
    with watched_page(browser, server.base_url, watch, accept_downloads=True) as (page, _):
        yield server.base_url, page
