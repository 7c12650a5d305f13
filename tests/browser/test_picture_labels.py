"""The words in the pictures are big enough to read on a phone (issue 14).

The House of Care diagram and the self-assessment's radar charts are SVG drawn to the width of
the page, so their text shrinks with it. On 360 and 390 px wide phones, and on a 1280 px wide
desktop, every label and digit they show must be at least 14 CSS px tall, inside the window and
inside the picture, and the page must not scroll sideways.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from generator.content.project import load_project
from helpers import REPO

from .harness import SiteServer, axe_violations, watched_page
from .pages import open_assessment

HOUSE = "_generated/house-of-care.html"
WIDTHS = (360, 390, 1280)
"""Two common phones and a desktop, in CSS px."""
SMALLEST = 14
"""The smallest a letter or digit of a picture may be drawn, in CSS px."""

SHOWN_TEXT = """root => [...root.querySelectorAll('svg text, svg tspan')]
    .filter(t => t.ownerSVGElement.checkVisibility() && t.textContent.trim())
    .map(t => {
        const r = t.getBoundingClientRect();
        const s = t.ownerSVGElement.getBoundingClientRect();
        return {text: t.textContent.trim(), tag: t.tagName,
                lines: t.querySelectorAll('tspan').length,
                size: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
                height: r.height, left: r.left, right: r.right,
                svgLeft: s.left, svgRight: s.right};
    })"""
"""Every <text> and <tspan> of a shown picture under ``root``: its words, its font size as
drawn (the computed size times the picture's scale), its box and the picture's."""


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def sized_page(request: pytest.FixtureRequest, browser: Any,
               server: SiteServer) -> Iterator[tuple[int, Any]]:
    """``(width, page)``: a fresh page on the served guide in a window this many px wide."""
    width = request.param
    with watched_page(browser, server.base_url,
                      viewport={"width": width, "height": 800}) as (page, _):
        yield width, page


def drawn_text(page: Any, root: str) -> list[dict[str, Any]]:
    """The text of the shown pictures in ``root`` (a selector)."""
    return page.locator(root).evaluate(SHOWN_TEXT)


def assert_readable(page: Any, width: int, texts: list[dict[str, Any]]) -> None:
    """Every piece of text is at least SMALLEST px tall and in the window and its picture;
    the page does not scroll sideways."""
    assert texts, "no picture text was shown"
    small = [(t["text"], round(t["size"], 1)) for t in texts if t["size"] < SMALLEST]
    assert not small, f"text under {SMALLEST}px at {width}px wide: {small}"
    # A line's box (a <tspan>, or a <text> of one line) is as tall as the letters are drawn.
    low = [(t["text"], round(t["height"], 1)) for t in texts
           if (t["tag"] == "tspan" or not t["lines"]) and t["height"] < SMALLEST]
    assert not low, f"lines under {SMALLEST}px tall at {width}px wide: {low}"
    outside = [t["text"] for t in texts if t["left"] < -0.5 or t["right"] > width + 0.5
               or t["left"] < t["svgLeft"] - 1 or t["right"] > t["svgRight"] + 1]
    assert not outside, f"text outside the window or its picture at {width}px wide: {outside}"
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), \
        f"the page scrolls sideways at {width}px wide"


def test_house_of_care_labels_are_readable(sized_page: tuple[int, Any]) -> None:
    width, page = sized_page
    page.goto(HOUSE)
    figure = page.locator("figure.pcsp-house")
    shown = figure.locator("svg").evaluate_all("svgs => svgs.filter(s => s.checkVisibility())"
                                               ".map(s => s.querySelectorAll('a').length)")
    assert shown == [5], "one house, with a link for each part and the centre, is shown"
    texts = drawn_text(page, "figure.pcsp-house")
    assert len([t for t in texts if t["tag"] == "text"]) == 5  # roof, walls, centre, foundation
    assert_readable(page, width, texts)
    # Each label sits inside its part of the house.
    spill = figure.locator("svg").evaluate_all("""svgs => svgs.filter(s => s.checkVisibility())
        .flatMap(s => [...s.querySelectorAll('.pcsp-house__part')]).filter(part => {
            const shape = part.querySelector('.pcsp-house__shape').getBoundingClientRect();
            const text = part.querySelector('text').getBoundingClientRect();
            return text.left < shape.left || text.right > shape.right
                || text.top < shape.top || text.bottom > shape.bottom;
        }).map(part => part.textContent.trim())""")
    assert not spill, f"labels spill out of their part at {width}px wide: {spill}"
    assert figure.locator("figcaption ol li").count() == 5  # the text alternative stays
    assert axe_violations(page) == []  # names, contrast and ids of the house shown


def test_radar_chart_labels_and_scale_are_readable(sized_page: tuple[int, Any]) -> None:
    width, page = sized_page
    constructs = load_project(REPO).require().npt_constructs
    open_assessment(page)
    # Three areas answered and one not, so a label carries its "not answered" note; a
    # snapshot compared with the answers adds the chart's key.
    for construct, label in zip(constructs[:3], ["Disagree", "Agree", "Strongly agree"],
                                strict=True):
        for sub in construct.sub_constructs:
            page.locator(f'fieldset[data-statement-id="{sub.id}"]').get_by_label(
                label, exact=True).check()
    page.get_by_label("Snapshot name (optional)").fill("Before the team meeting")
    page.get_by_role("button", name="Save a snapshot").click()
    page.locator(f'fieldset[data-statement-id="{constructs[3].sub_constructs[0].id}"]'
                 ).get_by_label("Agree", exact=True).check()
    today = page.evaluate("new Date().toLocaleDateString('en-GB', "
                          "{day: 'numeric', month: 'long', year: 'numeric'})")
    snapshot = f"{today}: Before the team meeting"
    page.get_by_label("Compare", exact=True).select_option(label=snapshot)
    page.get_by_label("with", exact=True).select_option(label="Current answers")

    main = drawn_text(page, ".pcsp-sa-chart")
    assert {t["text"] for t in main} >= {"1", "2", "3", "4", "5", *(c.title for c in constructs)}
    compare = drawn_text(page, ".pcsp-sa-compare-chart")
    assert any(t["tag"] == "text" and f"(not answered in {snapshot})" in t["text"]
               for t in compare), [t["text"] for t in compare]
    assert any(t["text"] == "Current answers" for t in compare), [t["text"] for t in compare]
    assert_readable(page, width, main + compare)
