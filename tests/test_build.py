"""`pcsp build` end to end: a real Sphinx build of a project folder, and what a failure leaves."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import minimal_project, pcsp


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return minimal_project(tmp_path / "project")


def test_build_writes_the_guide(project: Path) -> None:
    result = pcsp("build", str(project))
    assert result.returncode == 0, result.stderr
    index = project / "_build" / "html" / "index.html"
    assert "Minimal guide" in index.read_text(encoding="utf-8")
    assert (project / "_build" / "html" / "_generated" / "house-of-care.html").is_file()


def test_build_defaults_to_current_folder(project: Path) -> None:
    result = pcsp("build", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / "_build" / "html" / "index.html").is_file()


def test_failed_build_keeps_previous_output(project: Path) -> None:
    assert pcsp("build", str(project)).returncode == 0
    index = project / "_build" / "html" / "index.html"
    before = index.read_bytes()

    # A content error stops the build before Sphinx runs.
    stages = project / "content" / "stages.yaml"
    good = stages.read_text(encoding="utf-8")
    stages.write_text(good.replace("house: [roof]", "house: [rooof]"), encoding="utf-8")
    result = pcsp("build", str(project))
    assert result.returncode == 1
    assert "content/stages.yaml:" in result.stderr
    assert "rooof" in result.stderr
    assert index.read_bytes() == before

    # A Sphinx warning (a broken toctree entry in a hand-written page) fails the build too.
    stages.write_text(good, encoding="utf-8")
    page = project / "source" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[broken](missing-page.md)\n",
                    encoding="utf-8")
    result = pcsp("build", str(project))
    assert result.returncode == 1
    assert "missing-page" in result.stderr
    assert "last good build" in result.stderr
    assert index.read_bytes() == before
    assert not (project / "_build" / ".html.staging").exists()


def test_build_outside_a_project_explains(tmp_path: Path) -> None:
    result = pcsp("build", str(tmp_path))
    assert result.returncode == 2
    assert "no conf.py" in result.stderr


def test_checklist_errors_stop_the_build_like_content_errors(project: Path) -> None:
    assert pcsp("build", str(project)).returncode == 0
    index = project / "_build" / "html" / "index.html"
    before = index.read_bytes()
    (project / "checklists" / "practice-start.yaml").write_text(
        "id: practice-start\ntitel: Getting started\n", encoding="utf-8")
    result = pcsp("build", str(project))
    assert result.returncode == 1
    assert "checklists/practice-start.yaml:2:1: error: unknown key 'titel'" in result.stderr
    assert "still holds the last good build" in result.stderr
    assert index.read_bytes() == before
