"""The validator: every kind of content mistake is reported as file:line:column with a hint."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from generator.checks import check_project, checked_project
from generator.content.diagnostics import ContentError, Diagnostic
from generator.content.references import GUIDANCE_FILES
from generator.content.schema import load_schemas
from generator.content.schema_reference import schema_reference

TESTS = Path(__file__).parent
MINIMAL = TESTS / "roots" / "test-minimal"
CASES: list[dict[str, Any]] = yaml.safe_load(
    (TESTS / "validator_cases.yaml").read_text(encoding="utf-8"))


def copy_minimal(tmp_path: Path) -> Path:
    """A fresh copy of the minimal valid project."""
    root = tmp_path / "project"
    shutil.copytree(MINIMAL, root)
    return root


def apply_edit(root: Path, edit: dict[str, Any]) -> None:
    """Change one file of the copied project as a case describes."""
    path = root / edit["file"]
    encoding = edit.get("encoding", "utf-8")
    if edit.get("delete"):
        path.unlink()
    elif "text" in edit:
        path.write_text(edit["text"], encoding=encoding)
    elif "pad_to" in edit:
        data = path.read_bytes() + b"# padding\n"
        path.write_bytes(data + b"#" * (edit["pad_to"] - len(data)))
    else:
        text = path.read_text(encoding="utf-8")
        assert text.count(edit["old"]) == 1, f"edit does not match {edit['file']} exactly once"
        path.write_text(text.replace(edit["old"], edit["new"]), encoding=encoding)


def report(diagnostics: list[Diagnostic], severity: str) -> str:
    """What a user reads for one severity, one diagnostic (and its hint) after another."""
    return "".join(d.format() + "\n" for d in diagnostics if d.severity == severity)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case: dict[str, Any], tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    for edit in case["edits"]:
        apply_edit(root, edit)
    _, diagnostics = check_project(root)
    assert report(diagnostics, "error") == case["errors"]
    if "warnings" in case:
        assert report(diagnostics, "warning") == case["warnings"]
    if case["errors"]:  # any error stops a build, which gets the same report
        with pytest.raises(ContentError) as caught:
            checked_project(root)
        assert str(caught.value) + "\n" == case["errors"]
    else:
        assert checked_project(root).guidance is not None


def test_cases_cover_every_error_kind() -> None:
    messages = "".join(c["errors"] for c in CASES)
    for kind in ["duplicate id", "unknown role", "did you mean", "unknown key", "should be a list",
                 "must not be empty", "missing key", "duplicate key", "anchors",
                 "tag '", "tab character", "not UTF-8", "bytes; the limit", "syntax error",
                 "file is missing", "not a real date", "date written YYYY-MM-DD",
                 "is not a valid id", "is not allowed for", "must have exactly 4"]:
        assert kind in messages, kind
    assert any(len({e["file"] for e in c["edits"]}) > 1 and c["errors"].count("error:") > 1
               for c in CASES)


def test_minimal_project_has_no_errors() -> None:
    project, diagnostics = check_project(MINIMAL)
    assert report(diagnostics, "error") == ""
    guidance = project.guidance
    assert guidance is not None
    assert guidance.get("form-steering-group").title == "Form a steering group"
    assert [a.id for a in guidance.activities_for("house", "roof")] == ["form-steering-group"]


def test_minimal_project_warns_about_an_untagged_success_factor() -> None:
    _, diagnostics = check_project(MINIMAL)
    assert report(diagnostics, "warning") == (
        "content/success-factors.yaml:16:13: warning: nothing tags success factor 'sg-support'\n"
        "    hint: tag an activity in content/stages.yaml with it "
        "(success_factors: [sg-support]), or remove it\n")


def test_shipped_content_has_no_errors() -> None:
    root = TESTS.parent
    if not (root / "content").is_dir():
        pytest.skip("no default content in this checkout")
    project, diagnostics = check_project(root)
    assert report(diagnostics, "error") == ""
    assert project.guidance is not None


def test_checked_project_raises_with_every_error(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    apply_edit(root, {"file": "content/roles.yaml", "delete": True})
    apply_edit(root, {"file": "content/glossary.yaml", "old": "title: Glossary\n",
                      "new": "title: Glossary\ntitle: Again\n"})
    with pytest.raises(ContentError) as caught:
        checked_project(root)
    assert str(caught.value).splitlines()[::2] == [
        "content/glossary.yaml:2:1: error: duplicate key 'title'",
        "content/roles.yaml:1:1: error: required content file is missing",
    ]


def test_checked_project_returns_the_model_when_clean(tmp_path: Path) -> None:
    guidance = checked_project(copy_minimal(tmp_path)).guidance
    assert guidance is not None
    assert [s.title for s in guidance.stages] == ["Set-up", "Implementation and training",
                                                  "Maintenance"]


def test_folder_without_content_is_one_clear_error(tmp_path: Path) -> None:
    project, diagnostics = check_project(tmp_path)
    assert project.guidance is None
    assert [d.format() for d in diagnostics] == [
        f"content/:1:1: error: there is no content folder in '{tmp_path}'\n"
        "    hint: a project folder holds content/<name>.yaml files; is this the right folder?"]


def test_same_input_same_report(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    apply_edit(root, CASES[0]["edits"][0])
    assert check_project(root)[1] == check_project(root)[1]


def test_untrusted_text_is_reported_verbatim_not_interpreted(tmp_path: Path) -> None:
    root = copy_minimal(tmp_path)
    apply_edit(root, {"file": "content/stages.yaml", "old": "house: [roof]",
                      "new": "house: ['<script>x</script>']"})
    _, diagnostics = check_project(root)
    assert "'<script>x</script>' is not a valid id" in report(diagnostics, "error")


def test_schemas_are_valid_draft_2020_12() -> None:
    schemas = load_schemas()
    assert {"common", *GUIDANCE_FILES, "checklist", "patient-materials", "practice"} <= set(schemas)
    for schema in schemas.values():
        Draft202012Validator.check_schema(schema)


def test_schema_reference_lists_every_content_file_in_order() -> None:
    reference = schema_reference()
    assert [f.path for f in reference] == [f"content/{n}.yaml" for n in GUIDANCE_FILES]
    stages = next(f for f in reference if f.path == "content/stages.yaml")
    assert stages.description == "The three stages of implementation and the activities in each."


def test_schema_reference_rows_describe_fields() -> None:
    rows = {(f.path, r.field): r for f in schema_reference() for r in f.rows}
    roles = rows["content/stages.yaml", "stages[].activities[].roles"]
    assert (roles.type, roles.required) == ("list of ids", True)
    assert roles.allowed == ("at least 1 item; no repeats; each lowercase words joined by "
                             "hyphens, at most 60 characters")
    assert roles.description == "Ids of the roles who do this (from roles.yaml)."
    steps = rows["content/stages.yaml", "stages[].activities[].steps"]
    assert (steps.type, steps.required) == ("list of text", False)
    part = rows["content/house.yaml", "components[].id"]
    assert part.allowed == "left-wall, right-wall, roof, foundation"
    components = rows["content/house.yaml", "components"]
    assert (components.type, components.allowed) == ("list of mappings", "exactly 4 items")
    published = rows["content/guide.yaml", "published"]
    assert (published.type, published.allowed) == ("date", "written YYYY-MM-DD")
    title = rows["content/house.yaml", "centre.title"]
    assert (title.type, title.allowed) == ("short text", "not blank; at most 120 characters")


def test_schema_reference_documents_every_key_the_minimal_content_uses() -> None:
    fields = {(f.path, r.field) for f in schema_reference() for r in f.rows}
    used = {(f"content/{name}.yaml", key) for name in GUIDANCE_FILES
            for key in key_paths(yaml.safe_load(
                (MINIMAL / "content" / f"{name}.yaml").read_text(encoding="utf-8")), "")}
    assert len(used) > 60
    assert used - fields == set()


def key_paths(data: Any, prefix: str) -> set[str]:
    """Every key in ``data`` written as the reference writes it: stages[].activities[].id."""
    if isinstance(data, list):
        return set().union(*(key_paths(item, f"{prefix}[]") for item in data))
    if isinstance(data, dict):
        found = set()
        for key, value in data.items():
            path = f"{prefix}.{key}" if prefix else key
            found |= {path} | key_paths(value, path)
        return found
    return set()
