"""The NPT self-assessment in real Chromium: scores, chart, diagnosis, snapshots, export/import."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.content.project import load_project
from helpers import REPO

URL = "_generated/self-assessment.html"


@pytest.fixture(scope="module")
def constructs() -> Any:
    """The four NPT constructs of the guide's content, in order."""
    return load_project(REPO).require().npt_constructs


def answer(page: Any, statement_id: str, label: str) -> None:
    """Choose an answer for one statement by its label."""
    page.locator(f'fieldset[data-statement-id="{statement_id}"]').get_by_label(
        label, exact=True).check()


def answer_all(page: Any, constructs: Any, answers: list[list[str]]) -> None:
    """Answer every statement: ``answers[c][s]`` for sub-construct ``s`` of construct ``c``."""
    for construct, labels in zip(constructs, answers, strict=True):
        for sub, label in zip(construct.sub_constructs, labels, strict=True):
            answer(page, sub.id, label)


def scores(page: Any, table: str = ".pcsp-sa-scores") -> dict[str, list[str]]:
    """Rows of a results table: construct title -> the row's cells."""
    rows = page.locator(f"{table} tbody tr")
    return {rows.nth(i).locator("th").inner_text(): rows.nth(i).locator("td").all_inner_texts()
            for i in range(rows.count())}


KNOWN = [
    ["Agree", "Agree", "Strongly agree", "Strongly agree"],                      # 4.50
    ["Disagree", "Neither agree nor disagree", "Not relevant to my role", "Disagree"],  # 2.33
    ["Strongly agree"] * 4,                                                        # 5.00
    ["Neither agree nor disagree", "Not relevant at this stage",
     "Not relevant to this work", "Strongly disagree"],                           # 2.00
]


def open_assessment(page: Any) -> None:
    """Open the self-assessment page and wait for the script to start."""
    page.goto(URL)
    page.locator(".pcsp-self-assessment.pcsp-js").wait_for()


def test_known_answers_give_expected_scores_and_diagnosis(site_page: tuple[str, Any],
                                                          constructs: Any) -> None:
    _, page = site_page
    open_assessment(page)
    assert page.locator(".pcsp-sa-statement").count() == 16
    first = constructs[0].sub_constructs[0]
    assert page.locator(f'fieldset[data-statement-id="{first.id}"] legend').inner_text() == \
        first.statement
    expect(page.locator(".pcsp-sa-diagnosis")).to_have_text(
        "Answer at least one statement on the agree scale to see your results.")
    answer_all(page, constructs, KNOWN)
    titles = [c.title for c in constructs]
    assert scores(page) == {
        titles[0]: ["4.50", "4 of 4"],
        titles[1]: ["2.33", "3 of 4"],
        titles[2]: ["5.00", "4 of 4"],
        titles[3]: ["2.00", "2 of 4"],
    }
    weakest = constructs[3]
    assert page.locator(".pcsp-sa-diagnosis").inner_text() == (
        f"Your weakest area is {weakest.title}, with a score of 2.00. Read what often goes "
        "wrong there and what helps, below.")
    shown = page.locator(".pcsp-sa-advice:visible")
    assert shown.count() == 1
    assert shown.locator("h3").inner_text() == f"{weakest.title}: {weakest.plain_title}"
    assert shown.locator("ul").first.locator("li").all_inner_texts() == \
        [p.text for p in weakest.typical_problems]
    assert shown.locator("ul").nth(1).locator("li").all_inner_texts() == \
        [h.text for h in weakest.what_helps]
    link = shown.get_by_role("link", name=f"Read about {weakest.title} in the guide")
    assert link.get_attribute("href") == f"npt.html#{weakest.id}"

    chart = page.locator(".pcsp-sa-chart svg")
    assert chart.get_attribute("role") == "img"
    assert chart.locator("title").text_content().startswith("Radar chart of scores")
    desc = chart.locator("desc").text_content()
    for title, value in zip(titles, ["4.50", "2.33", "5.00", "2.00"], strict=True):
        assert f"{title} {value}" in desc
    assert chart.locator(".pcsp-radar-series").count() == 1

    page.reload()
    page.locator(".pcsp-self-assessment.pcsp-js").wait_for()
    assert scores(page)[titles[1]] == ["2.33", "3 of 4"]
    assert page.locator(
        f'fieldset[data-statement-id="{constructs[1].sub_constructs[2].id}"]').get_by_label(
        "Not relevant to my role").is_checked()


def test_ties_list_every_weakest_construct(site_page: tuple[str, Any], constructs: Any) -> None:
    _, page = site_page
    open_assessment(page)
    answer_all(page, constructs, [["Disagree"] * 4, ["Agree"] * 4, ["Disagree"] * 4,
                                  ["Strongly agree"] * 4])
    a, b = constructs[0].title, constructs[2].title
    assert page.locator(".pcsp-sa-diagnosis").inner_text() == (
        f"Your weakest areas, with an equal score of 2.00, are {a}, {b}. Read what often goes "
        "wrong there and what helps, below.")
    visible = page.locator(".pcsp-sa-advice:visible")
    assert visible.evaluate_all("els => els.map(e => e.dataset.constructId)") == \
        [constructs[0].id, constructs[2].id]


def test_snapshots_compare_two_dates(site_page: tuple[str, Any], constructs: Any) -> None:
    _, page = site_page
    open_assessment(page)
    answer_all(page, constructs, KNOWN)
    page.get_by_label("Snapshot name (optional)").fill("Baseline")
    page.get_by_role("button", name="Save a snapshot").click()
    today = page.evaluate("new Date().toLocaleDateString('en-GB', "
                          "{day: 'numeric', month: 'long', year: 'numeric'})")
    snapshot = f"{today}: Baseline"
    assert page.locator(".pcsp-sa-snapshot-list li").first.inner_text().startswith(snapshot)
    for sub in constructs[0].sub_constructs:
        answer(page, sub.id, "Strongly agree")
    page.get_by_label("Compare", exact=True).select_option(label=snapshot)
    page.get_by_label("with", exact=True).select_option(label="Current answers")
    table = page.locator(".pcsp-sa-compare")
    assert table.locator("thead th").all_inner_texts() == \
        ["Area", snapshot, "Current answers", "Change"]
    rows = scores(page, ".pcsp-sa-compare")
    assert rows[constructs[0].title] == ["4.50", "5.00", "+0.50"]
    assert rows[constructs[3].title] == ["2.00", "2.00", "0.00"]
    assert page.locator(".pcsp-sa-compare-chart svg .pcsp-radar-series").count() == 2
    assert f"{snapshot}: {constructs[0].title} 4.50" in \
        page.locator(".pcsp-sa-compare-chart desc").text_content()

    page.reload()
    page.locator(".pcsp-self-assessment.pcsp-js").wait_for()
    assert page.locator(".pcsp-sa-snapshot-list li").count() == 1
    assert scores(page)[constructs[0].title] == ["5.00", "4 of 4"]


def test_export_clear_import_restores_answers_and_snapshots(site_page: tuple[str, Any],
                                                            constructs: Any,
                                                            tmp_path: Path) -> None:
    _, page = site_page
    page.on("dialog", lambda d: d.accept())
    open_assessment(page)
    answer_all(page, constructs, KNOWN)
    note = page.locator(f'fieldset[data-statement-id="{constructs[0].sub_constructs[0].id}"]')
    note.get_by_label("Note").fill("Discussed at the March team meeting")
    page.get_by_role("button", name="Save a snapshot").click()
    with page.expect_download() as info:
        page.get_by_role("button", name="Download my answers (JSON)").click()
    exported = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert exported["format"] == "pcsp-self-assessment"
    assert len(exported["snapshots"]) == 1

    page.get_by_role("button", name="Clear my data").click()
    expect(page.locator(".pcsp-message")).to_have_text(
        "Your self-assessment data was removed from this browser.")
    assert page.locator(".pcsp-sa-statement input[type=radio]:checked").count() == 0
    assert page.locator(".pcsp-sa-snapshot-list li").count() == 0

    saved = tmp_path / "answers.json"
    saved.write_text(json.dumps(exported), encoding="utf-8")
    page.get_by_label("Load answers from a file (JSON)").set_input_files(saved)
    expect(page.locator(".pcsp-message")).to_have_text("Answers loaded from the file.")
    assert scores(page)[constructs[1].title] == ["2.33", "3 of 4"]
    assert note.get_by_label("Note").input_value() == "Discussed at the March team meeting"
    assert page.locator(".pcsp-sa-snapshot-list li").count() == 1

    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"answers": {"no-such-statement": "5",
                                           constructs[0].sub_constructs[1].id: "7"},
                               "snapshots": [{"date": "yesterday"}]}), encoding="utf-8")
    page.get_by_label("Load answers from a file (JSON)").set_input_files(bad)
    expect(page.locator(".pcsp-problems")).to_be_visible()
    assert page.locator(".pcsp-problems li").all_inner_texts() == [
        "Current answers: unknown statement 'no-such-statement' was skipped.",
        "Current answers: '7' is not an answer; skipped.",
        "Snapshot 1: it has no valid date; skipped.",
        "The file holds no answers, so nothing was changed.",
    ]
    assert scores(page)[constructs[1].title] == ["2.33", "3 of 4"]


def test_print_summary_shows_results_not_the_form(site_page: tuple[str, Any],
                                                  constructs: Any) -> None:
    _, page = site_page
    open_assessment(page)
    answer_all(page, constructs, KNOWN)
    page.get_by_role("button", name="Print a summary").click()
    page.emulate_media(media="print")
    assert page.locator(".pcsp-sa-statements").is_hidden()
    assert page.locator(".pcsp-sa-snapshots").is_hidden()
    assert page.locator(".pcsp-sa-chart svg").is_visible()
    assert page.locator(".pcsp-sa-scores").is_visible()
    assert page.locator(".pcsp-sa-print-date").inner_text().startswith("Summary printed on ")
    assert page.locator(".pcsp-sa-advice:visible h3").inner_text().startswith(
        constructs[3].title)


def test_unanswered_areas_are_shown_as_unanswered_not_as_the_worst(site_page: tuple[str, Any],
                                                                   constructs: Any) -> None:
    _, page = site_page
    open_assessment(page)
    for construct, label in zip(constructs[:3], ["Disagree", "Agree", "Strongly agree"],
                                strict=True):
        for sub in construct.sub_constructs:
            answer(page, sub.id, label)
    missing = constructs[3].title
    chart = page.locator(".pcsp-sa-chart svg")
    labels = chart.locator(".pcsp-radar-label").all_text_contents()
    assert f"{missing}(not answered)" in labels
    assert all("not answered" not in text for text in labels if not text.startswith(missing))
    # The shape joins the three answered areas; nothing is drawn at the centre.
    points = chart.locator(".pcsp-radar-series").get_attribute("points").split()
    assert len(points) == 3
    centre = chart.evaluate("svg => { const v = svg.viewBox.baseVal;"
                            " return [v.width / 2, v.height / 2]; }")
    for point in points:
        x, y = (float(v) for v in point.split(","))
        assert abs(x - centre[0]) + abs(y - centre[1]) > 20
    assert chart.locator(".pcsp-radar-point").count() == 3
    assert page.locator(".pcsp-sa-diagnosis").inner_text() == (
        f"Your weakest area is {constructs[0].title}, with a score of 2.00. Read what often goes "
        f"wrong there and what helps, below. Not answered yet, so not compared: {missing}.")
    assert scores(page)[missing] == ["Not answered", "0 of 4"]


def test_close_scores_are_not_reported_as_a_tie(site_page: tuple[str, Any],
                                               constructs: Any) -> None:
    """2.25 and 2.33 were both rounded to 2.3 and reported as an equal score."""
    _, page = site_page
    open_assessment(page)
    answer_all(page, constructs, [
        ["Disagree", "Disagree", "Disagree", "Neither agree nor disagree"],            # 2.25
        ["Disagree", "Disagree", "Neither agree nor disagree", "Not relevant to my role"],  # 2.33
        ["Agree"] * 4, ["Strongly agree"] * 4])
    assert page.locator(".pcsp-sa-diagnosis").inner_text().startswith(
        f"Your weakest area is {constructs[0].title}, with a score of 2.25.")
    assert scores(page)[constructs[0].title] == ["2.25", "4 of 4"]
    assert scores(page)[constructs[1].title] == ["2.33", "3 of 4"]
    visible = page.locator(".pcsp-sa-advice:visible")
    assert visible.evaluate_all("els => els.map(e => e.dataset.constructId)") == \
        [constructs[0].id]


def test_a_snapshot_can_be_dated_in_the_past_and_dates_read_the_british_way(
        site_page: tuple[str, Any], constructs: Any) -> None:
    _, page = site_page
    open_assessment(page)
    answer_all(page, constructs, KNOWN)
    date = page.get_by_label("Date of the answers")
    assert date.input_value() == page.evaluate("new Date().toLocaleDateString('en-CA')")
    page.get_by_role("button", name="Save a snapshot").click()  # today's
    page.get_by_label("Snapshot name (optional)").fill("Baseline")
    date.fill("2025-06-01")  # entered late
    page.get_by_role("button", name="Save a snapshot").click()
    expect(page.locator(".pcsp-message")).to_have_text("Snapshot saved for 1 June 2025.")
    today = page.evaluate("new Date().toLocaleDateString('en-GB', "
                          "{day: 'numeric', month: 'long', year: 'numeric'})")
    listed = [t.removesuffix("Delete").strip()
              for t in page.locator(".pcsp-sa-snapshot-list li").all_inner_texts()]
    assert listed == ["1 June 2025: Baseline", today]  # the baseline first
    assert page.get_by_label("Compare", exact=True).locator("option").all_inner_texts() == [
        "Current answers", "1 June 2025: Baseline", today]
    page.get_by_label("Compare", exact=True).select_option(label="1 June 2025: Baseline")
    assert page.locator(".pcsp-sa-compare thead th").nth(1).inner_text() == \
        "1 June 2025: Baseline"
    assert re.fullmatch(r"Summary printed on \d{1,2} [A-Z][a-z]+ \d{4}",
                        page.locator(".pcsp-sa-print-date").text_content())

    tomorrow = page.evaluate("(() => { const d = new Date(); d.setDate(d.getDate() + 1);"
                             " return d.toLocaleDateString('en-CA'); })()")
    date.fill(tomorrow)
    page.get_by_role("button", name="Save a snapshot").click()
    expect(page.locator(".pcsp-field-problem")).to_contain_text(
        "Enter a date with a four-digit year, between 1 January 1900 and ")
    assert page.locator(".pcsp-sa-snapshot-list li").count() == 2
    assert date.get_attribute("aria-invalid") == "true"


def test_the_toolbar_promises_only_what_it_has(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    open_assessment(page)
    toolbar = page.locator(".pcsp-toolbar")
    name = toolbar.get_attribute("aria-label")
    assert "share" not in name.lower()
    assert page.get_by_role("group", name=name).is_visible()
    buttons = toolbar.locator("button").all_inner_texts()
    assert buttons == ["Download my answers (JSON)", "Print a summary", "Clear my data"]
    assert toolbar.get_by_label("Load answers from a file (JSON)").is_visible()
    assert name == "Download, load, print or clear your answers"
