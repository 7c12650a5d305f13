"""What each generated page shows, as plain JSON-able data: one view per page.

The view is the only input of a page's renderer, and its digest is written into the
page's generated source, so a page's source changes exactly when what it shows changes.
This module knows the model but not Sphinx.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..checklists import Checklist, load_checklists
from ..diagnostics import ContentError, errors_only
from ..model import Activity, GlossaryTerm, ModelOfCareQuestion, Point, Project, Stage
from ..validate import load_project
from .changes import changes_view
from .checklist import checklist_view, checklists_index_view
from .self_assessment import self_assessment_view

PAGE_DIR = "_generated"
"""Folder (inside the Sphinx source folder) that holds the generated page sources."""

INDEX = f"{PAGE_DIR}/index"
PROCESS = f"{PAGE_DIR}/process"
HOUSE = f"{PAGE_DIR}/house-of-care"
STAGES = f"{PAGE_DIR}/stages/index"
SUCCESS_FACTORS = f"{PAGE_DIR}/success-factors"
NPT = f"{PAGE_DIR}/npt"
ROLES = f"{PAGE_DIR}/roles/index"
GLOSSARY = f"{PAGE_DIR}/glossary"
CONTENT_REFERENCE = f"{PAGE_DIR}/content-reference"
CHECKLISTS = f"{PAGE_DIR}/checklists/index"
SELF_ASSESSMENT = f"{PAGE_DIR}/self-assessment"
CHANGES = f"{PAGE_DIR}/changes"
"""The "What changed in VERSION" page, made only when building a release with a predecessor."""

CONTENTS = (PROCESS, HOUSE, STAGES, SUCCESS_FACTORS, NPT, ROLES, CHECKLISTS, SELF_ASSESSMENT,
            GLOSSARY, CONTENT_REFERENCE)
"""The pages listed on the overview page, in reading order."""

HOUSE_PARTS = ("roof", "left-wall", "centre", "right-wall", "foundation")
"""Parts of the House of Care diagram, top to bottom and left to right (also the tab order)."""

CONTENT_REFERENCE_COLUMNS = ("Field", "Type", "Required", "Allowed values", "Description")

_SAFE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_RENDERER_FILES = ("views.py", "page.py", "house_diagram.py", "domain.py", "checklist.py",
                   "practice_pack.py",
                   "self_assessment.py", "changes.py")


class UnsafeIdError(ValueError):
    """An id that cannot be used in a file name or a generated source."""


def safe_id(item_id: str) -> str:
    """Return ``item_id`` if it is lowercase words joined by hyphens, else raise UnsafeIdError."""
    if not isinstance(item_id, str) or not _SAFE_ID.fullmatch(item_id):
        raise UnsafeIdError(f"id {item_id!r} must be lowercase letters and digits joined by "
                            "hyphens, such as 'set-up'")
    return item_id


def stage_doc(stage_id: str) -> str:
    """Docname of a stage's page."""
    return f"{PAGE_DIR}/stages/{safe_id(stage_id)}"


def role_doc(role_id: str) -> str:
    """Docname of a role's page."""
    return f"{PAGE_DIR}/roles/{safe_id(role_id)}"


def checklist_doc(checklist_id: str) -> str:
    """Docname of a checklist's page."""
    return f"{PAGE_DIR}/checklists/{safe_id(checklist_id)}"


def _renderer_digest() -> str:
    """Digest of the rendering code, so a new renderer re-renders every page."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _RENDERER_FILES:
        path = here / name
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()


RENDERER_DIGEST = _renderer_digest()


@dataclass(frozen=True)
class PageView:
    """One generated page: where it goes, which renderer draws it and the data it shows."""

    docname: str
    kind: str
    item_id: str
    data: dict[str, Any]

    @property
    def digest(self) -> str:
        """sha256 of the JSON of the page's data (and of the renderer that draws it)."""
        text = json.dumps({"renderer": RENDERER_DIGEST, "page": self.data}, sort_keys=True,
                          ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def directive(self) -> str:
        """The directive line of the page's source, e.g. ``{pcsp-page} stage set-up``."""
        args = f"{self.kind} {self.item_id}" if self.item_id else self.kind
        return "{pcsp-page} " + args

    def source(self) -> str:
        """The page's MyST source: a digest comment and one directive, never any content text."""
        return (f"% content-digest: {self.digest}\n"
                "% Generated from content/*.yaml by pcsp-kit: edit the YAML, not this file.\n"
                "\n"
                f"```{self.directive}\n"
                "```\n")


@dataclass(frozen=True)
class SiteViews:
    """Every generated page of a project, by docname, with the model they were made from."""

    project_dir: Path
    project: Project
    pages: dict[str, PageView]
    checklists: tuple[Checklist, ...] = ()

    def page(self, kind: str, item_id: str = "") -> PageView | None:
        """The page drawn by ``{pcsp-page} kind item_id``, if there is one."""
        for view in self.pages.values():
            if view.kind == kind and view.item_id == item_id:
                return view
        return None


def item_pages(project: Project) -> dict[str, str]:
    """Docname of the page on which each item is shown, by item id."""
    where: dict[str, str] = {}
    where.update((s.id, PROCESS) for s in project.process_steps)
    where.update((c.id, HOUSE) for c in project.house.components)
    where.update((q.id, HOUSE) for q in project.house.model_of_care)
    for stage in project.stages:
        where[stage.id] = stage_doc(stage.id)
        where.update((a.id, stage_doc(stage.id)) for a in stage.activities)
    for level in project.success_factor_levels:
        where[level.id] = SUCCESS_FACTORS
        where.update((f.id, SUCCESS_FACTORS) for f in level.factors)
    for construct in project.npt_constructs:
        where[construct.id] = NPT
        for item in (*construct.sub_constructs, *construct.typical_problems,
                     *construct.what_helps):
            where[item.id] = NPT
    where.update((r.id, role_doc(r.id)) for r in project.roles)
    where.update((t.id, GLOSSARY) for t in project.glossary)
    where.update((s.id, INDEX) for s in project.guide.how_to_use)
    return where


def display_title(item: Any) -> str:
    """The text a link to ``item`` shows."""
    if isinstance(item, Stage):
        return f"Stage {item.number}: {item.title}"
    if isinstance(item, GlossaryTerm):
        return item.term
    if isinstance(item, ModelOfCareQuestion):
        return item.question
    if isinstance(item, Point):
        return item.text
    return item.title


class _Builder:
    """Builds the views of one project."""

    def __init__(self, project: Project, schema_files: list[Any], has_changes: bool = False,
                 extra_docs: tuple[str, ...] = ()):
        self.project = project
        self.where = item_pages(project)
        self.schema_files = schema_files
        self.has_changes = has_changes
        self.extra_docs = list(extra_docs)

    def link(self, item_id: str) -> dict[str, Any]:
        """A link to an item: its id, the text shown and the page it is on (for the digest)."""
        item = self.project.by_id.get(item_id)
        title = display_title(item) if item is not None else item_id
        return {"id": item_id, "title": title, "doc": self.where.get(item_id)}

    def links(self, ids: tuple[str, ...] | list[str]) -> list[dict[str, Any]]:
        """Links to several items, in the given order."""
        return [self.link(i) for i in ids]

    def tagged(self, tag: str, item_id: str) -> list[dict[str, Any]]:
        """Links to the activities tagged with ``item_id`` in their ``tag`` list."""
        return self.links([a.id for a in self.project.activities_for(tag, item_id)])

    def index(self) -> dict[str, Any]:
        g = self.project.guide
        return {
            "title": g.title,
            "summary": list(g.summary),
            "how_to_use": [{"id": s.id, "title": s.title, "text": s.text} for s in g.how_to_use],
            "details": [["Version", g.version], ["Published", g.published],
                        ["Next review", g.next_review], ["Owner", g.owner],
                        ["Licence", g.licence]],
            "contents": list(CONTENTS) + self.extra_docs
                        + ([CHANGES] if self.has_changes else []),
        }

    def process(self) -> dict[str, Any]:
        p = self.project
        return {
            "title": p.process.title,
            "intro": list(p.process.intro),
            "steps": [{"id": s.id, "title": s.title, "summary": s.summary,
                       "what_happens": list(s.what_happens), "roles": self.links(s.roles)}
                      for s in p.process_steps],
        }

    def house(self) -> dict[str, Any]:
        h = self.project.house
        moc = h.model_of_care
        return {
            "title": h.title,
            "intro": list(h.intro),
            "centre": {"title": h.centre_title, "summary": h.centre_summary,
                       "process": {"doc": PROCESS, "title": self.project.process.title}},
            "components": [{"id": c.id, "title": c.title, "label": c.label,
                            "summary": c.summary, "needs": list(c.needs),
                            "activities": self.tagged("house", c.id)}
                           for c in h.components],
            "model_of_care": {"title": h.model_of_care_title, "intro": h.model_of_care_intro,
                              "questions": [{"id": q.id, "question": q.question,
                                             "prompts": list(q.prompts)} for q in moc]},
        }

    def stages(self) -> dict[str, Any]:
        p = self.project
        return {
            "title": p.stages_page.title,
            "intro": list(p.stages_page.intro),
            "stages": [{"link": self.link(s.id), "summary": s.summary,
                        "activities": self.links([a.id for a in s.activities])}
                       for s in p.stages],
            "contents": [stage_doc(s.id) for s in p.stages],
        }

    def stage(self, stage: Stage) -> dict[str, Any]:
        return {
            "id": stage.id,
            "title": display_title(stage),
            "summary": stage.summary,
            "activities": [self.activity(a) for a in stage.activities],
        }

    def activity(self, a: Activity) -> dict[str, Any]:
        return {"id": a.id, "title": a.title, "summary": a.summary, "steps": list(a.steps),
                "roles": self.links(a.roles), "house": self.links(a.house),
                "success_factors": self.links(a.success_factors), "npt": self.links(a.npt)}

    def success_factors(self) -> dict[str, Any]:
        p = self.project
        return {
            "title": p.success_factors_page.title,
            "intro": list(p.success_factors_page.intro),
            "levels": [{"id": lv.id, "title": lv.title, "summary": lv.summary,
                        "factors": [{"id": f.id, "title": f.title, "text": f.text,
                                     "activities": self.tagged("success_factors", f.id)}
                                    for f in lv.factors]}
                       for lv in p.success_factor_levels],
        }

    def npt(self) -> dict[str, Any]:
        p = self.project
        return {
            "title": p.npt_page.title,
            "intro": list(p.npt_page.intro),
            "constructs": [{
                "id": c.id, "title": c.title, "plain_title": c.plain_title,
                "question": c.question, "summary": c.summary,
                "sub_constructs": [{"id": s.id, "title": s.title, "definition": s.definition}
                                   for s in c.sub_constructs],
                "typical_problems": [{"id": x.id, "text": x.text} for x in c.typical_problems],
                "what_helps": [{"id": x.id, "text": x.text} for x in c.what_helps],
                "activities": self.tagged("npt", c.id),
            } for c in p.npt_constructs],
        }

    def roles(self) -> dict[str, Any]:
        p = self.project
        return {
            "title": p.roles_page.title,
            "intro": list(p.roles_page.intro),
            "roles": [{"link": self.link(r.id), "summary": r.summary} for r in p.roles],
            "contents": [role_doc(r.id) for r in p.roles],
        }

    def role(self, role_id: str) -> dict[str, Any]:
        p = self.project
        role = p.get(role_id)
        by_stage = []
        for stage in p.stages:
            ids = [a.id for a in stage.activities if role_id in a.roles]
            if ids:
                by_stage.append({"stage": self.link(stage.id), "activities": self.links(ids)})
        return {
            "id": role.id,
            "title": role.title,
            "summary": role.summary,
            "what_this_means": list(role.what_this_means),
            "process_steps": self.links([s.id for s in p.process_steps_for_role(role_id)]),
            "stages": by_stage,
        }

    def glossary(self) -> dict[str, Any]:
        p = self.project
        return {"title": p.glossary_title,
                "terms": [{"id": t.id, "term": t.term, "definition": t.definition}
                          for t in p.glossary]}

    def content_reference(self) -> dict[str, Any]:
        return {
            "title": "Content reference",
            "columns": list(CONTENT_REFERENCE_COLUMNS),
            "files": [{"file": str(getattr(f, "path", None) or f.file),
                       "description": str(f.description or ""),
                       "rows": [[_cell(value) for value in row] for row in f.rows]}
                      for f in self.schema_files],
        }


def _cell(value: Any) -> str:
    """Plain text for one content-reference table cell."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _schema_files() -> list[Any]:
    """The content reference (one entry per content file), or none if it is not available."""
    try:
        from ..schema_reference import schema_reference
    except ImportError:
        return []
    return list(schema_reference())


def build_views(project: Project, schema_files: list[Any] | None = None,
                checklists: tuple[Checklist, ...] = (),
                changes: dict[str, Any] | None = None,
                extra: tuple[PageView, ...] = ()) -> dict[str, PageView]:
    """Every generated page of ``project`` (its checklists, and what changed, if given).

    ``extra`` pages (such as the practice pack pages) are listed in the guide's contents.
    """
    b = _Builder(project, _schema_files() if schema_files is None else schema_files,
                 has_changes=changes is not None, extra_docs=tuple(v.docname for v in extra))
    views = [
        PageView(INDEX, "index", "", b.index()),
        PageView(PROCESS, "process", "", b.process()),
        PageView(HOUSE, "house-of-care", "", b.house()),
        PageView(STAGES, "stages", "", b.stages()),
        PageView(SUCCESS_FACTORS, "success-factors", "", b.success_factors()),
        PageView(NPT, "npt", "", b.npt()),
        PageView(ROLES, "roles", "", b.roles()),
        PageView(GLOSSARY, "glossary", "", b.glossary()),
        PageView(CONTENT_REFERENCE, "content-reference", "", b.content_reference()),
    ]
    views += [PageView(stage_doc(s.id), "stage", s.id, b.stage(s)) for s in project.stages]
    views += [PageView(role_doc(r.id), "role", r.id, b.role(r.id)) for r in project.roles]
    docs = {c.id: checklist_doc(c.id) for c in checklists}
    views += [PageView(CHECKLISTS, "checklists", "",
                       checklists_index_view(checklists, project, docs, SELF_ASSESSMENT)),
              PageView(SELF_ASSESSMENT, "self-assessment", "", self_assessment_view(project))]
    views += [PageView(docs[c.id], "checklist", c.id, checklist_view(c, project))
              for c in checklists]
    if changes is not None:
        views.append(PageView(CHANGES, "changes", "", changes_view(changes)))
    views += extra
    return {v.docname: v for v in sorted(views, key=lambda v: v.docname)}


_SITES: dict[Path, SiteViews] = {}


def load_site(project_dir: Path, changes: dict[str, Any] | None = None,
              practices: str | None = None) -> SiteViews:
    """Load and check the project at ``project_dir``, build its views and remember them.

    ``changes`` (from :func:`generator.diff.compare`) adds a "What changed" page;
    ``practices`` (a CSV) adds the page listing their packs (see practice_pack.py).
    Raises :class:`~generator.diagnostics.ContentError` (every problem) or UnsafeIdError.
    """
    from .practice_pack import practice_pack_pages

    project_dir = Path(project_dir).resolve()
    project = load_project(project_dir)
    checklists, problems = load_checklists(project_dir, project)
    if errors_only(problems):
        raise ContentError(problems)
    site = SiteViews(project_dir, project,
                     build_views(project, checklists=tuple(checklists), changes=changes,
                                 extra=tuple(practice_pack_pages(project_dir, practices))),
                     tuple(checklists))
    _SITES[project_dir] = site
    return site


def cached_site(project_dir: Path) -> SiteViews:
    """The views last loaded for ``project_dir`` in this process (loading them if needed)."""
    project_dir = Path(project_dir).resolve()
    return _SITES.get(project_dir) or load_site(project_dir)
