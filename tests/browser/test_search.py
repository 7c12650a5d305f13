"""Search finds the right page first (issue 14): the page a query names comes before pages
that only mention its words, the steering group's checklist comes near the top of a search
for the steering group, the editors' content reference comes after the readers' pages,
snippets are the page's own text (not its breadcrumb trail), and a phone has a search box
on the results page.

Each test runs over HTTP and from disk (the ``site_page`` fixture); a console error fails it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import expect

from generator.content.project import load_project
from generator.site.pages import CONTENT_REFERENCE, HOUSE
from generator.site.words import catalogue
from helpers import REPO

from .pages import checklist_url

PHONE = {"width": 375, "height": 740}
WORDS = catalogue("en")
RESULTS = "#search-results ul.search > li"


def search(page: Any, query: str) -> list[str]:
    """Search the guide as its search page does; the results' addresses, best first."""
    page.goto("search.html?" + urlencode({"q": query}))
    return results(page)


def results(page: Any) -> list[str]:
    """The addresses of the search page's results, best first, once the search has finished."""
    expect(page.locator("#search-results .search-summary")).not_to_be_empty()
    return [link.get_attribute("href") for link in page.locator(f"{RESULTS} > a").all()]


def words(text: str) -> list[str]:
    return text.replace("...", " ").split()


def test_house_of_care_ranks_the_house_of_care_page_first(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    found = search(page, "house of care")
    assert found[0] == f"{HOUSE}.html", found
    assert checklist_url("house-of-care-readiness") == found[1], found  # its title says so too
    # The editors' page about file fields comes after every page for the guide's readers.
    reference = found.index(f"{CONTENT_REFERENCE}.html")
    assert found[reference + 1:] == [], found


def test_steering_group_finds_its_checklist_near_the_top(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    checklists = load_project(REPO).checklists
    own = next(c for c in checklists if c.audience == "steering-group")  # the first stage's
    assert own.title == "Set-up checklist"
    found = search(page, "steering group")
    assert checklist_url(own.id) in found[:3], found
    # The steering group's checklists come before the other groups' checklists.
    places = {c.audience: [] for c in checklists}
    for c in checklists:
        if checklist_url(c.id) in found:
            places[c.audience].append(found.index(checklist_url(c.id)))
    others = [p for audience, found_at in places.items() if audience != "steering-group"
              for p in found_at]
    assert others and max(places["steering-group"]) < min(others), found


def test_snippets_are_page_text_not_the_breadcrumb_trail(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    guide = load_project(REPO).require().guide
    trail = f"{WORDS['templates']['home']} {guide.title}"
    found = search(page, "house of care")
    snippets = page.locator(f"{RESULTS} p.context").all_inner_texts()
    assert len(snippets) == len(found)
    for snippet in snippets:
        assert not snippet.startswith(WORDS["templates"]["home"]), snippet
        assert trail not in snippet, snippet
        assert len(snippet) <= 246  # up to 240 characters and the dots
    for snippet in snippets[:3]:  # the words around the first place the query's words come
        assert "house of care" in snippet.lower(), snippet
    # Each of the first results' snippets is text of its page, opened as from the results,
    # with Sphinx marking the words searched for (never inside the House of Care picture's
    # title, which broke the page's script).
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    for href, snippet in list(zip(found, snippets, strict=True))[:3]:
        page.evaluate("localStorage.setItem('sphinx_highlight_terms', 'house care')")
        page.goto(href)
        main = " ".join(page.locator("[role=main]").inner_text().split())
        assert " ".join(words(snippet)[:8]) in main, (href, snippet)
        expect(page.locator("[role=main] .highlighted").first).to_be_visible()
    assert errors == []


def test_a_phone_has_a_search_box_on_the_results_page(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    page.set_viewport_size(PHONE)
    search(page, "steering group")
    box = page.get_by_role("searchbox", name=WORDS["search"]["label"], exact=True)
    expect(box).to_be_visible()
    expect(box).to_be_in_viewport()
    expect(box).to_have_value("steering group")
    expect(page.get_by_label(WORDS["search"]["label"], exact=True)).to_have_count(1)
    box.focus()
    expect(box).to_be_focused()
    # Search again from it: the results are those of the new query.
    box.fill("house of care")
    page.get_by_role("button", name=WORDS["search"]["button"], exact=True).click()
    page.wait_for_url("**/search.html?q=house+of+care*")
    assert results(page)[0] == f"{HOUSE}.html"
    expect(box).to_have_value("house of care")
