"""Interactive checklists in real Chromium: saving, progress, export/import, sharing, changes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from generator.content.project import load_project
from helpers import REPO, copy_project

from .harness import PageWatch, SiteServer, build

CHECKLIST = "set-up"
URL = f"_generated/checklists/{CHECKLIST}.html"


@pytest.fixture(scope="module")
def checklist() -> Any:
    """The set-up checklist as the generator reads it."""
    checklists = load_project(REPO).checklists
    return next(c for c in checklists if c.id == CHECKLIST)


def item(page: Any, item_id: str) -> Any:
    """The list item of one checklist item."""
    return page.locator(f"#item-{item_id}")


def choice(page: Any, item_id: str, label: str) -> Any:
    """The radio button (or field) of an item with exactly this label."""
    return item(page, item_id).get_by_label(label, exact=True)


def rate(page: Any, item_id: str, label: str) -> None:
    """Choose a rating for an item by clicking its label, as a user would."""
    choice(page, item_id, label).check()


def status(page: Any) -> str:
    """The checklist's progress text."""
    return page.locator(".pcsp-status-text").inner_text()


def progress(done: int, nearly: int, not_relevant: int, total: int) -> str:
    """The progress text for these counts of rated items, out of ``total`` items."""
    text = f"{done} of {total - not_relevant} done, {nearly} nearly there"
    return text + (f", {not_relevant} not relevant" if not_relevant else "")


def open_checklist(page: Any) -> None:
    """Open the set-up checklist and wait for the script to start."""
    page.goto(URL)
    page.locator(".pcsp-checklist.pcsp-js").wait_for()


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
    expect(page.locator(".pcsp-message")).to_have_text("Loaded 2 saved items.")
    problems = page.locator(".pcsp-problems li").all_inner_texts()
    assert f"Item '{second.id}': 'brilliant' is not a rating." in problems
    assert f"Item '{second.id}': the due date 'next week' is not a date." in problems
    assert "Unknown item 'no-such-item': it is not in this checklist." in problems
    assert "'<script>' is not a valid item id; it was skipped." in problems
    assert page.locator(".pcsp-problems script").count() == 0
    assert choice(page, first.id, "Done").is_checked()
    assert item(page, second.id).locator("input[type=radio]:checked").count() == 0
    assert page.locator(".pcsp-removed li").all_inner_texts() == ["Old item. rated “Done”"]

    other = tmp_path / "other.json"
    other.write_text(json.dumps({"checklist": "maintenance", "items": {}}), encoding="utf-8")
    page.get_by_label("Load ratings from a file (JSON)").set_input_files(other)
    expect(page.locator(".pcsp-problems")).to_have_text(
        "Nothing was loaded:These ratings are for another checklist ('maintenance').")
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
    questions: list[str] = []

    def refuse(dialog: Any) -> None:
        questions.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", refuse)
    page.get_by_label("Load ratings from a file (JSON)").set_input_files(path)
    expect(page.locator(".pcsp-problems li")).to_have_text("Nothing was changed.")
    assert questions == ["Replace the ratings saved in this browser with the ones in the file?"]
    assert choice(page, first.id, "Not started").is_checked()


def test_share_link_round_trip(site_page: tuple[str, Any], browser: Any, server: SiteServer,
                               checklist: Any) -> None:
    _, page = site_page
    first, second = (i.id for i in checklist.items[:2])
    open_checklist(page)
    rate(page, first, "Done")
    rate(page, second, "Nearly there")
    choice(page, second, "Next step").fill("Ask Dr Khan to chair")
    page.get_by_role("button", name="Make a share link").click()
    link = page.get_by_label("Share link").input_value()
    assert link.startswith(server.base_url + URL + "#state=")
    assert "Ask" not in link  # encoded, not plain text

    other = browser.new_context(base_url=server.base_url)
    watch = PageWatch(server.base_url)
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
    fresh = browser.new_context(base_url=server.base_url)
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


@pytest.mark.slow  # builds the whole guide again
def test_a_changed_item_is_flagged_after_a_rebuild(site_page: tuple[str, Any],
                                                   server: SiteServer, checklist: Any,
                                                   tmp_path: Path) -> None:
    _, page = site_page
    changed, removed, kept = checklist.items[0], checklist.items[1], checklist.items[2]
    open_checklist(page)
    rate(page, changed.id, "Done")
    rate(page, removed.id, "Nearly there")
    rate(page, kept.id, "Needs more work")

    project = copy_project(tmp_path / "project")
    path = project / "checklists" / f"{CHECKLIST}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sections"][0]["items"][0]["text"] = (
        "PCSP is written into the local strategy for long-term conditions.")
    for section in data["sections"]:
        section["items"] = [i for i in section["items"] if i["id"] != removed.id]
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    rebuilt = build(project, tmp_path / "html")

    original = server.root
    server.root = rebuilt
    try:
        page.reload()
        page.locator(".pcsp-checklist.pcsp-js").wait_for()
        notice = item(page, changed.id).locator(".pcsp-changed")
        assert notice.locator(".pcsp-changed-title").inner_text() == \
            "This item changed since you rated it."
        assert f"You rated it “Done” when it said: “{changed.text}”." in notice.inner_text()
        assert item(page, changed.id).locator("input[type=radio]:checked").count() == 0
        assert choice(page, kept.id, "Needs more work").is_checked()
        assert page.locator(".pcsp-removed h2").inner_text() == \
            "Ratings for items no longer in this checklist"
        assert page.locator(".pcsp-removed li").all_inner_texts() == \
            [f"{removed.text}. rated “Nearly there”"]

        notice.get_by_role("button", name="Keep my earlier rating").click()
        assert choice(page, changed.id, "Done").is_checked()
        assert item(page, changed.id).locator(".pcsp-changed").count() == 0
        page.reload()
        assert item(page, changed.id).locator(".pcsp-changed").count() == 0
        assert choice(page, changed.id, "Done").is_checked()
    finally:
        server.root = original


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
        ["For:", "Hillside", "Medical", "Centre", "Date:", "2026-02-01"]
    rows = plan.locator("tbody tr")
    assert rows.count() == len(checklist.items)
    assert rows.nth(0).locator("td").all_inner_texts() == [
        first.text, "Needs more work", "Draft a paragraph for the strategy", "Sam", ""]
    assert rows.nth(1).locator("td").all_inner_texts()[:2] == [second.text, "Not rated"]


def test_checklist_is_complete_without_javascript(browser: Any, server: SiteServer,
                                                  checklist: Any) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=server.base_url)
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
