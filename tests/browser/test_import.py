"""Loading ratings from a file never loses answers: a file with nothing usable is refused;
before replacing, the page says what the file holds and what would be lost, and offers to
merge instead; only entries for the checklist's own items (and items it had before) are
kept. Over HTTP and from disk."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from .pages import CHECKLIST, choice, guide_checklist, item, open_checklist, rate, saved

LOAD = "Load ratings from a file (JSON)"


@pytest.fixture(scope="module")
def items() -> Any:
    """The set-up checklist's items."""
    return guide_checklist().items


def load(page: Any, tmp_path: Path, data: Any, name: str = "ratings.json") -> None:
    """Choose a JSON file holding ``data`` in the load box, as a user would."""
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    page.get_by_label(LOAD).set_input_files(path)


def entry(checklist_item: Any, rating: str, **fields: str) -> dict[str, str]:
    """One item's entry as an exported file holds it."""
    return {"hash": checklist_item.text_hash, "text": checklist_item.text, "rating": rating,
            **fields}


def saved_ratings(page: Any) -> list[dict[str, Any]]:
    """The entries saved in this browser for the checklist (whatever the storage key)."""
    found = [json.loads(v) for k, v in saved(page).items() if k.endswith(f"checklist:{CHECKLIST}")]
    assert len(found) == 1
    return found[0]["entries"]


@pytest.mark.parametrize("data", [
    {"checklist": CHECKLIST, "items": {}},
    {"checklist": CHECKLIST, "group": "A name but no ratings", "items": {}},
    {"checklist": CHECKLIST, "items": {"lead-named": {"rating": "brilliant"},
                                      "no-such-item": {"rating": "done"}}},
], ids=["empty", "only-a-name", "all-invalid"])
def test_a_file_with_nothing_usable_is_refused(site_page: tuple[str, Any], items: Any,
                                               tmp_path: Path, data: dict[str, Any]) -> None:
    _, page = site_page
    questions: list[str] = []
    page.on("dialog", lambda d: (questions.append(d.message), d.accept()))  # "OK" to anything
    open_checklist(page)
    rate(page, items[0].id, "Done")
    page.get_by_label("Practice or group name").fill("Riverside Surgery")
    load(page, tmp_path, data)
    problems = page.locator(".pcsp-problems")
    expect(problems).to_contain_text("Nothing was loaded:")
    expect(choice(page, items[0].id, "Done")).to_be_checked()
    assert page.get_by_label("Practice or group name").input_value() == "Riverside Surgery"
    assert page.locator(".pcsp-message").inner_text() == ""  # not "Loaded 0 saved items"
    assert questions == []  # refused, not offered
    expect(problems).to_contain_text(
        "The file holds no ratings for this checklist, so nothing was changed.")
    page.reload()
    expect(choice(page, items[0].id, "Done")).to_be_checked()


def test_before_replacing_the_page_says_what_is_lost_and_offers_merge(
        site_page: tuple[str, Any], items: Any, tmp_path: Path) -> None:
    _, page = site_page
    open_checklist(page)
    for n in range(4):
        rate(page, items[n].id, "Needs more work")
    file_data = {"checklist": CHECKLIST, "items": {
        items[3].id: entry(items[3], "done"), items[4].id: entry(items[4], "nearly-there"),
        items[5].id: entry(items[5], "done", next="Tell the team")}}

    load(page, tmp_path, file_data, "from-sam.json")
    question = page.get_by_role("region", name="Load the ratings in “from-sam.json”?")
    expect(question).to_be_focused()
    expect(question).to_contain_text(
        "3 ratings in the file; 4 ratings saved here will be replaced.")
    expect(question).to_contain_text("Or merge them")
    question.get_by_role("button", name="Merge with my ratings").click()
    expect(page.locator(".pcsp-message")).to_have_text(
        "Merged: 2 ratings added; 1 item kept the rating saved here.")
    for n in range(4):  # mine, including the one both had
        expect(choice(page, items[n].id, "Needs more work")).to_be_checked()
    expect(choice(page, items[4].id, "Nearly there")).to_be_checked()
    expect(choice(page, items[5].id, "Done")).to_be_checked()
    assert choice(page, items[5].id, "Next step").input_value() == "Tell the team"

    load(page, tmp_path, file_data, "from-sam.json")
    expect(question).to_contain_text(
        "3 ratings in the file; 6 ratings saved here will be replaced.")
    question.get_by_role("button", name="Replace my ratings").click()
    expect(page.locator(".pcsp-message")).to_have_text("Loaded 3 saved items.")
    for n in range(3):
        expect(item(page, items[n].id).locator("input:checked")).to_have_count(0)
    expect(choice(page, items[3].id, "Done")).to_be_checked()
    page.reload()
    expect(choice(page, items[3].id, "Done")).to_be_checked()
    expect(item(page, items[0].id).locator("input:checked")).to_have_count(0)


def test_only_the_checklists_own_items_are_kept(site_page: tuple[str, Any], items: Any,
                                               tmp_path: Path) -> None:
    """A 60,000-entry file puts no junk into storage: only the one real item is kept."""
    _, page = site_page
    open_checklist(page)
    junk = {f"junk-{n}": {"hash": "0123456789ab", "text": f"Junk {n}", "rating": "done"}
            for n in range(60_000)}
    junk[items[0].id] = entry(items[0], "done")
    data = {"checklist": CHECKLIST, "items": junk}
    load(page, tmp_path, data, "big.json")
    expect(page.locator(".pcsp-message")).to_have_text("Loaded 1 saved item.")
    expect(choice(page, items[0].id, "Done")).to_be_checked()
    assert [e["id"] for e in saved_ratings(page)] == [items[0].id]
    expect(page.locator(".pcsp-kept-ratings")).to_be_hidden()
    problems = page.locator(".pcsp-problems li")
    assert problems.count() <= 25  # a short list, not one line per junk entry
    expect(problems.first).to_have_text(
        "Unknown item 'junk-0': it is not in this checklist; skipped.")
    expect(page.locator(".pcsp-problems")).to_contain_text(
        "… and 59980 more unknown items; skipped.")


def test_ratings_of_items_it_had_before_are_kept(site_page: tuple[str, Any], items: Any,
                                                tmp_path: Path) -> None:
    """An item no longer in the checklist but rated in this browser keeps its place in a
    file loaded later (merged), so no answer is lost."""
    _, page = site_page
    open_checklist(page)
    old = {"checklist": CHECKLIST, "items": {
        "retired-item": {"hash": "0123456789ab", "text": "An item taken out", "rating": "done"}}}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)",
                  [f"pcsp:checklist:{CHECKLIST}", json.dumps(old)])  # saved by an old release
    page.reload()
    kept = page.get_by_role("region", name="Ratings for items no longer in this checklist")
    expect(kept.locator("li")).to_have_text(["An item taken out. rated “Done”"])
    load(page, tmp_path, {"checklist": CHECKLIST, "items": {
        "retired-item": {"hash": "0123456789ab", "text": "An item taken out",
                         "rating": "nearly-there"},
        items[0].id: entry(items[0], "done")}})
    page.get_by_role("button", name="Replace my ratings").click()
    expect(kept.locator("li")).to_have_text(["An item taken out. rated “Nearly there”"])
    expect(choice(page, items[0].id, "Done")).to_be_checked()
