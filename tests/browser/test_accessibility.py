"""Every page of the built guide: no axe-core WCAG 2.2 A/AA violations, no Nu HTML errors,
no console errors and no requests to other hosts; the interactive states are checked too.

axe-core runs over HTTP only: it reads the style sheets itself, which Chromium refuses on
pages opened from disk (the other browser tests run both ways)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from .harness import PageWatch, axe_violations, nu_checker_errors, site_pages
from .pages import CHECKLIST, SELF_ASSESSMENT, URL, guide_checklist


def test_every_page_passes_axe_with_no_console_errors_or_outside_requests(
        http_page: tuple[str, Any], site_dir: Path) -> None:
    _, page = http_page
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


def test_interactive_states_pass_axe(http_page: tuple[str, Any]) -> None:
    _, page = http_page
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


def test_notices_questions_and_problems_pass_axe(http_page: tuple[str, Any]) -> None:
    """The states added for saved answers: what changed since you rated, the question before
    replacing, a shared link's offer, a refused date.

    Over HTTP only: axe-core reads the style sheets, which a page opened from disk may not."""
    _, page = http_page
    first, second = guide_checklist().items[:2]
    page.goto(URL)
    old = {"checklist": CHECKLIST, "items": {
        first.id: {"hash": first.text_hash, "text": first.text, "rating": "done"},
        second.id: {"hash": "0123456789ab", "text": "Older wording", "rating": "done"},
        "retired-item": {"hash": "0123456789ab", "text": "Taken out", "rating": "done"}}}
    page.evaluate("v => localStorage.setItem('pcsp:checklist:set-up', v)", json.dumps(old))
    page.reload()
    expect(page.locator(".pcsp-updates")).to_be_visible()
    expect(page.locator(".pcsp-changed")).to_be_visible()
    expect(page.locator(".pcsp-kept-ratings")).to_be_visible()
    page.get_by_label("Load ratings from a file (JSON)").set_input_files(files=[{
        "name": "x.json", "mimeType": "application/json", "buffer": json.dumps(old).encode()}])
    expect(page.locator(".pcsp-import-choice")).to_be_visible()
    page.locator("#item-" + first.id).get_by_label("By when").evaluate(
        "e => { e.value = '20260-01-01'; e.dispatchEvent(new Event('change', {bubbles: true})); }")
    expect(page.locator(".pcsp-field-problem")).to_be_visible()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Make a share link").click()
    link = page.get_by_label("Share link").input_value()
    page.evaluate("localStorage.clear()")
    page.goto(link)
    expect(page.locator(".pcsp-incoming")).to_be_visible()
    assert axe_violations(page) == []

    page.goto(SELF_ASSESSMENT)
    page.locator(".pcsp-sa-statement").first.get_by_label("Agree", exact=True).check()
    page.get_by_label("Date of the answers").fill("2999-01-01")
    page.get_by_role("button", name="Save a snapshot").click()
    expect(page.locator(".pcsp-field-problem")).to_be_visible()
    assert axe_violations(page) == []
