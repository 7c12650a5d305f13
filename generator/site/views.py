"""What each generated page shows, as plain JSON-able data: one view per page.

The view is the only input of a page's renderer (see ``pages.py``). This module knows the
bundle and the model but draws nothing.
"""

from __future__ import annotations

from typing import Any

from ..content.model import Activity, Guidance, Stage
from ..content.project import Project
from ..content.references import PAGE_LINKS
from ..content.schema_reference import schema_reference
from ..packs.profile import CsvRow
from .changes import changes_view
from .checklist import checklist_view, checklists_index_view
from .pages import (
    CHANGES,
    CHECKLISTS,
    CONTENT_REFERENCE,
    CONTENTS,
    GLOSSARY,
    HOUSE,
    INDEX,
    NPT,
    PROCESS,
    ROLES,
    SELF_ASSESSMENT,
    STAGES,
    SUCCESS_FACTORS,
    PageView,
    SiteViews,
    checklist_doc,
    display_title,
    item_pages,
    remember_site,
    renamed_items,
    role_doc,
    stage_doc,
)
from .practice_pack import practice_pack_pages
from .self_assessment import self_assessment_view
from .words import section_words, word


class _Builder:
    """Builds the views of one project."""

    def __init__(self, project: Guidance, schema_files: list[Any], has_changes: bool = False,
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

    def page_link(self, name: str) -> dict[str, Any]:
        """A link to a page named in content (see ``PAGE_LINKS``): its docname and title."""
        doc, title = {"checklists": (CHECKLISTS, word("checklist.index-title")),
                      "self-assessment": (SELF_ASSESSMENT, word("self_assessment.title"))}[name]
        return {"doc": doc, "title": title}

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
            "how_to_use": [{"id": s.id, "title": s.title, "text": s.text,
                            "links": [self.page_link(i) if i in PAGE_LINKS else self.link(i)
                                      for i in s.links]} for s in g.how_to_use],
            "details": [list(pair) for pair in zip(
                section_words("pages")["details"],
                (g.version, g.published, g.next_review, g.owner, g.licence), strict=True)],
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
            "title": word("pages.content-reference"),
            "columns": list(section_words("pages")["content-reference-columns"]),
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


def build_views(project: Guidance, schema_files: list[Any] | None = None,
                checklists: tuple[Any, ...] = (),
                changes: dict[str, Any] | None = None,
                extra: tuple[PageView, ...] = ()) -> dict[str, PageView]:
    """Every generated page of ``project`` (its checklists, and what changed, if given).

    ``extra`` pages (such as the practice pack pages) are listed in the guide's contents.
    """
    b = _Builder(project, list(schema_reference()) if schema_files is None else schema_files,
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
    views = with_old_anchors(views, project, changes)
    return {v.docname: v for v in sorted(views, key=lambda v: v.docname)}


def with_old_anchors(views: list[PageView], project: Guidance,
                     changes: dict[str, Any] | None) -> list[PageView]:
    """The views, where old links need it, with what makes them land on the item.

    ``old_anchors`` (old id: the anchor of the item now, '' for the top of its own page) on
    the page of each item whose id changed (``renamed_ids``); ``moved_away`` (id, title, the
    page it is on now and its anchor there) on the page an activity left since the previous
    version (``changes``), for a notice that works without JavaScript. Pages with neither
    are left as they are, so their digests do not change.
    """
    where = item_pages(project)
    by_doc = {v.docname: v for v in views}

    def anchor(item_id: str) -> str:
        view = by_doc.get(where[item_id])
        return "" if view is not None and view.item_id == item_id else item_id

    extra: dict[str, dict[str, Any]] = {}
    for old, new in renamed_items(project.guide.renamed_ids, where).items():
        extra.setdefault(where[new], {}).setdefault("old_anchors", {})[old] = anchor(new)
    for entry in (changes or {}).get("moved", ()):
        left = entry.get("from") or {}
        if left.get("kind") != "stage" or entry["id"] not in where:
            continue
        old_doc = stage_doc(left["id"])
        if old_doc in by_doc and where[entry["id"]] != old_doc:
            extra.setdefault(old_doc, {}).setdefault("moved_away", []).append(
                {"id": entry["id"], "title": entry["title"], "doc": where[entry["id"]],
                 "anchor": anchor(entry["id"])})
    return [PageView(v.docname, v.kind, v.item_id, {**v.data, **extra[v.docname]})
            if v.docname in extra else v for v in views]


def site_views(bundle: Project, changes: dict[str, Any] | None = None,
               practices: list[CsvRow] | None = None) -> SiteViews:
    """Every generated page of a checked project, remembered for this build's directives.

    ``changes`` (from :func:`generator.diff.compare`) adds a "What changed" page;
    ``practices`` (checked CSV rows) adds the page listing their packs (see practice_pack.py).
    Raises ContentError if the guidance could not be read, UnsafeIdError for an unusable id.
    """
    project = bundle.require()
    pages = build_views(project, checklists=bundle.checklists, changes=changes,
                        extra=tuple(practice_pack_pages(bundle, practices)))
    site = SiteViews(bundle, pages)
    remember_site(site)
    return site
