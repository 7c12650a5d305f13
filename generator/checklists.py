"""Checklists: read ``checklists/<id>.yaml``, check them, and build typed checklist objects.

A checklist is sections of short items that a team rates as it goes. Each item has a
stable id (saved ratings are keyed by it) and a hash of its text, so the browser can
tell when the wording of an item someone rated has since changed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .diagnostics import ContentError, Diagnostic, did_you_mean
from .load import SourceFile, read_yaml
from .model import Activity, HouseComponent, NptConstruct, Project, Stage, SuccessFactor
from .validate import schema_problems

AUDIENCES = {
    "whole-system": "Whole system",
    "steering-group": "Steering group",
    "practice": "Practice",
}
"""Who a checklist is for, with the label shown to readers."""

REF_TYPES = (Activity, SuccessFactor, HouseComponent, NptConstruct)
"""The kinds of item an entry in ``refs`` may name."""


@dataclass(frozen=True)
class ChecklistItem:
    """One thing to rate, with optional guidance and links to the guide."""

    id: str
    text: str
    why: str = ""
    how: str = ""
    refs: tuple[str, ...] = ()

    @property
    def text_hash(self) -> str:
        """Short fingerprint of the item's wording; it changes when the wording changes."""
        return item_text_hash(self.text)


@dataclass(frozen=True)
class ChecklistSection:
    """A titled group of items."""

    id: str
    title: str
    items: tuple[ChecklistItem, ...]


@dataclass(frozen=True)
class Checklist:
    """A checklist for one audience, tied to a stage or (``stage=None``) cross-cutting."""

    id: str
    title: str
    audience: str
    stage: str | None
    intro: str
    sections: tuple[ChecklistSection, ...]

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        """Every item, section by section."""
        return tuple(i for s in self.sections for i in s.items)

    @property
    def audience_label(self) -> str:
        """The audience as readers see it, e.g. 'Steering group'."""
        return AUDIENCES[self.audience]


def item_text_hash(text: str) -> str:
    """First 12 hex digits of the SHA-256 of ``text`` with Unicode and spaces normalised."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


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


def _check_refs(source: SourceFile, data: dict[str, Any], project: Project) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    stage = data.get("stage")
    stages = [s.id for s in project.stages]
    if stage is not None and not isinstance(project.by_id.get(stage), Stage):
        problems.append(source.diagnostic(
            ("stage",), f"unknown stage '{stage}'",
            did_you_mean(stage, stages) or "use one of: " + ", ".join(stages)))
    allowed = [k for k, v in project.by_id.items() if isinstance(v, REF_TYPES)]
    for s, section in enumerate(data["sections"]):
        for i, item in enumerate(section["items"]):
            for r, ref in enumerate(item.get("refs", ())):
                target = project.by_id.get(ref)
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


def _build(data: dict[str, Any]) -> Checklist:
    sections = tuple(
        ChecklistSection(s["id"], s["title"], tuple(
            ChecklistItem(i["id"], i["text"], i.get("why", ""), i.get("how", ""),
                          tuple(i.get("refs", ())))
            for i in s["items"]))
        for s in data["sections"])
    return Checklist(data["id"], data["title"], data["audience"], data.get("stage"),
                     data["intro"], sections)


def check_checklist(source: SourceFile, project: Project | None) -> tuple[Checklist | None,
                                                                          list[Diagnostic]]:
    """Check one read checklist file; return the checklist (if no errors) and its diagnostics."""
    problems = schema_problems("checklist", source)
    if problems:
        return None, problems
    data = source.data
    stem = Path(source.name).name.removesuffix(".yaml")
    if data["id"] != stem:
        problems.append(source.diagnostic(
            ("id",), f"checklist id '{data['id']}' does not match its file name '{stem}.yaml'",
            f"rename the file to checklists/{data['id']}.yaml or set id: {stem}"))
    problems += _check_ids(source, data)
    if project is not None:
        problems += _check_refs(source, data, project)
    return (None if problems else _build(data)), problems


def load_checklists(root: Path, project: Project | None) -> tuple[list[Checklist],
                                                                    list[Diagnostic]]:
    """Read and check every ``checklists/*.yaml`` under ``root``: checklists and diagnostics.

    Checklists are ordered by stage (in the project's stage order), cross-cutting lists last,
    then by id. Without a ``project`` the stage and refs are not checked.
    """
    folder = Path(root) / "checklists"
    checklists: list[Checklist] = []
    diagnostics: list[Diagnostic] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        try:
            source = read_yaml(path, f"checklists/{path.name}")
        except ContentError as exc:
            diagnostics.extend(exc.diagnostics)
            continue
        checklist, problems = check_checklist(source, project)
        diagnostics.extend(problems)
        if checklist is not None:
            checklists.append(checklist)
    order = {s.id: n for n, s in enumerate(project.stages)} if project else {}
    checklists.sort(key=lambda c: (c.stage is None, order.get(c.stage or "", 0), c.id))
    return checklists, sorted(diagnostics)
