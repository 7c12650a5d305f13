"""An incremental build after any single content edit gives the same bytes as a clean build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import build_site
from helpers import copy_project, files

EDITS = [
    ("content/guide.yaml", r"^next_review: .*$", 'next_review: "2027-06-30"'),
    ("content/stages.yaml", r"^(      - id: .*\n        title: )([A-Za-z].*)$", r"\1\2 (edited)"),
    ("content/roles.yaml", r"^(  - id: .*\n    title: )([A-Za-z].*)$", r"\1\2 (edited)"),
    ("content/npt.yaml", r"^( +statement: )([A-Za-z].*)$", r"\1\2 (edited)"),
    ("content/glossary.yaml", r"^( +definition: )([A-Za-z].*)$", r"\1\2 (edited)"),
    ("checklists/set-up.yaml", r"^( +text: )([A-Za-z].*)$", r"\1\2 (edited)"),
    ("content/patient-materials.yaml", r"^( +text: )([A-Za-z][^\"{}\n]*)$", r"\1\2 (edited)"),
]
"""One edit to each kind of content file: (file, line pattern, replacement of its first match).
Each pattern takes the first unquoted value, whatever it says, so an edit to the shipped
wording does not break the test."""


@pytest.mark.slow
def test_incremental_builds_equal_clean_builds(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    out = root / "_build" / "html"
    assert build_site(root) == 0
    for file, pattern, replacement in EDITS:
        path = root / file
        text = path.read_text(encoding="utf-8")
        edited, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1 and edited != text, file
        path.write_text(edited, encoding="utf-8")
        assert build_site(root) == 0, file
        incremental = files(out)
        shutil.rmtree(root / "_build")
        assert build_site(root) == 0, file
        clean = files(out)
        differ = sorted(k for k in clean.keys() | incremental.keys()
                        if clean.get(k) != incremental.get(k))
        assert differ == [], f"after editing {file}: {differ}"


@pytest.mark.slow
def test_an_activity_moved_to_an_earlier_page_builds_incrementally(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture
                                                                  ) -> None:
    """Moving an activity to a stage whose page is read first must not look, for a moment,
    like the same item on two pages."""
    root = copy_project(tmp_path / "project")
    assert build_site(root) == 0
    stages = root / "content" / "stages.yaml"
    text = stages.read_text(encoding="utf-8")
    last = text.rindex("\n  - id: ")  # the last stage, and its first activity
    first = text.index("\n      - id: ", last)
    end = text.index("\n      - id: ", first + 1)
    moved = text[first:end]
    text = text[:first] + text[end:]
    text = text[:last] + moved + text[last:]  # now the last activity of the stage before
    stages.write_text(text, encoding="utf-8")
    capsys.readouterr()
    assert build_site(root) == 0, capsys.readouterr().err
    assert "shown on two pages" not in capsys.readouterr().err
