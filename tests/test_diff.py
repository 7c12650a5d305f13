"""`pcsp diff`: what changed between two versions of the content, matched by id."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.content.diagnostics import errors_only
from generator.content.project import load_project
from generator.diff import CHANGES, describe, diff_projects, render_segments, word_diff
from helpers import REPO, VERSIONS, copy_project, edit, pcsp

OLD, NEW = VERSIONS / "1.0", VERSIONS / "1.1"

FIXTURE_TEXT = """\
Changes from version 1.0 to 1.1: 1 added, 1 removed, 1 moved, 1 renamed, 2 reworded

Added:
  + activity agree-templates "Agree the templates" in stage set-up "Set-up"

Removed:
  - success factor pr-time "Protected time" (was in success factor level practice "Practice")

Moved:
  > activity check-fidelity "Check fidelity": from stage maintenance "Maintenance" \
to stage implementation "Implementation and training"

Renamed:
  = role id nurse is now practice-nurse "Practice nurse"

Reworded:
  ~ activity check-fidelity "Check fidelity"
      success_factors: [-pr-time-]
  ~ NPT sub-construct initiation "Initiation"
      statement: We agree [-on-]{+who leads+} initiation.
"""


def copy_version(src: Path, dest: Path) -> Path:
    shutil.copytree(src, dest)
    return dest


def test_fixture_versions_as_text() -> None:
    result = pcsp("diff", str(OLD), str(NEW))
    assert result.returncode == 0, result.stderr
    assert result.stdout == FIXTURE_TEXT


def test_fixture_versions_as_json() -> None:
    result = pcsp("diff", str(OLD), str(NEW), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["from"] == {"version": "1.0", "published": "2026-01-15"}
    assert data["to"] == {"version": "1.1", "published": "2026-06-01"}
    assert data["added"] == [{"kind": "activity", "id": "agree-templates",
                              "title": "Agree the templates",
                              "in": {"kind": "stage", "id": "set-up", "title": "Set-up"}}]
    assert data["removed"] == [{"kind": "success factor", "id": "pr-time",
                                "title": "Protected time",
                                "in": {"kind": "success factor level", "id": "practice",
                                       "title": "Practice"}}]
    assert data["moved"] == [{
        "kind": "activity", "id": "check-fidelity", "title": "Check fidelity",
        "from": {"kind": "stage", "id": "maintenance", "title": "Maintenance"},
        "to": {"kind": "stage", "id": "implementation",
               "title": "Implementation and training"}}]
    assert data["renamed"] == [{"kind": "role", "id": "practice-nurse", "old_id": "nurse",
                                "title": "Practice nurse"}]
    assert data["reworded"][0]["id"] == "check-fidelity"  # its link to the removed factor
    assert data["reworded"][1:] == [{
        "kind": "NPT sub-construct", "id": "initiation", "title": "Initiation",
        "fields": [{
            "field": "statement", "old": "We agree on initiation.",
            "new": "We agree who leads initiation.",
            "diff": "We agree [-on-]{+who leads+} initiation.",
            "segments": [{"op": "same", "text": "We agree"}, {"op": "removed", "text": "on"},
                         {"op": "added", "text": "who leads"},
                         {"op": "same", "text": "initiation."}]}]}]


def test_same_version_has_no_changes() -> None:
    result = pcsp("diff", str(OLD), str(OLD))
    assert result.stdout == "Changes from version 1.0 to 1.0: no changes\n"


def test_output_is_the_same_every_time() -> None:
    first = pcsp("diff", str(OLD), str(NEW), "--format", "json").stdout
    assert pcsp("diff", str(OLD), str(NEW), "--format", "json").stdout == first


@pytest.mark.parametrize(("old", "new", "shown"), [
    ("Find a chair.", "Find a chair and a secretary.",
     "Find a [-chair.-]{+chair and a secretary.+}"),
    ("Bring people together.", "Bring the right people together.",
     "Bring {+the right+} people together."),
    ("Tests are done first.", "Tests are done.", "Tests are [-done first.-]{+done.+}"),
    ("", "New text.", "{+New text.+}"),
    ("Old text.", "", "[-Old text.-]"),
])
def test_word_diff_reads_as_wdiff(old: str, new: str, shown: str) -> None:
    assert render_segments(word_diff(old, new)) == shown


CHECKLIST = """\
id: set-up
title: Set-up checklist
audience: steering-group
stage: set-up
intro: Work through this list before practices start.
sections:
  - id: leads
    title: Leads
    items:
      - id: chair-named
        text: A chair is named.
        refs: [form-steering-group]
      - id: admin-lead
        text: An admin lead is named.
  - id: systems
    title: Systems
    items:
      - id: templates-ready
        text: The templates are ready.
"""

WORDING = """\
title: Pack wording
intro:
  - Wording for the packs.
documents:
  - id: poster
    title: Poster
    audience: patients
    items:
      - id: poster-heading
        text: Your yearly check is changing.
      - id: poster-steps
        points:
          - Have your tests.
          - Read your results.
  - id: leaflet
    title: Leaflet
    audience: patients
    items:
      - id: leaflet-heading
        text: "Welcome to {practice_name}."
"""


def test_checklist_items_and_patient_wording(tmp_path: Path) -> None:
    old = copy_version(OLD, tmp_path / "old")
    (old / "checklists").mkdir()
    (old / "checklists" / "set-up.yaml").write_text(CHECKLIST, encoding="utf-8")
    (old / "content" / "patient-materials.yaml").write_text(WORDING, encoding="utf-8")
    new = copy_version(old, tmp_path / "new")
    checklist = new / "checklists" / "set-up.yaml"
    # the admin lead item moves to the Systems section and is reworded; a new item is added
    edit(checklist, "      - id: admin-lead\n        text: An admin lead is named.\n", "")
    edit(checklist, "      - id: templates-ready\n", "      - id: admin-lead\n        text: An "
         "admin lead is named and has time.\n      - id: templates-ready\n")
    edit(checklist, "        text: The templates are ready.\n", "        text: The templates "
         "are ready.\n      - id: search-ready\n        text: The search finds the patients.\n")
    wording = new / "content" / "patient-materials.yaml"
    edit(wording, "          - Read your results.\n", "          - Read your results at home.\n")
    edit(wording, "        text: Your yearly check is changing.\n",
         "        text: Your yearly check is changing.\n      - id: poster-footer\n"
         "        text: Ask at reception.\n")

    result = pcsp("diff", str(old), str(new))
    assert result.returncode == 0, result.stderr
    assert result.stdout == """\
Changes from version 1.0 to 1.0: 2 added, 1 moved, 2 reworded

Added:
  + checklist item set-up/search-ready "The search finds the patients." \
in checklist section set-up/systems "Systems"
  + patient wording poster-footer "Ask at reception." in patient document poster "Poster"

Moved:
  > checklist item set-up/admin-lead "An admin lead is named and has time.": \
from checklist section set-up/leads "Leads" to checklist section set-up/systems "Systems"

Reworded:
  ~ checklist item set-up/admin-lead "An admin lead is named and has time."
      text: An admin lead is [-named.-]{+named and has time.+}
  ~ patient wording poster-steps "Have your tests. / Read your results at home."
      points: Have your tests. / Read your [-results.-]{+results at home.+}
"""


def test_renamed_id_must_point_at_an_item(tmp_path: Path) -> None:
    new = copy_version(NEW, tmp_path / "new")
    edit(new / "content" / "guide.yaml", "  nurse: practice-nurse\n", "  nurse: practise-nurse\n")
    result = pcsp("diff", str(OLD), str(new))
    assert result.returncode == 1
    assert ("content/guide.yaml:8:10: error: changed id 'nurse' points to 'practise-nurse', "
            "which the content does not have\n    hint: did you mean 'practice-nurse'?"
            in result.stderr)
    validate = pcsp("validate", str(new))
    assert validate.returncode == 1
    assert "content/guide.yaml:8:10: error: changed id 'nurse'" in validate.stderr


def test_content_errors_stop_the_diff(tmp_path: Path) -> None:
    new = copy_version(NEW, tmp_path / "new")
    edit(new / "content" / "stages.yaml", "        house: [right-wall]\n",
         "        house: [right-wal]\n")
    result = pcsp("diff", str(OLD), str(new))
    assert result.returncode == 1
    assert "content/stages.yaml:" in result.stderr
    assert "unknown House of Care part 'right-wal'" in result.stderr
    assert result.stdout == ""


def test_unknown_version_is_explained(tmp_path: Path) -> None:
    result = pcsp("diff", "0.9", str(NEW), "--project", str(tmp_path))
    assert result.returncode == 2
    assert "'0.9' is neither a project folder (with content/) nor a released version" \
        in result.stderr


def _swap_first_two_activities(root: Path) -> None:
    path = root / "content" / "stages.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    activities = data["stages"][0]["activities"]
    activities[0], activities[1] = activities[1], activities[0]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


READINESS = "checklists/house-of-care-readiness.yaml"
EDITS = [  # (file, text, replacement or a function of the project, change, kind, id, field)
    ("content/stages.yaml", "roles: [commissioner, steering-group-member, clinical-champion]",
     "roles: [commissioner, steering-group-member, clinical-champion, practice-manager]",
     "reworded", "activity", "place-pcsp-in-local-strategy", "roles"),
    ("content/stages.yaml", "        house: [foundation]\n        success_factors: "
     "[whole-system-local-strategy,", "        house: [foundation, roof]\n        "
     "success_factors: [whole-system-local-strategy,", "reworded", "activity",
     "place-pcsp-in-local-strategy", "house"),
    ("content/stages.yaml", "", _swap_first_two_activities, "moved", "activity",
     "form-steering-group", None),
    ("content/guide.yaml", "helps people who live with", "helps everyone who lives with",
     "reworded", "guide", "guide", "summary"),
    ("content/stages.yaml", "Bringing in PCSP does not happen by chance.",
     "PCSP does not happen by chance.", "reworded", "page", "stages", "intro"),
    ("content/house.yaml", "Inside the house is the conversation itself.",
     "The conversation itself sits inside the house.", "reworded", "House of Care", "house",
     "centre_summary"),
    (READINESS, "refs: [left-wall, prepare-patient-information]", "refs: [left-wall]",
     "reworded", "checklist item", "house-of-care-readiness/people-know-what-to-expect",
     "refs"),
    (READINESS, "audience: steering-group", "audience: practice", "reworded", "checklist",
     "house-of-care-readiness", "audience"),
    ("source/editing-content.md", "so you never edit\nthe pages themselves.",
     "so never edit\nthe pages themselves.", "reworded", "hand-written page",
     "editing-content", "text"),
]


@pytest.fixture(scope="module")
def shipped() -> Any:
    return load_project(REPO)


@pytest.mark.parametrize(("file", "text", "new", "change", "kind", "item_id", "field"), EDITS,
                         ids=[f"{e[4]}-{e[6] or e[3]}" for e in EDITS])
def test_every_kind_of_edit_is_reported_once(
        tmp_path: Path, shipped: Any, file: str, text: str, new: Any, change: str, kind: str,
        item_id: str, field: str | None) -> None:
    root = copy_project(tmp_path / "project")
    if callable(new):
        new(root)
    else:
        edit(root / file, text, new)
    edited = load_project(root)
    assert not errors_only(edited.diagnostics), edited.diagnostics
    result = diff_projects(shipped, edited)
    found = [(c, e) for c in CHANGES for e in result[c]]
    assert len(found) == 1, found  # that edit, and nothing else
    (got, entry), = found
    assert (got, entry["kind"], entry["id"]) == (change, kind, item_id)
    if field:
        assert [f["field"] for f in entry["fields"]] == [field]
    else:
        assert entry["position"] == {"from": 2, "to": 1}  # the fewest moves that explain it
        assert describe(got, entry).endswith(': from place 2 to place 1 in stage set-up "Set-up"')
