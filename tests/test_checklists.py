"""Checklists: loading and checking the YAML, item fingerprints, and the rendered HTML."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from generator.checks import check_project
from generator.content.definitions import checklist_audiences
from generator.content.diagnostics import Diagnostic, errors_only
from generator.content.model import Checklist, item_text_hash
from generator.content.project import load_project
from helpers import MINIMAL, copy_root, page, pcsp

MakeApp = Callable[..., SphinxTestApp]

GOOD = """\
id: practice-start
title: Starting out
audience: practice
stage: set-up
intro: A short list for the practice.
sections:
  - id: first-steps
    title: First steps
    items:
      - id: lead-named
        text: A lead is named.
        why: Someone has to own it.
        how: Ask at the team meeting.
        refs: [form-steering-group, ws-purpose, roof, coherence]
      - id: team-trained
        text: The team is trained.
  - id: later
    title: Later
    items:
      - id: reviewed
        text: We review how it went.
        refs: [check-fidelity]
"""


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    """A copy of the minimal test project with these checklist files added."""
    root = copy_root("minimal", tmp_path / "minimal")
    (root / "checklists").mkdir(exist_ok=True)  # git keeps no empty folders
    for name, text in files.items():
        (root / "checklists" / name).write_text(text, encoding="utf-8")
    return root


def load_checklists(root: Path) -> tuple[list[Checklist], list[Diagnostic]]:
    """The project's checklists (none if any has an error) and the checklists' problems."""
    project, found = check_project(root)
    found = [d for d in found if d.file.startswith("checklists/")]
    return ([] if errors_only(found) else list(project.checklists)), found


def problems(tmp_path: Path, name: str, text: str) -> list[str]:
    """The formatted diagnostics for one checklist file in the minimal project."""
    root = project_with(tmp_path, {name: text})
    checklists, found = load_checklists(root)
    assert checklists == [] or not found
    return [d.format() for d in found]


# ---------------------------------------------------------------- loading and checking

def test_a_good_checklist_becomes_typed_objects(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"practice-start.yaml": GOOD})
    [checklist], found = load_checklists(root)
    assert found == []
    assert checklist.title == "Starting out"
    assert checklist_audiences()[checklist.audience] == "Practice"
    assert [s.id for s in checklist.sections] == ["first-steps", "later"]
    first = checklist.items[0]
    assert (first.id, first.why, first.how) == ("lead-named", "Someone has to own it.",
                                                "Ask at the team meeting.")
    assert first.refs == ("form-steering-group", "ws-purpose", "roof", "coherence")
    assert checklist.items[1].refs == ()


BROKEN = [
    ("stage: set-up", "stage: set-upp",
     "checklists/practice-start.yaml:4:8: error: unknown stage 'set-upp'\n"
     "    hint: did you mean 'set-up'?"),
    ("refs: [check-fidelity]", "refs: [check-fidelty]",
     "checklists/practice-start.yaml:22:16: error: unknown reference 'check-fidelty'\n"
     "    hint: did you mean 'check-fidelity'?"),
    ("refs: [check-fidelity]", "refs: [nurse]",
     "checklists/practice-start.yaml:22:16: error: 'nurse' is a role, which a checklist item "
     "cannot link to"),
    ("id: reviewed", "id: lead-named",
     "checklists/practice-start.yaml:20:13: error: duplicate item id 'lead-named'\n"
     "    hint: 'lead-named' is already used at line 10; ids must be unique within a checklist"),
    ("id: later", "id: first-steps",
     "checklists/practice-start.yaml:17:9: error: duplicate section id 'first-steps'"),
    ("id: practice-start", "id: practice-begin",
     "checklists/practice-start.yaml:1:5: error: checklist id 'practice-begin' does not match "
     "its file name 'practice-start.yaml'"),
    ("audience: practice", "audience: practise",
     "checklists/practice-start.yaml:3:11: error: 'practise' is not allowed for audience"),
    ("        why: Someone has to own it.", "        colour: red",
     "checklists/practice-start.yaml:12:9: error: unknown key 'colour'"),
    ("id: team-trained", "id: Team_Trained",
     "checklists/practice-start.yaml:15:13: error: sections[1].items[2].id 'Team_Trained' is "
     "not a valid id"),
]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN,
                         ids=[b[2].split("error: ")[1][:40] for b in BROKEN])
def test_broken_checklists_are_reported_at_file_line_column(tmp_path: Path, old: str, new: str,
                                                            expected: str) -> None:
    assert GOOD.count(old) == 1
    found = problems(tmp_path, "practice-start.yaml", GOOD.replace(old, new))
    assert any(d.startswith(expected) for d in found), found


def test_every_problem_in_every_checklist_is_reported_at_once(tmp_path: Path) -> None:
    bad_stage = GOOD.replace("stage: set-up", "stage: nowhere")
    bad_ref = GOOD.replace("id: practice-start", "id: other").replace("[check-fidelity]",
                                                                     "[missing-thing]")
    root = project_with(tmp_path, {"practice-start.yaml": bad_stage, "other.yaml": bad_ref,
                                   "broken.yaml": "id: [\n"})
    checklists, found = load_checklists(root)
    assert checklists == []
    files = sorted({d.file for d in found})
    assert files == ["checklists/broken.yaml", "checklists/other.yaml",
                     "checklists/practice-start.yaml"]


def test_pcsp_validate_reports_checklist_problems(tmp_path: Path) -> None:
    root = project_with(tmp_path, {"practice-start.yaml": GOOD.replace("roof,", "rooof,")})
    result = pcsp("validate", str(root))
    assert result.returncode == 1
    assert "checklists/practice-start.yaml:14:49: error: unknown reference 'rooof'" in \
        result.stderr


# ---------------------------------------------------------------- item fingerprints

def test_item_hash_is_the_start_of_sha256_of_the_normalised_text() -> None:
    text = "A lead is named."
    assert item_text_hash(text) == hashlib.sha256(text.encode()).hexdigest()[:12]
    assert item_text_hash("  A lead\n is   named. ") == item_text_hash(text)
    assert item_text_hash("Cafe\u0301 open") == item_text_hash("Caf\u00e9 open")
    assert item_text_hash("A lead is named!") != item_text_hash(text)


# ---------------------------------------------------------------- the rendered pages

HOSTILE = GOOD.replace("text: A lead is named.",
                       'text: "<script>alert(1)</script> & {{ x }} <b>bold</b>"').replace(
    "why: Someone has to own it.", "why: '<img src=x onerror=alert(1)>'")


def test_checklist_page_is_complete_html_with_escaped_text(tmp_path: Path,
                                                           make_app: MakeApp) -> None:
    app = make_app("html", srcdir=project_with(tmp_path, {"practice-start.yaml": HOSTILE}))
    app.build()
    assert app.statuscode == 0
    soup = page(app, "_generated/checklists/practice-start")
    assert soup.h1.get_text(strip=True).rstrip("¶") == "Starting out"
    root = soup.select_one("div.pcsp-checklist")
    assert root["data-checklist-id"] == "practice-start"
    assert soup.find("script", string=lambda s: s and "alert" in s) is None
    assert soup.find("img", src="x") is None and soup.find("b") is None
    first = root.select_one("li#item-lead-named")
    text = "<script>alert(1)</script> & {{ x }} <b>bold</b>"
    assert first.legend.get_text() == text
    assert first["data-item-hash"] == item_text_hash(text)
    labels = [label.get_text(strip=True) for label in first.select(".pcsp-choices label")]
    assert labels == ["Not started", "Needs more work", "Nearly there", "Done", "Not relevant"]
    assert {r["name"] for r in first.select("input[type=radio]")} == {
        "pcsp-practice-start-lead-named"}
    why = first.select_one("details.pcsp-why")
    assert why.summary.get_text() == "Why it matters"
    assert why.p.get_text() == "<img src=x onerror=alert(1)>"
    fields = {label.get_text(): soup.find(id=label["for"]).get("type")
              for label in first.select(".pcsp-item-plan label")}
    assert fields == {"If not relevant, why not": "text", "Next step": "text",
                      "Who will do it": "text", "By when": "date"}
    links = {a.get_text(): a["href"] for a in first.select(".pcsp-refs a")}
    assert links == {
        "Form a steering group": "../stages/set-up.html#form-steering-group",
        "Shared purpose": "../success-factors.html#ws-purpose",
        "Roof: organisational systems": "../house-of-care.html#roof",
        "Coherence": "../npt.html#coherence"}
    stage = soup.select_one(".pcsp-meta a")
    assert (stage.get_text(), stage["href"]) == ("Stage 1: Set-up", "../stages/set-up.html")
    assert [h.get_text() for h in root.select("section.pcsp-checklist-section > h2")] == [
        "First steps", "Later"]
    toolbar = root.select_one(".pcsp-toolbar")
    assert toolbar.has_attr("hidden")
    assert "kept only in this web browser" in root.select_one(".pcsp-about-data").get_text()


def test_scripts_and_styles_are_added_only_where_needed(tmp_path: Path,
                                                         make_app: MakeApp) -> None:
    app = make_app("html", srcdir=project_with(tmp_path, {"practice-start.yaml": GOOD}))
    app.build()

    interactive = {"pcsp-common.js", "checklist.js", "self-assessment.js"}

    def scripts(docname: str) -> list[str]:
        html = page(app, docname)
        assert not html.find_all("script", type="module")  # modules do not load from disk
        names = [s["src"].split("?")[0].rsplit("/", 1)[1]
                 for s in html.find_all("script", src=True)]
        return [name for name in names if name in interactive]

    assert scripts("_generated/checklists/practice-start") == ["pcsp-common.js", "checklist.js"]
    assert scripts("_generated/self-assessment") == ["pcsp-common.js", "self-assessment.js"]
    assert scripts("_generated/npt") == []
    styles = [link["href"] for link in page(app, "_generated/npt").find_all("link")]
    assert not any("interactive.css" in href for href in styles)
    assert any("interactive.css" in link["href"] for link in
               page(app, "_generated/self-assessment").find_all("link", rel="stylesheet"))
    for name in ("checklist.js", "self-assessment.js", "interactive.css"):
        assert (app.outdir / "_static" / name).is_file()


def test_checklists_index_lists_each_checklist(tmp_path: Path, make_app: MakeApp) -> None:
    app = make_app("html", srcdir=project_with(tmp_path, {"practice-start.yaml": GOOD}))
    app.build()
    soup = page(app, "_generated/checklists/index")
    entry = soup.select_one("ul.pcsp-checklist-list li")
    assert entry.a.get_text() == "Starting out"
    assert entry.a["href"] == "practice-start.html"
    assert entry.find_all("p")[1].get_text() == "For: Practice. Stage: Stage 1: Set-up. 3 items."
    assert soup.find("a", string="NPT self-assessment")["href"] == "../self-assessment.html"


def test_self_assessment_has_sixteen_statements_and_hidden_advice(app_minimal: SphinxTestApp
                                                                  ) -> None:
    soup = page(app_minimal, "_generated/self-assessment")
    project = load_project(MINIMAL).require()
    statements = soup.select("fieldset.pcsp-sa-statement")
    assert [f["data-statement-id"] for f in statements] == [
        s.id for s in project.npt_sub_constructs]
    assert [f.legend.get_text() for f in statements] == [
        s.statement for s in project.npt_sub_constructs]
    labels = [label.get_text(strip=True) for label in statements[0].find_all("label")]
    assert labels == ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree",
                      "Strongly agree", "Not relevant to my role",
                      "Not relevant at this stage", "Not relevant to this work", "Note"]
    advice = soup.select("div.pcsp-sa-advice")
    assert [a["data-construct-id"] for a in advice] == [c.id for c in project.npt_constructs]
    assert all(a.has_attr("hidden") for a in advice)
    first = project.npt_constructs[0]
    assert [li.get_text() for li in advice[0].find_all("ul")[0].find_all("li")] == [
        p.text for p in first.typical_problems]
    assert advice[0].a["href"] == f"npt.html#{first.id}"
    rows = soup.select(".pcsp-sa-scores tbody th")
    assert [th.get_text() for th in rows] == [c.title for c in project.npt_constructs]


@pytest.fixture
def app_minimal(make_app: MakeApp, tmp_path: Path) -> SphinxTestApp:
    """The minimal test project (no checklists), built to HTML."""
    app = make_app("html", srcdir=project_with(tmp_path, {}))
    app.build()
    return app


def test_other_builders_leave_the_interactive_parts_out(tmp_path: Path,
                                                        make_app: MakeApp) -> None:
    app = make_app("text", srcdir=project_with(tmp_path, {"practice-start.yaml": GOOD}))
    app.build()
    assert app.statuscode == 0
    text = (app.outdir / "_generated" / "checklists" / "practice-start.txt").read_text()
    assert "Starting out" in text
    assert "Nearly there" not in text and "A lead is named." not in text


def test_checklist_errors_stop_the_build_with_their_location(tmp_path: Path,
                                                             make_app: MakeApp) -> None:
    root = project_with(tmp_path, {"practice-start.yaml": GOOD.replace("roof,", "rooof,")})
    with pytest.raises(ExtensionError) as caught:
        make_app("html", srcdir=root)
    assert "checklists/practice-start.yaml:14:49: error: unknown reference 'rooof'" in \
        str(caught.value)


def test_hand_written_page_can_show_a_checklist_by_id(tmp_path: Path,
                                                      make_app: MakeApp) -> None:
    root = project_with(tmp_path, {"practice-start.yaml": GOOD})
    (root / "extra.md").write_text(
        "# Extra\n\n```{pcsp-checklist} practice-start\n```\n\n"
        "```{pcsp-checklist} practise-start\n```\n", encoding="utf-8")
    index = root / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(
        "_generated/index", "_generated/index\nextra"), encoding="utf-8")
    app = make_app("html", srcdir=root)
    app.build()
    soup = page(app, "extra")
    assert soup.select_one("div.pcsp-checklist")["data-checklist-id"] == "practice-start"
    assert "no checklist with id 'practise-start' (did you mean 'practice-start'?)" in \
        app.warning.getvalue()
