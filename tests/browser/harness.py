"""Helpers for the browser tests: build the guide, serve it, watch what pages do.

Copying the project, running pcsp and the like are in ``tests/helpers.py``, shared with the
other tests.
"""

from __future__ import annotations

import http.server
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.build import build_site
from helpers import REPO, html_pages

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def missing_browser() -> str:
    """Why the browser tests cannot run here, or an empty string."""
    if not CHROMIUM.exists():
        return f"Chromium is not installed at {CHROMIUM} (run tests/browser/setup.sh)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    return ""


def axe_violations(page: Any) -> list[str]:
    """Run axe-core on the page; one line per violation and element."""
    assert AXE.is_file(), f"{AXE} is missing: run tests/browser/setup.sh"
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {node['target']}"
            for v in result["violations"] for node in v["nodes"]]


def nu_checker_errors(site: Path, pages: list[str]) -> str:
    """The Nu HTML checker's errors in these pages of a built site (paths relative to it),
    or an empty string."""
    java = shutil.which("java")
    assert java, "java is needed for the Nu HTML checker: run tests/browser/setup.sh"
    assert VNU.is_file(), f"{VNU} is missing: run tests/browser/setup.sh"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--errors-only", "--skip-non-html",
         *(str(site / p) for p in pages)], capture_output=True, text=True, timeout=300)
    return "" if result.returncode == 0 else (result.stderr or result.stdout).replace(
        str(site), "")


def file_url(folder: Path) -> str:
    """The ``file://`` address of a folder, ending in ``/`` (as a shared drive is opened)."""
    return folder.resolve().as_uri() + "/"


def build(project: Path, out: Path) -> Path:
    """Build the guide at ``project`` into ``out``; fail the test run if the build fails."""
    assert build_site(project, out=out) == 0, f"building {project} failed"
    return out


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Serves files from the server's current root; answers the browser's favicon probe."""

    def __init__(self, request: Any, client_address: Any, server: SiteServer):
        super().__init__(request, client_address, server, directory=str(server.root))

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        """Serve a file; the site has no favicon, so answer Chromium's automatic probe empty."""
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Keep test output quiet."""


class SiteServer(http.server.ThreadingHTTPServer):
    """An HTTP server on 127.0.0.1 (random free port) whose root can be switched.

    Switching root keeps the origin, so a rebuilt site sees the same localStorage.
    """

    def __init__(self, root: Path):
        self.root = root
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base_url = f"http://127.0.0.1:{self.server_port}/"
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.shutdown()
        self.server_close()
        self.thread.join()


@contextmanager
def serving(root: Path) -> Iterator[SiteServer]:
    """A :class:`SiteServer` for ``root`` while the block runs."""
    server = SiteServer(root)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def opened_site(origin: str, folder: Path) -> Iterator[str]:
    """The base address of a built site in ``folder``: served over HTTP while the block runs
    (``origin`` ``http``), or opened from disk (``file``)."""
    if origin == "file":
        yield file_url(folder)
        return
    with serving(folder) as server:
        yield server.base_url


@dataclass
class PageWatch:
    """What a page did that a test must not allow: console errors and outside requests."""

    base_url: str
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def attach(self, page: Any) -> None:
        """Listen to ``page``."""
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(
            f"{m.text} ({m.location.get('url', '')})"))
        page.on("pageerror", lambda e: self.console_errors.append(f"uncaught: {e}"))
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        url = request.url
        if not url.startswith((self.base_url, "data:", "blob:")):
            self.outside_requests.append(url)

    def assert_clean(self) -> None:
        """Fail listing every console error and every request to another host."""
        assert not self.console_errors, "console errors:\n" + "\n".join(self.console_errors)
        assert not self.outside_requests, "requests to other hosts:\n" + "\n".join(
            self.outside_requests)


def site_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to its root (not ``_static``)."""
    return [p.relative_to(site).as_posix() for p in html_pages(site)]


@contextmanager
def watched_page(browser: Any, base_url: str, watch: PageWatch | None = None,
                 **options: Any) -> Iterator[tuple[Any, PageWatch]]:
    """``(page, watch)``: a page in a fresh browser context (empty storage) on ``base_url``,
    with ``options`` for the context.

    Requests to any other host are blocked and recorded in ``watch``; when the block ends,
    the page must have logged no console errors and made no such requests.
    """
    watch = watch or PageWatch(base_url)
    context = browser.new_context(base_url=base_url, **options)
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    try:
        page = context.new_page()
        watch.attach(page)
        yield page, watch
    finally:
        context.close()
    watch.assert_clean()
