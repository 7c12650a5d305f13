"""The guide as printable PDFs: the whole guide, one stage, and each checklist left empty.

Made from the same model as the site (:class:`~generator.content.project.Project`) with the
pack engine (:mod:`generator.packs.render`): Python turns the model into JSON-able data (this
module), the Typst templates in ``_templates/guide/`` and ``_templates/checklist-blank/`` lay it
out. Every item keeps its content id, which the guide template uses as its label, so an
activity's success factors, House of Care parts, NPT constructs and roles are working links
to where they are described in the same PDF.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typst

from ..content.model import Activity, Checklist, Guidance, Stage
from ..content.project import Project
from .pack import TEMPLATES_DIR, write_if_changed
from .render import Renderer, folder_stamp, pdf_page_count, renderer_for

GUIDE_TEMPLATE = "guide/guide.typ"
"""The whole guide, or one stage of it."""
BLANK_CHECKLIST_TEMPLATE = "checklist-blank/checklist-blank.typ"
"""One checklist with empty boxes, to fill in on paper."""
TEMPLATES = (GUIDE_TEMPLATE, BLANK_CHECKLIST_TEMPLATE)






GuideWords = dict[str, Any]
"""The words the printed guide shows around its content, in the guide's interface language:
``guide`` and ``checklist`` (headings and labels), ``months``, and the checklists'
``ratings`` (labels in order) and ``audiences`` (by id). The site gives them from its
interface words (``print_words`` in ``generator/site/print_guide.py``)."""


def long_date(iso: str, months: list[str] | tuple[str, ...]) -> str:
    """An ISO date as it is printed: ``2026-11-25`` -> ``25 November 2026`` (other text as is)."""
    try:
        day = datetime.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _guide_info(guidance: Guidance, months: list[str]) -> dict[str, Any]:
    g = guidance.guide
    return {"title": g.title, "version": g.version, "published": long_date(g.published, months),
            "next_review": long_date(g.next_review, months), "owner": g.owner, "licence": g.licence,
            "summary": list(g.summary),
            "how_to_use": [{"id": s.id, "title": s.title, "text": s.text}
                           for s in g.how_to_use]}


def _ref(guidance: Guidance, item_id: str) -> dict[str, str]:
    """A cross-reference: the id (the target's label) and the title to print."""
    return {"id": item_id, "title": guidance.get(item_id).title}


def _factor_ref(guidance: Guidance, factor_id: str) -> dict[str, str]:
    """A success factor named with its level, as several levels share factor titles."""
    factor = guidance.get(factor_id)
    level = guidance.get(factor.level)
    return {"id": factor_id, "title": f"{factor.title} ({level.title.lower()})"}


def _activity(guidance: Guidance, activity: Activity) -> dict[str, Any]:
    return {"id": activity.id, "title": activity.title, "summary": activity.summary,
            "steps": list(activity.steps),
            "roles": [_ref(guidance, r) for r in activity.roles],
            "house": [_ref(guidance, h) for h in activity.house],
            "success_factors": [_factor_ref(guidance, f) for f in activity.success_factors],
            "npt": [_ref(guidance, c) for c in activity.npt]}


def _stage(guidance: Guidance, stage: Stage) -> dict[str, Any]:
    return {"id": stage.id, "number": stage.number, "title": stage.title,
            "summary": stage.summary,
            "activities": [_activity(guidance, a) for a in stage.activities]}


def _reference_sections(guidance: Guidance, keep: set[str] | None) -> dict[str, Any]:
    """The House of Care parts, success factors, NPT constructs and roles, with only the items
    whose ids are in ``keep`` (all if None)."""
    def kept(item_id: str) -> bool:
        return keep is None or item_id in keep

    house = guidance.house
    levels = [{"id": lv.id, "title": lv.title, "summary": lv.summary,
               "factors": [{"id": f.id, "title": f.title, "text": f.text}
                           for f in lv.factors if kept(f.id)]}
              for lv in guidance.success_factor_levels]
    return {
        "house": {
            "title": house.title, "intro": list(house.intro),
            "centre_title": house.centre_title, "centre_summary": house.centre_summary,
            "components": [{"id": c.id, "title": c.title, "summary": c.summary,
                            "needs": list(c.needs)}
                           for c in house.components if kept(c.id)],
            "model_of_care": None if keep is not None else {
                "title": house.model_of_care_title, "intro": house.model_of_care_intro,
                "questions": [{"id": q.id, "question": q.question, "prompts": list(q.prompts)}
                              for q in house.model_of_care]}},
        "success_factors": {
            "title": guidance.success_factors_page.title,
            "intro": list(guidance.success_factors_page.intro),
            "levels": [lv for lv in levels if lv["factors"]]},
        "npt": {
            "title": guidance.npt_page.title, "intro": list(guidance.npt_page.intro),
            "constructs": [{
                "id": c.id, "title": c.title, "plain_title": c.plain_title,
                "question": c.question, "summary": c.summary,
                "sub_constructs": [{"id": s.id, "title": s.title, "definition": s.definition,
                                    "statement": s.statement} for s in c.sub_constructs],
                "typical_problems": [p.text for p in c.typical_problems],
                "what_helps": [p.text for p in c.what_helps]}
                for c in guidance.npt_constructs if kept(c.id)]},
        "roles": {
            "title": guidance.roles_page.title, "intro": list(guidance.roles_page.intro),
            "roles": [{"id": r.id, "title": r.title, "summary": r.summary,
                       "what_this_means": list(r.what_this_means)}
                      for r in guidance.roles if kept(r.id)]},
    }


def guide_data(project: Project, words: GuideWords) -> dict[str, Any]:
    """The whole guide as the guide template reads it (see ``_templates/guide/params.yaml``)."""
    guidance = project.require()
    return {
        "title": guidance.guide.title, "subtitle": None, "words": words["guide"],
        "guide": _guide_info(guidance, words["months"]),
        "process": {"title": guidance.process.title, "intro": list(guidance.process.intro),
                    "steps": [{"id": s.id, "title": s.title, "summary": s.summary,
                               "what_happens": list(s.what_happens),
                               "roles": [_ref(guidance, r) for r in s.roles]}
                              for s in guidance.process_steps]},
        "stages": {"title": guidance.stages_page.title,
                   "intro": list(guidance.stages_page.intro),
                   "stages": [_stage(guidance, s) for s in guidance.stages]},
        **_reference_sections(guidance, None),
        "glossary": {"title": guidance.glossary_title,
                     "terms": [{"id": t.id, "term": t.term, "definition": t.definition}
                               for t in guidance.glossary]},
        "referred": False,
        **_pack_defaults(),
    }


def stage_data(project: Project, stage_id: str, words: GuideWords) -> dict[str, Any]:
    """One stage as the guide template reads it: the stage's activities, then only the success
    factors, House of Care parts, NPT constructs and roles they refer to, so every link in it
    still leads somewhere in the same PDF. KeyError if there is no such stage."""
    guidance = project.require()
    stages = {s.id: s for s in guidance.stages}
    if stage_id not in stages:
        raise KeyError(f"no stage '{stage_id}'; the stages are: {', '.join(stages)}")
    stage = stages[stage_id]
    keep = {ref for a in stage.activities
            for ref in (*a.roles, *a.house, *a.success_factors, *a.npt)}
    title = f"{words['guide']['stage']} {stage.number}: {stage.title}"
    return {
        "title": f"{title} ({guidance.guide.title})", "subtitle": title, "words": words["guide"],
        "guide": {**_guide_info(guidance, words["months"]), "summary": [], "how_to_use": []},
        "process": None,
        "stages": {"title": guidance.stages_page.title, "intro": [],
                   "stages": [_stage(guidance, stage)]},
        **_reference_sections(guidance, keep),
        "glossary": None,
        "referred": True,
        **_pack_defaults(),
    }


def blank_checklist_data(project: Project, checklist_id: str,
                         words: GuideWords) -> dict[str, Any]:
    """One checklist with nothing filled in, as the blank checklist template reads it (see
    ``_templates/checklist-blank/params.yaml``). KeyError if there is no such checklist."""
    checklists = {c.id: c for c in project.checklists}
    if checklist_id not in checklists:
        raise KeyError(f"no checklist '{checklist_id}'; the checklists are: "
                       f"{', '.join(checklists)}")
    checklist: Checklist = checklists[checklist_id]
    guidance = project.guidance
    stage = None
    if checklist.stage is not None and guidance is not None:
        found = guidance.by_id.get(checklist.stage)
        stage = f"{found.number}: {found.title}" if isinstance(found, Stage) else None
    info = guidance.guide if guidance is not None else None
    return {
        "title": checklist.title, "words": words["checklist"],
        "guide": None if info is None else {"title": info.title, "version": info.version},
        "checklist": {
            "id": checklist.id, "title": checklist.title, "intro": checklist.intro,
            "audience": words["audiences"].get(checklist.audience, checklist.audience),
            "stage": stage,
            "sections": [{"id": s.id, "title": s.title,
                          "items": [{"id": i.id, "text": i.text} for i in s.items]}
                         for s in checklist.sections]},
        "ratings": list(words["ratings"]),
        **_pack_defaults(),
    }


def _pack_defaults() -> dict[str, Any]:
    """What ``_templates/common/pack.typ`` reads of every document's data: no practice, no
    practice wording, English."""
    return {"practice": None, "text": {}, "logo": None,
            "language": {"code": "en", "direction": "ltr", "label": "English"}}


def _renderer(project: Project, renderer: Renderer | None) -> Renderer:
    return renderer or renderer_for(project.root / TEMPLATES_DIR, project.clock.epoch)


def guide_pdf(project: Project, words: GuideWords, renderer: Renderer | None = None) -> bytes:
    """The whole guide as a tagged A4 PDF."""
    return _renderer(project, renderer).pdf(GUIDE_TEMPLATE, guide_data(project, words))


def stage_pdf(project: Project, stage_id: str, words: GuideWords,
              renderer: Renderer | None = None) -> bytes:
    """One stage of the guide as a tagged A4 PDF."""
    return _renderer(project, renderer).pdf(GUIDE_TEMPLATE,
                                                 stage_data(project, stage_id, words))


def blank_checklist_pdf(project: Project, checklist_id: str, words: GuideWords,
                        renderer: Renderer | None = None) -> bytes:
    """One checklist as a tagged A4 PDF with empty boxes, to fill in on paper."""
    return _renderer(project, renderer).pdf(BLANK_CHECKLIST_TEMPLATE,
                                            blank_checklist_data(project, checklist_id, words))


def guide_pdf_jobs(project: Project,
                   words: GuideWords) -> dict[str, tuple[str, dict[str, Any]]]:
    """Every printable PDF's template and data, by file name: ``guide.pdf``,
    ``stage-<id>.pdf`` for each stage and ``checklist-<id>.pdf`` for each checklist; none
    whose template the project does not have (a project without ``_templates/guide/``, say).
    """
    guidance = project.require()
    jobs: dict[str, tuple[str, dict[str, Any]]] = {}
    templates = project.root / TEMPLATES_DIR
    if (templates / GUIDE_TEMPLATE).is_file():
        jobs["guide.pdf"] = (GUIDE_TEMPLATE, guide_data(project, words))
        for stage in guidance.stages:
            jobs[f"stage-{stage.id}.pdf"] = (GUIDE_TEMPLATE, stage_data(project, stage.id, words))
    if (templates / BLANK_CHECKLIST_TEMPLATE).is_file():
        for checklist in project.checklists:
            jobs[f"checklist-{checklist.id}.pdf"] = (
                BLANK_CHECKLIST_TEMPLATE, blank_checklist_data(project, checklist.id, words))
    return jobs


def guide_pdf_files(project: Project, words: GuideWords,
                    renderer: Renderer | None = None) -> dict[str, bytes]:
    """Every printable PDF by file name (see :func:`guide_pdf_jobs`)."""
    renderer = _renderer(project, renderer)
    return {name: renderer.pdf(template, data)
            for name, (template, data) in guide_pdf_jobs(project, words).items()}


@dataclass(frozen=True)
class PrintedGuide:
    """What :func:`write_guide_pdfs` made: each file's page count, and the files it wrote."""

    pages: dict[str, int]
    """Page count of each file by name (for links such as "Download this guide (PDF, 32
    pages)")."""
    written: tuple[str, ...]
    """Names of the files whose bytes changed (unchanged files are left alone)."""


PRINTED = re.compile(r"(guide|stage-.+|checklist-.+)\.pdf")
"""Names of the files :func:`write_guide_pdfs` makes (others in its folder are left alone)."""


def _digest(stamp: Any, template: str, data: dict[str, Any]) -> str:
    text = json.dumps([repr(stamp), typst.__version__, template, data], sort_keys=True,
                      ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def write_guide_pdfs(project: Project, out_dir: Path, words: GuideWords,
                     renderer: Renderer | None = None,
                     record: Path | None = None) -> PrintedGuide:
    """Write every printable PDF (see :func:`guide_pdf_jobs`) into ``out_dir``, leaving files
    that already hold the same bytes untouched and removing those of stages or checklists
    that are gone. With ``record`` (a JSON file outside ``out_dir``), a PDF whose data and
    templates are the same as when it was last made is not made again."""
    out_dir = Path(out_dir)
    jobs = guide_pdf_jobs(project, words)
    if not jobs and not out_dir.is_dir():
        return PrintedGuide({}, ())
    out_dir.mkdir(parents=True, exist_ok=True)
    known: dict[str, Any] = {}
    if record is not None:
        try:
            loaded = json.loads(record.read_text(encoding="utf-8"))
            known = loaded if isinstance(loaded, dict) else {}
        except (OSError, ValueError):
            known = {}
    stamp = folder_stamp(project.root / TEMPLATES_DIR) if jobs else ()
    pages: dict[str, int] = {}
    written = []
    now: dict[str, Any] = {}
    for name, (template, data) in jobs.items():
        digest = _digest(stamp, template, data)
        before = known.get(name)
        if isinstance(before, dict) and before.get("digest") == digest and \
                isinstance(before.get("pages"), int) and (out_dir / name).is_file():
            pages[name] = before["pages"]
        else:
            pdf = _renderer(project, renderer).pdf(template, data)
            pages[name] = pdf_page_count(pdf) or 0
            if write_if_changed(out_dir / name, pdf):
                written.append(name)
        now[name] = {"digest": digest, "pages": pages[name]}
    for stale in sorted(out_dir.iterdir()):
        if PRINTED.fullmatch(stale.name) and stale.name not in pages and stale.is_file():
            stale.unlink()
    if record is not None and now != known:
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(now, indent=1, sort_keys=True), encoding="utf-8")
    return PrintedGuide(pages, tuple(written))
