"""The record of files that passed their schema only saves time: it never hides a problem."""

from __future__ import annotations

import json
from pathlib import Path

from generator.checks import check_project
from generator.content import project as project_module
from generator.content.project import PASSED_RECORD, load_project
from helpers import copy_root, edit


def fresh_check(root: Path) -> list[str]:
    """Every error found, reading the files afresh (not from this process's memory)."""
    project_module._LOADED.clear()
    return [d.format().splitlines()[0] for d in check_project(root)[1] if d.severity == "error"]


def test_files_that_passed_are_recorded_only_where_a_build_folder_exists(tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path / "guide")
    assert fresh_check(root) == []
    assert not (root / "_build").exists()  # loading never makes folders
    (root / "_build").mkdir()
    assert fresh_check(root) == []
    recorded = json.loads((root / PASSED_RECORD).read_text(encoding="utf-8"))
    assert len(recorded) == len(load_project(root).sources)


def test_an_edit_after_passing_is_checked_again(tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path / "guide")
    (root / "_build").mkdir()
    assert fresh_check(root) == []
    edit(root / "content" / "glossary.yaml", "title: Glossary\n", "titel: Glossary\n")
    assert "content/glossary.yaml:1:1: error: unknown key 'titel' at the top level" \
        in fresh_check(root)
    edit(root / "content" / "glossary.yaml", "titel: Glossary\n", "title: Glossary\n")
    assert fresh_check(root) == []


def test_a_damaged_or_forged_record_is_ignored(tmp_path: Path) -> None:
    root = copy_root("minimal", tmp_path / "guide")
    (root / "_build").mkdir()
    for damaged in ("{not json", '{"a": 1}', "[1, 2]", ""):
        (root / PASSED_RECORD).write_text(damaged, encoding="utf-8")
        assert fresh_check(root) == []
    (root / PASSED_RECORD).write_text(json.dumps(["0" * 64]), encoding="utf-8")
    edit(root / "content" / "roles.yaml", "    summary: Holds conversations.\n",
         "    summary: Holds conversations.\n    colour: blue\n")
    assert any("unknown key 'colour'" in line for line in fresh_check(root))
