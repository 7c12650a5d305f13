"""Without JavaScript the interactive pages still read well: they never name a button (or
other control) that is not shown. Over HTTP and from disk."""

from __future__ import annotations

from typing import Any

import pytest

from .pages import PRACTICE_PACK, SELF_ASSESSMENT, URL

HIDDEN_CONTROL_NAMES = """() => [...document.querySelectorAll('button, input[type=file]')]
    .filter(e => !e.checkVisibility())
    .map(e => e.tagName === 'BUTTON' ? e.textContent.trim()
         : (e.labels && e.labels.length ? e.labels[0].textContent.trim() : ''))
    .filter(Boolean)"""


@pytest.mark.parametrize("path", [URL, SELF_ASSESSMENT, PRACTICE_PACK])
def test_no_page_names_a_control_it_does_not_show(browser: Any, site_url: str,
                                                  path: str) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    try:
        page = context.new_page()
        page.goto(path)
        hidden = page.evaluate(HIDDEN_CONTROL_NAMES)
        assert "Clear my data" in hidden or "Print or save the poster as PDF" in hidden
        text = page.locator("[role=main]").inner_text()
        named = sorted({name for name in hidden if name in text})
        assert named == []
        assert "JavaScript" in text  # it says what needs it instead
    finally:
        context.close()
