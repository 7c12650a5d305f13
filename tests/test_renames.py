"""An id changed since the last release without being recorded is recognised as a rename,
and checklist item renames can be recorded like guidance ids."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.checks import check_project
from generator.content.project import load_project
from generator.diff import diff_projects
from helpers import copy_project, edit


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The shipped project with its present content stored as release 1.0."""
    root = copy_project(tmp_path / "project")
    stored = root / "releases" / "1.0"
    stored.mkdir(parents=True)
    for part in ("conf.py", "content", "checklists", "source"):
        source = root / part
        if source.is_dir():
            shutil.copytree(source, stored / part)
        else:
            shutil.copy2(source, stored / part)
    (stored / "release.json").write_text(json.dumps({"version": "1.0", "date": "2026-01-01"}))
    return root


def rename_everywhere(root: Path, old: str, new: str) -> None:
    """Change an id in every content and checklist file, as an editor's search and replace."""
    for path in [*(root / "content").glob("*.yaml"), *(root / "checklists").glob("*.yaml")]:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(old, new), encoding="utf-8")


def warnings(root: Path) -> list[str]:
    _, found = check_project(root)
    assert not [d for d in found if d.severity == "error"], found
    return [f"{d.file}:{d.line}: {d.message} | {d.hint}" for d in found
            if d.severity == "warning"]


def test_an_unrecorded_rename_is_named_as_one(project: Path) -> None:
    rename_everywhere(project, "form-steering-group", "set-up-steering-group")
    (found,) = [w for w in warnings(project) if "is gone" in w]
    assert found == (
        "content/stages.yaml:35: activity 'form-steering-group' is gone since version 1.0 and "
        "'set-up-steering-group' is new: is it the same item with a new id? | if so, add "
        "'form-steering-group: set-up-steering-group' under renamed_ids: in content/guide.yaml, "
        "so old links and bookmarks still find it; if 'form-steering-group' was removed on "
        "purpose, nothing needs doing")


def test_a_recorded_rename_is_not_questioned(project: Path) -> None:
    rename_everywhere(project, "form-steering-group", "set-up-steering-group")
    edit(project / "content/guide.yaml", "\nsummary:",
         "\nrenamed_ids:\n  form-steering-group: set-up-steering-group\nsummary:")
    assert not [w for w in warnings(project) if "is gone" in w]


def test_an_unrelated_new_item_is_not_taken_for_a_rename(project: Path) -> None:
    checklist = project / "checklists" / "set-up.yaml"
    text = checklist.read_text(encoding="utf-8")
    item = text[text.index("      - id: ", text.index("items:")):]
    first_id = item.split("\n")[0].removeprefix("      - id: ")
    checklist.write_text(text.replace(f"- id: {first_id}\n", "- id: zzz-quite-different\n")
                         .replace(item.split("\n")[1], "        text: Something else entirely."),
                         encoding="utf-8")
    assert not [w for w in warnings(project) if "is gone" in w]


def checklist_item(root: Path) -> tuple[Path, str]:
    """The set-up checklist and the id of its first item."""
    path = root / "checklists" / "set-up.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - id: ", text.index("items:"))
    return path, text[start:].split("\n")[0].removeprefix("      - id: ")


def test_a_checklist_item_rename_is_recognised_and_can_be_recorded(project: Path) -> None:
    path, item = checklist_item(project)
    edit(path, f"- id: {item}\n", f"- id: {item}-now\n")
    (found,) = [w for w in warnings(project) if "is gone" in w]
    assert found.startswith("checklists/set-up.yaml:")
    assert (f"checklist item '{item}' is gone since version 1.0 and '{item}-now' is new"
            in found)
    assert f"add '{item}: {item}-now' under renamed_items: in checklists/set-up.yaml, so " \
           "ratings people saved follow it" in found

    edit(path, "\nsections:", f"\nrenamed_items:\n  {item}: {item}-now\nsections:")
    assert not [w for w in warnings(project) if "is gone" in w]
    changes = diff_projects(load_project(project / "releases" / "1.0"), load_project(project))
    assert [(c["kind"], c["id"], c["old_id"]) for c in changes["renamed"]] == [
        ("checklist item", f"set-up/{item}-now", f"set-up/{item}")]
    assert not changes["added"] and not changes["removed"]


@pytest.mark.parametrize(("entry", "message"), [
    ("{item}: {item}", "changed id '{item}' points to itself"),
    ("{item}: gone-nowhere", "changed id '{item}' points to 'gone-nowhere', which the "
                             "checklist does not have"),
])
def test_bad_checklist_renames_are_refused(project: Path, entry: str, message: str) -> None:
    path, item = checklist_item(project)
    edit(path, "\nsections:", f"\nrenamed_items:\n  {entry.format(item=item)}\nsections:")
    _, found = check_project(project)
    assert message.format(item=item) in [d.message for d in found if d.severity == "error"]
