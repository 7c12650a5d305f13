"""`pcsp serve` in Chromium (issue 11): a broken edit shows on the open page at once, as an
accessible banner of plain text with file:line:column and the hint; a new page load shows it
too; the next good build clears it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from helpers import VERSIONS, edit
from serving import STAGE_PAGE, Preview
from test_serve_errors import BROKEN, HOSTILE

from .harness import axe_violations, watched_page

BANNER = "#pcsp-serve-problems"
GOOD = "roles: [nurse]\n        house: [roof]"


def test_the_open_page_shows_and_clears_the_banner(browser: Any, preview: Preview) -> None:
    stages = preview.project / "content" / "stages.yaml"
    with watched_page(browser, preview.base + "/") as (page, _):
        page.goto(STAGE_PAGE, wait_until="load")
        banner = page.locator(BANNER)
        assert banner.count() == 0
        page.evaluate("window.stillTheSamePage = true")

        edit(stages, GOOD, GOOD.replace("nurse", "nurze"))
        banner.wait_for(state="visible")
        alert = page.get_by_role("alert")
        assert alert.count() == 1
        assert page.get_by_role("heading", name="The last change stopped the build").count() == 1
        items = banner.locator("li")
        assert items.all_inner_texts() == ["\n".join(BROKEN)]
        assert page.evaluate("window.stillTheSamePage") is True  # shown without a reload
        assert page.evaluate("document.activeElement.id") == "pcsp-serve-problems"
        assert "Set-up" in page.locator("h1").first.inner_text()  # the last good page, still
        assert axe_violations(page) == []

        # a hostile id in the next broken edit: the banner changes, shown as text
        edit(stages, "roles: [nurze]", f'roles: ["{HOSTILE}"]')
        page.get_by_text(HOSTILE, exact=False).wait_for()
        assert banner.locator("img").count() == 0
        (text,) = items.all_inner_texts()
        assert text.startswith("content/stages.yaml:14:17: error: ") and "\nhint: " in text

        # a new page load shows it as well (drawn by the server)
        page.goto("/", wait_until="load")
        assert banner.is_visible()
        assert HOSTILE in banner.inner_text()
        assert axe_violations(page) == []

        # fixed: the page reloads with the new build, and the banner is gone
        edit(stages, f'roles: ["{HOSTILE}"]', "roles: [nurse]")
        banner.wait_for(state="detached")
        page.wait_for_load_state("load")
        assert page.locator("h1").first.is_visible()
        assert page.get_by_role("alert").count() == 0


def test_with_no_good_build_the_error_page_clears_itself(browser: Any, tmp_path: Path) -> None:
    project = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    stages = project / "content" / "stages.yaml"
    edit(stages, GOOD, GOOD.replace("nurse", "nurze"))
    preview = Preview(project, tmp_path / "serve.log")
    try:
        with watched_page(browser, preview.base + "/") as (page, watch):
            page.goto(STAGE_PAGE, wait_until="load")
            banner = page.locator(BANNER)
            assert banner.locator("li").all_inner_texts() == ["\n".join(BROKEN)]
            assert "no good build to show yet" in banner.inner_text()
            assert axe_violations(page) == []
            # the browser logs the page's own 503 status; that is expected here
            watch.console_errors.clear()
            edit(stages, "roles: [nurze]", "roles: [nurse]")
            banner.wait_for(state="detached")
            page.get_by_role("heading", name="Set-up").first.wait_for()
            watch.console_errors[:] = [e for e in watch.console_errors if "503" not in e]
    finally:
        assert preview.stop() == 0, preview.output()
