"""Checklists: what ``checklists/<id>.yaml`` files must mean beyond their schema.

The content layer reads each file and builds its :class:`~generator.content.model.Checklist`;
this feature checks that its id matches its file name, that section and item ids are not
repeated, and that its stage and every ``refs`` entry name something the guide has.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .content.diagnostics import Diagnostic, did_you_mean
from .content.load import SourceFile
from .content.model import Activity, Guidance, HouseComponent, NptConstruct, Stage, SuccessFactor
from .content.project import CHECKLISTS_DIR, Project

REF_TYPES = (Activity, SuccessFactor, HouseComponent, NptConstruct)
"""The kinds of item an entry in ``refs`` may name."""


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


def _check_refs(source: SourceFile, data: dict[str, Any], guidance: Guidance) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    stage = data.get("stage")
    stages = [s.id for s in guidance.stages]
    if stage is not None and not isinstance(guidance.by_id.get(stage), Stage):
        problems.append(source.diagnostic(
            ("stage",), f"unknown stage '{stage}'",
            did_you_mean(stage, stages) or "use one of: " + ", ".join(stages)))
    allowed = [k for k, v in guidance.by_id.items() if isinstance(v, REF_TYPES)]
    for s, section in enumerate(data["sections"]):
        for i, item in enumerate(section["items"]):
            for r, ref in enumerate(item.get("refs", ())):
                target = guidance.by_id.get(ref)
                path = ("sections", s, "items", i, "refs", r)
                if target is None:
                    problems.append(source.diagnostic(
                        path, f"unknown reference '{ref}'",
                        did_you_mean(ref, allowed) or
                        "refs name activities, success factors, House of Care parts or NPT "
                        "constructs by id"))
                elif not isinstance(target, REF_TYPES):
                    kind = re.sub(r"(?<!^)(?=[A-Z])", " ", type(target).__name__).lower()
                    problems.append(source.diagnostic(
                        path, f"'{ref}' is a {kind}, which a checklist item cannot link to",
                        "refs name activities, success factors, House of Care parts or NPT "
                        "constructs"))
    return problems


def checklist_problems(project: Project) -> list[Diagnostic]:
    """Every problem in the meaning of the project's checklists (those that passed the schema).

    Stages and refs are checked only when the guidance itself could be read.
    """
    problems: list[Diagnostic] = []
    for checklist in project.checklists:
        source = project.sources[checklist.file]
        stem = Path(checklist.file).name.removesuffix(".yaml")
        if checklist.id != stem:
            problems.append(source.diagnostic(
                ("id",), f"checklist id '{checklist.id}' does not match its file name "
                         f"'{stem}.yaml'",
                f"rename the file to {CHECKLISTS_DIR}/{checklist.id}.yaml or set id: {stem}"))
        problems += _check_ids(source, source.data)
        if project.guidance is not None:
            problems += _check_refs(source, source.data, project.guidance)
    return problems
