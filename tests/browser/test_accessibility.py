"""Every page of the built guide: no axe-core WCAG 2.2 A/AA violations, no Nu HTML errors,
no console errors and no requests to other hosts; the interactive states are checked too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from .harness import PageWatch, axe_violations, nu_checker_errors, site_pages


def test_every_page_passes_axe_with_no_console_errors_or_outside_requests(
        site_page: tuple[str, Any], site_dir: Path) -> None:
    _, page = site_page
    pages = site_pages(site_dir)
    assert "_generated/checklists/set-up.html" in pages
    assert "_generated/self-assessment.html" in pages
    problems = {}
    for path in pages:
        page.goto(path, wait_until="load")
        found = axe_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_interactive_states_pass_axe(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    page.goto("_generated/checklists/set-up.html")
    page.locator(".pcsp-checklist.pcsp-js").wait_for()
    first = page.locator(".pcsp-checklist-item").first
    first.get_by_label("Done", exact=True).check()
    page.get_by_role("button", name="Make a share link").click()
    page.get_by_label("Load ratings from a file (JSON)").set_input_files(files=[{
        "name": "x.json", "mimeType": "application/json",
        "buffer": b'{"checklist": "set-up", "items": {"gone-item": {"rating": "done"}}}'}])
    expect(page.locator(".pcsp-problems")).to_be_visible()
    assert axe_violations(page) == []

    page.goto("_generated/self-assessment.html")
    page.locator(".pcsp-self-assessment.pcsp-js").wait_for()
    for fieldset in page.locator(".pcsp-sa-statement").all():
        fieldset.get_by_label("Agree", exact=True).check()
    page.get_by_role("button", name="Save a snapshot").click()
    expect(page.locator(".pcsp-sa-advice:visible").first).to_be_visible()
    assert axe_violations(page) == []


def test_every_page_has_no_nu_html_checker_errors(site_dir: Path) -> None:
    assert nu_checker_errors(site_dir, site_pages(site_dir)) == ""


def test_the_watch_sees_requests_to_other_hosts(site_page: tuple[str, Any],
                                                watch: PageWatch) -> None:
    """The outside-request check is real: a fetch to another host is blocked and recorded."""
    _, page = site_page
    page.goto("_generated/checklists/set-up.html")
    outcome = page.evaluate("fetch('http://example.invalid/x').then(() => 'sent', () => 'blocked')")
    assert outcome == "blocked"
    assert watch.outside_requests == ["http://example.invalid/x"]
    watch.outside_requests.clear()
    watch.console_errors.clear()
