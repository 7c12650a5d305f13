"""The guide works wherever people open it: every interactive page and the search work over
HTTP and when the built site is opened from disk (``file://``, as on a shared drive), where
Chromium refuses module scripts and fetching other pages.

Each test runs both ways (the ``site_page`` fixture); a console error fails it."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

from .pages import PRACTICE_PACK, SELF_ASSESSMENT, URL, choice, guide_checklist, rate


def test_checklist_works(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    first = guide_checklist().items[0]
    page.goto(URL)
    expect(page.get_by_role("button", name="Make a share link")).to_be_visible()
    expect(page.get_by_text("Saving, progress, sharing and the action plan need "
                            "JavaScript.")).to_be_hidden()
    rate(page, first.id, "Done")
    expect(page.locator(".pcsp-status-text")).to_contain_text("1 of ")
    page.reload()
    expect(choice(page, first.id, "Done")).to_be_checked()


def test_self_assessment_works(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    page.goto(SELF_ASSESSMENT)
    expect(page.get_by_role("button", name="Save a snapshot")).to_be_visible()
    page.locator(".pcsp-sa-statement").first.get_by_label("Agree", exact=True).check()
    expect(page.locator(".pcsp-sa-scores tbody tr").first.locator("td").first).to_have_text(
        "4.00")
    expect(page.locator(".pcsp-sa-chart svg")).to_be_visible()


def test_practice_pack_maker_works(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    page.goto(PRACTICE_PACK)
    page.get_by_label("Practice name", exact=True).fill("Riverside Health Centre")
    expect(page.locator('article[data-doc="leaflet"] [data-field="name"]').first).to_have_text(
        "Riverside Health Centre")
    expect(page.get_by_role("button", name="Print or save the poster as PDF")).to_be_visible()


def test_search_results_show_page_text(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    page.goto("search.html?q=steering")
    results = page.locator("#search-results ul.search > li")
    expect(page.locator("#search-results .search-summary")).to_contain_text("Search finished")
    assert results.count() > 3
    snippets = results.locator("p.context")
    expect(snippets).to_have_count(results.count())
    for text in snippets.all_inner_texts()[:5]:
        assert "steering" in text.lower()
        assert len(text) <= 246  # up to 240 characters and the dots, as Sphinx makes them
    assert snippets.first.locator(".highlighted").first.inner_text().lower() == "steering"


def test_search_snippet_of_a_section_comes_from_that_section(site_page: tuple[str, Any]) -> None:
    """A result that points into a page (a section title) shows that section's text."""
    _, page = site_page
    page.goto("search.html?q=Choose%20the%20group%20of%20people%20to%20start%20with")
    result = page.locator("#search-results ul.search > li:has(a[href*='#'])").first
    expect(result.locator("p.context")).to_be_visible()
    href = result.locator("a").get_attribute("href")
    assert href.endswith("#choose-patient-group")
    snippet = result.locator("p.context").inner_text().removesuffix("...").strip()
    page.goto(href)
    section = page.locator(f"[id='{href.split('#')[1]}']")
    assert " ".join(section.inner_text().split()).startswith(" ".join(snippet.split()[:6]))
