"""Checklists: what ``checklists/<id>.yaml`` files must mean beyond their schema.

The content layer reads each file and builds its :class:`~generator.content.model.Checklist`;
this feature checks that its id matches its file name, that section and item ids are not
repeated, and that its stage and every ``refs`` entry name something the guide has.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .content.diagnostics import Diagnostic, did_you_mean
from .content.load import SourceFile
from .content.project import CHECKLISTS_DIR, Project
from .content.references import rename_problems

REF_KINDS = ("activity", "success factor", "House of Care part", "NPT construct")
"""The kinds of item an entry in ``refs`` may name (as ``Project.ids`` names them)."""


def _check_ids(source: SourceFile, data: dict[str, Any]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    seen: dict[str, dict[str, tuple]] = {"section": {}, "item": {}}
    for s, section in enumerate(data["sections"]):
        places = [("section", (s,), section["id"])]
        places += [("item", (s, "items", i), item["id"]) for i, item in enumerate(section["items"])]
        for kind, where, item_id in places:
            path = ("sections", *where, "id")
            if item_id in seen[kind]:
                first = source.mark(seen[kind][item_id])
                problems.append(source.diagnostic(
                    path, f"duplicate {kind} id '{item_id}'",
                    f"'{item_id}' is already used at line {first.line}; ids must be unique "
                    "within a checklist"))
            else:
                seen[kind][item_id] = path
    return problems


def _check_refs(source: SourceFile, data: dict[str, Any], project: Project,
                flagged: set[tuple[str, int, int]]) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    ids = project.ids
    stage = data.get("stage")
    stages = [k for k, kind in ids.items() if kind == "stage"]
    if stage is not None and ids.get(stage) != "stage" and "stage" not in project.unknown_kinds:
        problems.append(source.diagnostic(
            ("stage",), f"unknown stage '{stage}'",
            did_you_mean(stage, stages) or "use one of: " + ", ".join(stages)))
    allowed = [k for k, kind in ids.items() if kind in REF_KINDS]
    for s, section in enumerate(data["sections"]):
        for i, item in enumerate(section["items"]):
            for r, ref in enumerate(item.get("refs", ())):
                kind = ids.get(ref)
                path = ("sections", s, "items", i, "refs", r)
                if kind is None:
                    mark = source.mark(path)
                    if (source.name, mark.line, mark.column) in flagged or \
                            project.unknown_kinds.intersection(REF_KINDS):
                        continue
                    problems.append(source.diagnostic(
                        path, f"unknown reference '{ref}'",
                        did_you_mean(ref, allowed) or
                        "refs name activities, success factors, House of Care parts or NPT "
                        "constructs by id"))
                elif kind not in REF_KINDS:
                    problems.append(source.diagnostic(
                        path, f"'{ref}' is {'an' if kind[0] in 'aeiou' else 'a'} {kind}, "
                              "which a checklist item cannot link to",
                        "refs name activities, success factors, House of Care parts or NPT "
                        "constructs"))
    return problems


def checklist_problems(project: Project) -> list[Diagnostic]:
    """Every problem in the meaning of the project's checklists (those that passed the schema).

    Stages and refs are checked against the ids of the guidance files that passed their
    schema, even when others have errors; a reference that could name an item in a file with
    errors is not judged.
    """
    problems: list[Diagnostic] = []
    flagged = {(d.file, d.line, d.column) for d in project.diagnostics}
    for checklist in project.checklists:
        source = project.sources[checklist.file]
        stem = Path(checklist.file).name.removesuffix(".yaml")
        if checklist.id != stem:
            problems.append(source.diagnostic(
                ("id",), f"checklist id '{checklist.id}' does not match its file name "
                         f"'{stem}.yaml'",
                f"rename the file to {CHECKLISTS_DIR}/{checklist.id}.yaml or set id: {stem}"))
        problems += _check_ids(source, source.data)
        problems += rename_problems(checklist.renamed_items, {i.id for i in checklist.items},
                                    source, "renamed_items", "the checklist")
        problems += _check_refs(source, source.data, project, flagged)
    return problems
