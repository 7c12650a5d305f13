"""`pcsp validate` as a user runs it: exit codes, file:line:col lines, JSON and the summary."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import MINIMAL, pcsp


def edit(root: Path, name: str, old: str, new: str) -> None:
    """Replace text that occurs exactly once in a content file."""
    path = root / "content" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the minimal project with every success factor tagged, so it is fully clean."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    edit(root, "stages.yaml", "success_factors: [pr-roles]",
         "success_factors: [pr-roles, sg-support]")
    return root


def test_clean_project_prints_one_line_summary(project: Path) -> None:
    result = pcsp("validate", str(project))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert "no problems" in lines[0]


def test_defaults_to_the_current_folder(project: Path) -> None:
    result = pcsp("validate", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout


def test_errors_give_file_line_column_and_exit_1(project: Path) -> None:
    edit(project, "stages.yaml", "house: [roof]", "house: [rooof]")
    edit(project, "roles.yaml", "    title: Practice nurse", "    titel: Practice nurse")
    result = pcsp("validate", str(project))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == [
        "content/house.yaml:20:9: warning: nothing tags House of Care part 'roof'",
        "    hint: tag an activity in content/stages.yaml with it (house: [roof]), or remove it",
        "content/roles.yaml:5:5: error: missing key 'title' in roles[1]",
        "    hint: is 'titel' a misspelling of it?",
        "content/roles.yaml:6:5: error: unknown key 'titel' in roles[1]",
        "    hint: did you mean 'title'?",
        "content/stages.yaml:15:17: error: unknown House of Care part 'rooof'",
        "    hint: did you mean 'roof'?",
        "3 error(s), 1 warning(s)",
    ]
    assert "no problems" not in result.stdout + result.stderr


def test_json_output_for_tools(project: Path) -> None:
    edit(project, "stages.yaml", "house: [roof]", "house: [rooof]")
    result = pcsp("validate", "--format", "json", str(project))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1
    assert report["diagnostics"] == [
        {"file": "content/house.yaml", "line": 20, "column": 9,
         "message": "nothing tags House of Care part 'roof'",
         "hint": "tag an activity in content/stages.yaml with it (house: [roof]), or remove it",
         "severity": "warning"},
        {"file": "content/stages.yaml", "line": 15, "column": 17,
         "message": "unknown House of Care part 'rooof'", "hint": "did you mean 'roof'?",
         "severity": "error"},
    ]


def test_json_output_when_clean(project: Path) -> None:
    result = pcsp("validate", "--format", "json", str(project))
    assert result.returncode == 0
    assert json.loads(result.stdout) == {"diagnostics": [], "errors": 0}


def test_warnings_alone_pass_unless_strict(project: Path) -> None:
    edit(project, "stages.yaml", "npt: [coherence]", "npt: []")
    warning = "content/npt.yaml:5:9: warning: nothing tags NPT construct 'coherence'"
    result = pcsp("validate", str(project))
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == warning
    assert result.stdout.splitlines()[-1] == "0 error(s), 1 warning(s)"
    strict = pcsp("validate", "--strict", str(project))
    assert strict.returncode == 1
    assert strict.stderr.splitlines()[0] == warning


def test_folder_without_content_says_so(tmp_path: Path) -> None:
    result = pcsp("validate", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"content/:1:1: error: there is no content folder in '{tmp_path}'")
