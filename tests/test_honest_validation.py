"""Validation never says "no problems found" about a mistake that reaches readers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.checks import check_project
from generator.content.schema import load_schemas, whole_text_pattern
from helpers import copy_project, edit

VALID_TEXT = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "form-steering-group",
    r"^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$": "2026-01-31",
    r"^[0-9]+\.[0-9]+(\.[0-9]+)?$": "1.2",
    r"^[A-Z][0-9]{5}$": "A81001",
    r"^\+?[0-9][0-9 ()-]{5,19}$": "01632 960000",
    r"(?i)\.(png|svg)$": "logo.png",
    r"\S": "Some text",
    r"^[a-z]{2,3}$": "cy",
    r"^[0-9a-f]{12}$": "0123456789ab",
}
"""A value each schema pattern accepts (every pattern in the schemas must be listed)."""


def patterns(node: Any) -> set[str]:
    """Every ``pattern`` in a schema."""
    if isinstance(node, dict):
        found = {node["pattern"]} if isinstance(node.get("pattern"), str) else set()
        return found.union(*(patterns(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(patterns(v) for v in node))
    return set()


ALL_PATTERNS = sorted(set().union(*(patterns(s) for s in load_schemas().values())))


@pytest.mark.parametrize("pattern", ALL_PATTERNS)
def test_no_pattern_lets_a_trailing_newline_through(pattern: str) -> None:
    email, web = "name@example.org", "https://example.org/"
    good = VALID_TEXT.get(pattern) or (email if "@" in pattern else web if "http" in pattern
                                       else None)
    assert good is not None, f"add a valid value for {pattern!r} to VALID_TEXT"
    compiled = whole_text_pattern(pattern)
    assert compiled.search(good)
    if pattern != r"\S":  # any text with a letter in it is fine text
        assert not compiled.search(good + "\n"), pattern


def errors(root: Path) -> list[str]:
    """The first line of each error ``pcsp validate`` would report."""
    return [d.format().splitlines()[0] + " | " + d.hint for d in check_project(root)[1]
            if d.severity == "error"]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of this repository's guide, with the practice packs' wording."""
    return copy_project(tmp_path / "guide")


def wording_line(root: Path, needle: str) -> tuple[int, str]:
    """The first line of the pack wording holding ``needle``, and its number (from 1)."""
    lines = (root / "content" / "patient-materials.yaml").read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1)
                  if needle in line and not line.lstrip().startswith("#"))
    return number, lines[number - 1]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda line: line.replace("{phone}", "{phone-number}"),
     "unknown placeholder {phone-number} | did you mean {phone}?"),
    (lambda line: line.replace("{phone}", "{phone"), "a '{' that is not part of a placeholder"),
    (lambda line: line[: line.index(":") + 1] + ' "Call us\\0 on {phone}."',
     "holds a control character (\\x00)"),
], ids=["mistyped placeholder", "lone brace", "NUL"])
def test_a_wording_mistake_is_an_error_at_its_line(project: Path, change: Any,
                                                    expected: str) -> None:
    number, line = wording_line(project, "{phone}")
    edit(project / "content" / "patient-materials.yaml", line, change(line))
    found = [e for e in errors(project) if f"patient-materials.yaml:{number}:" in e]
    assert found and expected in found[0]


def test_checklist_references_are_checked_while_another_file_has_errors(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit(root / "content/glossary.yaml", "title: Glossary", "titel: Glossary")
    edit(root / "checklists/house-of-care-readiness.yaml",
         "refs: [left-wall, prepare-patient-information]",
         "refs: [left-wal, prepare-patient-information]")
    _, found = check_project(root)
    messages = [f"{d.file}: {d.message}" for d in found if d.severity == "error"]
    assert "checklists/house-of-care-readiness.yaml: unknown reference 'left-wal'" in messages
    assert any(m.startswith("content/glossary.yaml: ") for m in messages)


def test_tags_in_a_file_with_schema_errors_are_still_checked(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit(root / "content/stages.yaml", "title: Implementation stages",
         "titel: Implementation stages")
    stages = root / "content/stages.yaml"
    stages.write_text(stages.read_text().replace("house: [foundation]", "house: [foundaton]", 1))
    _, found = check_project(root)
    errors = [d for d in found if d.severity == "error"]
    messages = {d.message: d.hint for d in errors if d.file == "content/stages.yaml"}
    assert "unknown key 'titel' at the top level" in messages
    assert messages["unknown House of Care part 'foundaton'"] == "did you mean 'foundation'?"


def test_a_reference_into_a_file_with_errors_is_not_judged(tmp_path: Path) -> None:
    """Whether 'left-wall' exists cannot be known while house.yaml has errors, so the only
    errors are house.yaml's own."""
    root = copy_project(tmp_path)
    edit(root / "content/house.yaml", "components:", "componentz:")
    _, found = check_project(root)
    assert {d.file for d in found if d.severity == "error"} == {"content/house.yaml"}


def test_curly_quotes_used_as_yaml_quotes_get_their_own_hint(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    edit(root / "content/glossary.yaml", "title: Glossary", "title: \u201cGlossary: words\u201d")
    _, found = check_project(root)
    (problem,) = [d for d in found if d.severity == "error"]
    assert (problem.file, problem.line) == ("content/glossary.yaml", 4)
    assert "curly quote (\u201c)" in problem.hint and 'straight quotes (")' in problem.hint


def test_every_yaml_syntax_error_in_a_file_is_reported(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    (root / "content/glossary.yaml").write_text(
        "title: Words: we use\n"           # 1: a colon in unquoted text
        "terms:\n"
        "  - id: agenda\n"
        "    term: \"Agenda\n"              # 4: a quote never closed
        "    definition: fine\n"
        "  - id: plan\n"
        "    term: Plan: shared\n"         # 7: another colon
        "    definition: [one, two\n"      # 8: a list never closed
        "  - id: review\n"
        "    term: Review\n", encoding="utf-8")
    _, found = check_project(root)
    assert [(d.line, d.message) for d in found if d.file == "content/glossary.yaml"] == [
        (1, "YAML syntax error: mapping values are not allowed in this context"),
        (4, "YAML syntax error: a quote opened here is never closed"),
        (7, "YAML syntax error: mapping values are not allowed in this context"),
        (8, "YAML syntax error: a list opened here with [ is never closed")]
