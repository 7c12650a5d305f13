"""An incremental build after any single content edit gives the same bytes as a clean build."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from generator.build import build_site
from generator.release import copy_sources

REPO = Path(__file__).resolve().parent.parent

EDITS = [
    ("content/guide.yaml", r"^next_review: .*$", 'next_review: "2027-06-30"'),
    ("content/stages.yaml", r"^(      - id: .*\n        title: )(.*)$", r"\1\2 (edited)"),
    ("content/roles.yaml", r"^(  - id: .*\n    title: )(.*)$", r"\1\2 (edited)"),
    ("content/npt.yaml", r"^( +statement: )(.*)$", r"\1\2 (edited)"),
    ("content/glossary.yaml", r"^( +definition: )(.*)$", r"\1\2 (edited)"),
    ("checklists/set-up.yaml", r"^( +text: )(.*)$", r"\1\2 (edited)"),
    ("content/patient-materials.yaml", r"^( +text: )([A-Za-z][^\"{}\n]*)$", r"\1\2 (edited)"),
]
"""One edit to each kind of content file: (file, line pattern, replacement of its first match)."""


def html_files(out: Path) -> dict[str, bytes]:
    """Every file of a built site, by path."""
    return {p.relative_to(out).as_posix(): p.read_bytes()
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_incremental_builds_equal_clean_builds(tmp_path: Path) -> None:
    root = copy_sources(REPO, tmp_path / "project", ("conf.py", "content", "checklists",
                                                     "source", "_templates"))
    out = root / "_build" / "html"
    assert build_site(root) == 0
    for file, pattern, replacement in EDITS:
        path = root / file
        text = path.read_text(encoding="utf-8")
        edited, count = re.subn(pattern, replacement, text, count=1, flags=re.M)
        assert count == 1 and edited != text, file
        path.write_text(edited, encoding="utf-8")
        assert build_site(root) == 0, file
        incremental = html_files(out)
        shutil.rmtree(root / "_build")
        assert build_site(root) == 0, file
        clean = html_files(out)
        differ = sorted(k for k in clean.keys() | incremental.keys()
                        if clean.get(k) != incremental.get(k))
        assert differ == [], f"after editing {file}: {differ}"
