"""Keyboard use and dates on the checklist: a skip link to the items, one Tab stop per date
field, a date with a five-digit year refused (with a message) when it is entered, and dates
written the British way. Over HTTP and from disk."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .pages import choice, focused, guide_checklist, item, open_checklist, saved

BEFORE = {"tabs_to_first_rating": 38, "tab_stops": 261}
"""What the issue measured on the set-up checklist before this work."""


def first_rating_focused(page: Any, item_id: str) -> bool:
    return item(page, item_id).locator("input[type=radio]").first.evaluate(
        "r => r === document.activeElement")


def test_a_skip_link_leads_to_the_items(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    first = guide_checklist().items[0]
    open_checklist(page)
    page.keyboard.press("Tab")  # the first stop on the page
    skip = page.get_by_role("link", name="Skip to the checklist items")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert first_rating_focused(page, first.id)


def test_the_page_has_far_fewer_tab_stops(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    open_checklist(page)
    stops: list[str] = []
    for _ in range(BEFORE["tab_stops"] + 5):
        page.keyboard.press("Tab")
        here = page.evaluate("(() => { const e = document.activeElement;"
                             " return `${e.tagName} ${e.id} ${e.name || ''} ${e.className}"
                             " ${e.textContent.trim().slice(0, 40)}`; })()")
        if stops and here == stops[0]:
            break
        stops.append(here)
    assert len(stops) < BEFORE["tab_stops"] - 40, len(stops)
    dates = [s for s in stops if s.startswith("INPUT") and ("-due" in s or "-date" in s)]
    assert len(dates) == len(set(dates)) == len(guide_checklist().items) + 1  # one stop each


def test_each_date_field_is_one_tab_stop(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    first, second = guide_checklist().items[:2]
    open_checklist(page)
    choice(page, first.id, "Who will do it").focus()
    page.keyboard.press("Tab")
    assert focused(page) == f"{first.id}: By when"
    page.keyboard.press("Tab")  # out of the date, not into its month or year
    assert first_rating_focused(page, second.id)
    page.keyboard.press("Shift+Tab")
    assert focused(page) == f"{first.id}: By when"
    page.keyboard.press("Shift+Tab")
    assert focused(page) == f"{first.id}: Who will do it"

    page.get_by_label("Practice or group name").focus()
    page.keyboard.press("Tab")
    assert focused(page) == ": Date"
    page.keyboard.press("Tab")
    assert focused(page) == ": Download my ratings (JSON)"


def test_a_five_digit_year_is_refused_when_entered(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    first = guide_checklist().items[0]
    open_checklist(page)
    due = choice(page, first.id, "By when")
    due.focus()
    page.keyboard.type("0101")  # day and month (either order)
    page.keyboard.type("20260")  # a year with five digits
    page.keyboard.press("Tab")
    problem = item(page, first.id).locator(".pcsp-field-problem")
    expect(problem).to_have_text("Enter a date with a four-digit year, between 1 January 1900 "
                                 "and 31 December 9999.")
    expect(due).to_have_attribute("aria-invalid", "true")
    assert not any("20260" in v or "0260" in v for v in saved(page).values())

    # A browser that lets the year have five digits hands the page "20260-01-01".
    due.evaluate("e => { e.value = '20260-01-01';"
                 " e.dispatchEvent(new Event('change', {bubbles: true})); }")
    expect(problem).to_be_visible()
    expect(page.locator(".pcsp-message")).to_have_text(
        "Enter a date with a four-digit year, between 1 January 1900 and 31 December 9999.")
    assert not any("20260" in v for v in saved(page).values())

    due.fill("2026-01-31")
    expect(problem).to_have_count(0)
    expect(due).not_to_have_attribute("aria-invalid", "true")
    page.reload()
    expect(choice(page, first.id, "By when")).to_have_value("2026-01-31")


def test_due_dates_in_the_action_plan_are_british(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    first = guide_checklist().items[0]
    open_checklist(page)
    choice(page, first.id, "Done").check()
    choice(page, first.id, "By when").fill("2026-06-01")
    page.evaluate("window.print = () => {}")
    page.get_by_role("button", name="Print action plan").click()
    page.emulate_media(media="print")
    row = page.locator(".pcsp-plan tbody tr").first
    assert row.locator("td").last.inner_text() == "1 June 2026"
