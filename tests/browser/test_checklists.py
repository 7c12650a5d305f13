"""Interactive checklists in real Chromium: saving, progress, export/import, sharing, changes."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from helpers import copy_project

from .harness import PageWatch, build, opened_site, watched_page
from .pages import (
    CHECKLIST,
    URL,
    choice,
    focused,
    guide_checklist,
    item,
    open_checklist,
    progress,
    rate,
    status,
)


@pytest.fixture(scope="module")
def checklist() -> Any:
    """The set-up checklist as the generator reads it."""
    return guide_checklist()


def test_ratings_and_notes_survive_a_reload(site_page: tuple[str, Any], checklist: Any) -> None:
    _, page = site_page
    first, second, third = (i.id for i in checklist.items[:3])
    total = len(checklist.items)
    open_checklist(page)
    assert status(page) == progress(0, 0, 0, total)
    rate(page, first, "Done")
    rate(page, second, "Nearly there")
    rate(page, third, "Not relevant")
    choice(page, second, "Next step").fill("Book a meeting with the CCG lead")
    choice(page, second, "By when").fill("2026-03-31")
    page.get_by_label("Practice or group name").fill("North Locality steering group")
    expected = progress(1, 1, 1, total)
    assert status(page) == expected

    page.reload()
    page.locator(".pcsp-checklist.pcsp-js").wait_for()
    assert choice(page, first, "Done").is_checked()
    assert choice(page, second, "Nearly there").is_checked()
    assert choice(page, third, "Not relevant").is_checked()
    assert choice(page, second, "Next step").input_value() == \
        "Book a meeting with the CCG lead"
    assert choice(page, second, "By when").input_value() == "2026-03-31"
    assert page.get_by_label("Practice or group name").input_value() == \
        "North Locality steering group"
    assert status(page) == expected
    in_first = [i.id for i in checklist.sections[0].items]  # the three may span sections
    counts = [int(first in in_first), int(second in in_first), int(third in in_first)]
    section = page.locator(".pcsp-checklist-section").first
    assert section.locator(".pcsp-section-status-text").inner_text() == \
        progress(*counts, len(in_first))
    assert section.locator("progress").evaluate("p => [p.value, p.max]") == [
        counts[0], len(in_first) - counts[2]]


def download_text(page: Any, button: str) -> tuple[str, str]:
    """Click a download button; return the file's suggested name and its text."""
    with page.expect_download() as info:
        page.get_by_role("button", name=button).click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8-sig")


def test_export_clear_import_gives_the_same_state(site_page: tuple[str, Any],
                                                   checklist: Any, tmp_path: Path) -> None:
    _, page = site_page
    page.on("dialog", lambda d: d.accept())
    first, second = (i.id for i in checklist.items[:2])
    total = len(checklist.items)
    open_checklist(page)
    rate(page, first, "Done")
    rate(page, second, "Needs more work")
    choice(page, second, "Who will do it").fill("Practice manager")
    page.get_by_label("Practice or group name").fill("Riverside Surgery")
    name, text = download_text(page, "Download my ratings (JSON)")
    assert name.startswith(f"{CHECKLIST}-") and name.endswith(".json")
    exported = json.loads(text)
    assert exported["items"][first]["rating"] == "done"
    assert exported["items"][second]["owner"] == "Practice manager"
    assert exported["items"][first]["hash"] == checklist.items[0].text_hash

    page.get_by_role("button", name="Clear my data").click()
    assert page.locator(".pcsp-message").inner_text() == \
        "Your data for this checklist was removed from this browser."
    assert not choice(page, first, "Done").is_checked()
    assert page.get_by_label("Practice or group name").input_value() == ""
    assert status(page) == progress(0, 0, 0, total)
    assert page.evaluate("Object.keys(localStorage)") == []

    saved = tmp_path / "ratings.json"
    saved.write_text(text, encoding="utf-8")
    page.get_by_label("Load ratings from a file (JSON)").set_input_files(saved)
    expect(page.locator(".pcsp-message")).to_have_text("Loaded 2 saved items.")
    assert choice(page, first, "Done").is_checked()
    assert choice(page, second, "Needs more work").is_checked()
    assert choice(page, second, "Who will do it").input_value() == "Practice manager"
    assert page.get_by_label("Practice or group name").input_value() == "Riverside Surgery"
    _, again = download_text(page, "Download my ratings (JSON)")
    assert json.loads(again) == exported


def test_csv_export_neutralises_spreadsheet_formulas(site_page: tuple[str, Any],
                                                     checklist: Any) -> None:
    _, page = site_page
    first = checklist.items[0]
    open_checklist(page)
    rate(page, first.id, "Nearly there")
    choice(page, first.id, "Next step").fill('=HYPERLINK("http://x","click")')
    choice(page, first.id, "Who will do it").fill("@admin, -1, +44 \"lead\"")
    name, text = download_text(page, "Download for a spreadsheet (CSV)")
    assert name.endswith(".csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["Section", "Item id", "Item", "Rating", "Reason not relevant",
                       "Next step", "Owner", "Due date"]
    assert len(rows) == len(checklist.items) + 1
    row = next(r for r in rows if r[1] == first.id)
    assert row[2] == first.text
    assert row[3] == "Nearly there"
    assert row[5] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert row[6] == "'@admin, -1, +44 \"lead\""


def test_import_reports_unknown_ids_and_bad_values(site_page: tuple[str, Any], checklist: Any,
                                                   tmp_path: Path) -> None:
    _, page = site_page
    first, second = checklist.items[:2]
    open_checklist(page)
    data = {"checklist": CHECKLIST, "items": {
        first.id: {"hash": first.text_hash, "text": first.text, "rating": "done"},
        second.id: {"hash": second.text_hash, "rating": "brilliant", "due": "next week"},
        "no-such-item": {"hash": "0123456789ab", "text": "Old item", "rating": "done"},
        "<script>": {"rating": "done"},
    }}
    path = tmp_path / "mixed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    page.get_by_label("Load ratings from a file (JSON)").set_input_files(path)
    expect(page.locator(".pcsp-message")).to_have_text("Loaded 1 saved item.")
    problems = page.locator(".pcsp-problems li").all_inner_texts()
    assert f"Item '{second.id}': 'brilliant' is not a rating." in problems
    assert f"Item '{second.id}': the due date 'next week' is not a date." in problems
    assert "Unknown item 'no-such-item': it is not in this checklist; skipped." in problems
    assert "'<script>' is not a valid item id; it was skipped." in problems
    assert page.locator(".pcsp-problems script").count() == 0
    assert choice(page, first.id, "Done").is_checked()
    assert item(page, second.id).locator("input[type=radio]:checked").count() == 0
    assert page.locator(".pcsp-kept-ratings").is_hidden()  # no junk kept as "removed" items

    other = tmp_path / "other.json"
    other.write_text(json.dumps({"checklist": "maintenance", "items": {}}), encoding="utf-8")
    page.get_by_label("Load ratings from a file (JSON)").set_input_files(other)
    expect(page.locator(".pcsp-problems li").first).to_have_text(
        "These ratings are for another checklist ('maintenance').")
    expect(page.locator(".pcsp-problems p")).to_have_text("Nothing was loaded:")
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    page.get_by_label("Load ratings from a file (JSON)").set_input_files(broken)
    expect(page.locator(".pcsp-problems li")).to_have_text(
        "The file is not a JSON file saved from this checklist.")


def test_import_asks_before_overwriting(site_page: tuple[str, Any], checklist: Any,
                                        tmp_path: Path) -> None:
    _, page = site_page
    first = checklist.items[0]
    open_checklist(page)
    rate(page, first.id, "Not started")
    path = tmp_path / "done.json"
    path.write_text(json.dumps({"checklist": CHECKLIST, "items": {
        first.id: {"hash": first.text_hash, "rating": "done"}}}), encoding="utf-8")
    page.get_by_label("Load ratings from a file (JSON)").set_input_files(path)
    question = page.get_by_role("region", name="Load the ratings in “done.json”?")
    expect(question).to_contain_text("1 rating in the file; 1 rating saved here will be replaced.")
    question.get_by_role("button", name="Cancel").click()
    expect(page.locator(".pcsp-message")).to_have_text("Nothing was changed.")
    expect(question).to_be_hidden()
    assert choice(page, first.id, "Not started").is_checked()


def test_share_link_round_trip(site_page: tuple[str, Any], browser: Any,
                               checklist: Any) -> None:
    base_url, page = site_page
    first, second = (i.id for i in checklist.items[:2])
    open_checklist(page)
    rate(page, first, "Done")
    rate(page, second, "Nearly there")
    choice(page, second, "Next step").fill("Ask Dr Khan to chair")
    page.get_by_role("button", name="Make a share link").click()
    link = page.get_by_label("Share link").input_value()
    assert link.startswith(base_url + URL + "#state=")
    assert "Ask" not in link  # encoded, not plain text

    other = browser.new_context(base_url=base_url)
    watch = PageWatch(base_url)
    try:
        friend = other.new_page()
        watch.attach(friend)
        friend.goto(link)
        offer = friend.locator(".pcsp-incoming")
        offer.wait_for()
        assert "The link you followed holds 2 rated items." in offer.inner_text()
        assert not choice(friend, first, "Done").is_checked()
        friend.get_by_role("button", name="Use the shared ratings").click()
        assert choice(friend, first, "Done").is_checked()
        assert choice(friend, second, "Next step").input_value() == \
            "Ask Dr Khan to chair"
        assert "#" not in friend.url
        friend.reload()
        assert choice(friend, second, "Nearly there").is_checked()

    finally:
        other.close()
    fresh = browser.new_context(base_url=base_url)
    try:
        declined = fresh.new_page()
        watch.attach(declined)
        declined.goto(link)
        declined.get_by_role("button", name="Ignore them").click()
        expect(declined.locator(".pcsp-message")).to_have_text("The shared ratings were not used.")
        assert not choice(declined, first, "Done").is_checked()
        assert "#" not in declined.url
        declined.reload()
        assert not choice(declined, first, "Done").is_checked()
    finally:
        fresh.close()
    watch.assert_clean()


NEW_TEXT = "PCSP is written into the local strategy for long-term conditions."


@pytest.fixture(scope="module")
def updated_site(tmp_path_factory: pytest.TempPathFactory, checklist: Any) -> Path:
    """The guide built again after an update: the set-up checklist's first item reworded and
    its second removed."""
    root = tmp_path_factory.mktemp("updated")
    project = copy_project(root / "project")
    path = project / "checklists" / f"{CHECKLIST}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sections"][0]["items"][0]["text"] = NEW_TEXT
    for section in data["sections"]:
        section["items"] = [i for i in section["items"] if i["id"] != checklist.items[1].id]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return build(project, root / "html")


@pytest.mark.slow  # builds the whole guide again
def test_a_changed_item_is_flagged_after_a_rebuild(browser: Any, origin: str, site_dir: Path,
                                                   updated_site: Path, checklist: Any,
                                                   tmp_path: Path) -> None:
    """After a guidance update: the top of the page says which rated items changed or went
    and where they are; kept ratings are not shown as deleted; keeping an earlier rating puts
    focus on the kept choice."""
    changed, removed, kept = checklist.items[0], checklist.items[1], checklist.items[2]
    new_text = NEW_TEXT
    guide = Path(shutil.copytree(site_dir, tmp_path / "guide"))
    with opened_site(origin, guide) as base, watched_page(browser, base) as (page, _):
        open_checklist(page)
        rate(page, changed.id, "Done")
        rate(page, removed.id, "Nearly there")
        rate(page, kept.id, "Needs more work")
        assert page.locator(".pcsp-updates").is_hidden()
        shutil.rmtree(guide)
        shutil.copytree(updated_site, guide)  # the new version, at the same address

        page.reload()
        page.locator(".pcsp-checklist.pcsp-js").wait_for()
        updates = page.get_by_role("region", name="The checklist has changed since you rated it")
        expect(updates).to_be_visible()
        assert page.evaluate("document.querySelector('.pcsp-updates').getBoundingClientRect().top"
                             " < document.querySelector('.pcsp-meta')"
                             ".getBoundingClientRect().top")  # at the top of the checklist
        assert updates.get_by_role("link").all_inner_texts() == [
            new_text, "Ratings for items no longer in this checklist"]
        assert "1 item you rated has new wording." in updates.inner_text()
        assert "1 item you rated is no longer in this checklist." in updates.inner_text()
        updates.get_by_role("link", name="Ratings for items no longer in this checklist").click()
        kept_box = page.get_by_role("region", name="Ratings for items no longer in this checklist")
        expect(kept_box).to_be_in_viewport()
        assert kept_box.locator("li").all_inner_texts() == \
            [f"{removed.text}. rated “Nearly there”"]
        for part in ("h2", "li", "p"):  # kept, not deleted: nothing is struck through
            assert kept_box.locator(part).first.evaluate(
                "e => getComputedStyle(e).textDecorationLine") == "none"

        notice = item(page, changed.id).locator(".pcsp-changed")
        assert notice.locator(".pcsp-changed-title").inner_text() == \
            "This item changed since you rated it."
        assert f"You rated it “Done” when it said: “{changed.text}”." in notice.inner_text()
        assert item(page, changed.id).locator("input[type=radio]:checked").count() == 0
        assert choice(page, kept.id, "Needs more work").is_checked()

        notice.get_by_role("button", name="Keep my earlier rating").click()
        assert choice(page, changed.id, "Done").is_checked()
        assert focused(page) == f"{changed.id}: Done"
        assert item(page, changed.id).locator(".pcsp-changed").count() == 0
        assert updates.get_by_role("link").all_inner_texts() == [
            "Ratings for items no longer in this checklist"]
        page.reload()
        assert item(page, changed.id).locator(".pcsp-changed").count() == 0
        assert choice(page, changed.id, "Done").is_checked()


def test_print_action_plan_lists_ratings_and_next_steps(site_page: tuple[str, Any],
                                                        checklist: Any) -> None:
    _, page = site_page
    first, second = checklist.items[:2]
    open_checklist(page)
    page.get_by_label("Practice or group name").fill("Hillside Medical Centre")
    page.get_by_label("Date", exact=True).fill("2026-02-01")
    rate(page, first.id, "Needs more work")
    choice(page, first.id, "Next step").fill("Draft a paragraph for the strategy")
    choice(page, first.id, "Who will do it").fill("Sam")
    page.get_by_role("button", name="Print action plan").click()
    page.emulate_media(media="print")
    plan = page.locator(".pcsp-plan")
    assert plan.is_visible()
    assert page.locator(".pcsp-checklist-section").first.is_hidden()
    assert plan.locator(".pcsp-plan-for").inner_text().split() == \
        ["For:", "Hillside", "Medical", "Centre", "Date:", "1", "February", "2026"]
    rows = plan.locator("tbody tr")
    assert rows.count() == len(checklist.items)
    assert rows.nth(0).locator("td").all_inner_texts() == [
        first.text, "Needs more work", "Draft a paragraph for the strategy", "Sam", ""]
    assert rows.nth(1).locator("td").all_inner_texts()[:2] == [second.text, "Not rated"]


def test_checklist_is_complete_without_javascript(browser: Any, site_url: str,
                                                  checklist: Any) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    try:
        page = context.new_page()
        page.goto(URL)
        first = checklist.items[0]
        legend = item(page, first.id).locator("legend")
        assert legend.inner_text() == first.text
        for label in ("Not started", "Needs more work", "Nearly there", "Done", "Not relevant"):
            assert item(page, first.id).get_by_label(label, exact=True).is_visible()
        item(page, first.id).get_by_text("Why it matters").click()
        assert item(page, first.id).get_by_text(first.why).is_visible()
        links = item(page, first.id).locator(".pcsp-refs a")
        assert links.count() == len(first.refs)
        assert page.locator(".pcsp-toolbar").is_hidden()
        assert "Saving, progress, sharing and the action plan need JavaScript." in \
            page.locator(".pcsp-about-data").inner_text()
        assert page.locator(".pcsp-checklist-item").count() == len(checklist.items)
    finally:
        context.close()


def test_keyboard_only_rating_with_visible_focus(site_page: tuple[str, Any],
                                                 checklist: Any) -> None:
    _, page = site_page
    first = checklist.items[0]
    open_checklist(page)
    page.get_by_label("Practice or group name").focus()
    radio = choice(page, first.id, "Not started")
    for _ in range(30):
        page.keyboard.press("Tab")
        if radio.evaluate("r => r === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first rating")
    outline = radio.evaluate("r => getComputedStyle(r).outlineStyle")
    assert outline != "none"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert choice(page, first.id, "Nearly there").is_checked()
    assert status(page).endswith("1 nearly there")
