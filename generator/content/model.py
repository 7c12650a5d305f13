"""The content model: typed, read-only objects built from validated content data.

The model knows nothing about YAML, Sphinx or PDFs. Every item has a stable ``id``;
:class:`Guidance` finds any item by id and answers the cross-views (which activities
touch a role, a house part, a success factor or an NPT construct). Checklists and the
practice packs' wording are content too, and are modelled here.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GuideInfo:
    """Facts about the guide and its front-page text."""

    title: str
    version: str
    published: str
    next_review: str
    owner: str
    licence: str
    summary: tuple[str, ...]
    how_to_use: tuple[Section, ...]
    renamed_ids: dict[str, str] = field(default_factory=dict, compare=False)
    """Ids changed on purpose since an earlier version: old id -> new id."""


@dataclass(frozen=True)
class Section:
    """A titled block of text, and where it sends the reader (item ids or page names)."""

    id: str
    title: str
    text: str
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProcessStep:
    """One step of the PCSP process (preparation, discussion, documentation, review)."""

    id: str
    title: str
    summary: str
    what_happens: tuple[str, ...]
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class HouseComponent:
    """A part of the House of Care: left-wall, right-wall, roof or foundation."""

    id: str
    title: str
    label: str
    summary: str
    needs: tuple[str, ...]


@dataclass(frozen=True)
class ModelOfCareQuestion:
    """One of the local decisions (how, when, where, by whom)."""

    id: str
    question: str
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class House:
    """The House of Care with its centre, parts and model-of-care questions."""

    title: str
    intro: tuple[str, ...]
    centre_title: str
    centre_summary: str
    components: tuple[HouseComponent, ...]
    model_of_care_title: str
    model_of_care_intro: str
    model_of_care: tuple[ModelOfCareQuestion, ...]


@dataclass(frozen=True)
class Activity:
    """Something to do in a stage, tagged with who does it and what it builds."""

    id: str
    stage: str
    title: str
    summary: str
    steps: tuple[str, ...]
    roles: tuple[str, ...]
    house: tuple[str, ...]
    success_factors: tuple[str, ...]
    npt: tuple[str, ...]


@dataclass(frozen=True)
class Stage:
    """One of the implementation stages, with its activities in order."""

    id: str
    number: int
    title: str
    summary: str
    activities: tuple[Activity, ...]


@dataclass(frozen=True)
class SuccessFactor:
    """A critical success factor at one level."""

    id: str
    level: str
    title: str
    text: str


@dataclass(frozen=True)
class SuccessFactorLevel:
    """A level (whole system, steering group, practice) and its success factors."""

    id: str
    title: str
    summary: str
    factors: tuple[SuccessFactor, ...]


@dataclass(frozen=True)
class NptSubConstruct:
    """One of the sixteen NPT sub-constructs, with a self-assessment statement."""

    id: str
    construct: str
    title: str
    definition: str
    statement: str


@dataclass(frozen=True)
class Point:
    """A short identified piece of text (a typical problem, or something that helps)."""

    id: str
    text: str


@dataclass(frozen=True)
class NptConstruct:
    """One of the four NPT constructs."""

    id: str
    title: str
    plain_title: str
    question: str
    summary: str
    sub_constructs: tuple[NptSubConstruct, ...]
    typical_problems: tuple[Point, ...]
    what_helps: tuple[Point, ...]


@dataclass(frozen=True)
class Role:
    """Someone involved in implementation, and what it means for them."""

    id: str
    title: str
    summary: str
    what_this_means: tuple[str, ...]


@dataclass(frozen=True)
class GlossaryTerm:
    """A word or abbreviation explained."""

    id: str
    term: str
    definition: str


@dataclass(frozen=True)
class Page:
    """Title and intro paragraphs of a content file's page."""

    title: str
    intro: tuple[str, ...]


@dataclass(frozen=True)
class Guidance:
    """All the guidance content, with lookups by id and the cross-views."""

    guide: GuideInfo
    process: Page
    process_steps: tuple[ProcessStep, ...]
    house: House
    stages_page: Page
    stages: tuple[Stage, ...]
    success_factors_page: Page
    success_factor_levels: tuple[SuccessFactorLevel, ...]
    npt_page: Page
    npt_constructs: tuple[NptConstruct, ...]
    roles_page: Page
    roles: tuple[Role, ...]
    glossary_title: str
    glossary: tuple[GlossaryTerm, ...]
    by_id: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def activities(self) -> tuple[Activity, ...]:
        """Every activity, stage by stage, in order."""
        return tuple(a for s in self.stages for a in s.activities)

    @property
    def success_factors(self) -> tuple[SuccessFactor, ...]:
        """Every success factor, level by level, in order."""
        return tuple(f for level in self.success_factor_levels for f in level.factors)

    @property
    def npt_sub_constructs(self) -> tuple[NptSubConstruct, ...]:
        """All sixteen sub-constructs, construct by construct."""
        return tuple(s for c in self.npt_constructs for s in c.sub_constructs)

    def get(self, item_id: str) -> Any:
        """The item with this id (KeyError if none)."""
        return self.by_id[item_id]

    def activities_for(self, tag: str, item_id: str) -> tuple[Activity, ...]:
        """Activities whose ``tag`` list (roles, house, success_factors, npt) holds ``item_id``."""
        return tuple(a for a in self.activities if item_id in getattr(a, tag))

    def process_steps_for_role(self, role_id: str) -> tuple[ProcessStep, ...]:
        """Process steps that involve a role."""
        return tuple(s for s in self.process_steps if role_id in s.roles)


def _t(values: Any) -> tuple:
    return tuple(values or ())


def build_guidance(data: dict[str, Any]) -> Guidance:
    """Build the model from validated data, keyed by content file stem (``guide``, ``npt``...)."""
    g = data["guide"]
    guide = GuideInfo(
        g["title"], g["version"], g["published"], g["next_review"], g["owner"], g["licence"],
        _t(g["summary"]), tuple(Section(s["id"], s["title"], s["text"], _t(s.get("links")))
                                 for s in g["how_to_use"]),
        dict(g.get("renamed_ids") or {}))
    p = data["process"]
    steps = tuple(ProcessStep(s["id"], s["title"], s["summary"], _t(s["what_happens"]),
                              _t(s.get("roles"))) for s in p["steps"])
    h = data["house"]
    moc = h["model_of_care"]
    house = House(
        h["title"], _t(h["intro"]), h["centre"]["title"], h["centre"]["summary"],
        tuple(HouseComponent(c["id"], c["title"], c["label"], c["summary"], _t(c["needs"]))
              for c in h["components"]),
        moc["title"], moc["intro"],
        tuple(ModelOfCareQuestion(q["id"], q["question"], _t(q["prompts"]))
              for q in moc["questions"]))
    st = data["stages"]
    stages = tuple(
        Stage(s["id"], n, s["title"], s["summary"], tuple(
            Activity(a["id"], s["id"], a["title"], a["summary"], _t(a.get("steps")),
                     _t(a["roles"]), _t(a.get("house")), _t(a.get("success_factors")),
                     _t(a.get("npt")))
            for a in s["activities"]))
        for n, s in enumerate(st["stages"], 1))
    sf = data["success-factors"]
    levels = tuple(
        SuccessFactorLevel(lv["id"], lv["title"], lv["summary"], tuple(
            SuccessFactor(f["id"], lv["id"], f["title"], f["text"]) for f in lv["factors"]))
        for lv in sf["levels"])
    npt = data["npt"]
    constructs = tuple(
        NptConstruct(
            c["id"], c["title"], c["plain_title"], c["question"], c["summary"],
            tuple(NptSubConstruct(s["id"], c["id"], s["title"], s["definition"], s["statement"])
                  for s in c["sub_constructs"]),
            tuple(Point(x["id"], x["text"]) for x in c["typical_problems"]),
            tuple(Point(x["id"], x["text"]) for x in c["what_helps"]))
        for c in npt["constructs"])
    r = data["roles"]
    roles = tuple(Role(x["id"], x["title"], x["summary"], _t(x["what_this_means"]))
                  for x in r["roles"])
    gl = data["glossary"]
    terms = tuple(GlossaryTerm(t["id"], t["term"], t["definition"]) for t in gl["terms"])
    project = Guidance(
        guide, Page(p["title"], _t(p["intro"])), steps, house,
        Page(st["title"], _t(st["intro"])), stages,
        Page(sf["title"], _t(sf["intro"])), levels,
        Page(npt["title"], _t(npt["intro"])), constructs,
        Page(r["title"], _t(r["intro"])), roles, gl["title"], terms)
    items: list[Any] = [*steps, *house.components, *house.model_of_care, *stages,
                        *project.activities, *levels, *project.success_factors, *constructs,
                        *project.npt_sub_constructs, *roles, *terms, *guide.how_to_use]
    for c in constructs:
        items += [*c.typical_problems, *c.what_helps]
    project.by_id.update((item.id, item) for item in items)
    return project


# --- checklists ----------------------------------------------------------------------------

def item_text_hash(text: str) -> str:
    """First 12 hex digits of the SHA-256 of ``text`` with Unicode and spaces normalised."""
    normal = " ".join(unicodedata.normalize("NFC", text).split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:12]


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
    file: str = ""
    """The file it was read from, such as ``checklists/set-up.yaml``."""
    renamed_items: dict[str, str] = field(default_factory=dict, compare=False)
    """Item ids changed since an earlier published version: old id -> new id."""

    @property
    def items(self) -> tuple[ChecklistItem, ...]:
        """Every item, section by section."""
        return tuple(i for s in self.sections for i in s.items)


def build_checklist(data: dict[str, Any], file: str) -> Checklist:
    """Build a checklist from data that has passed the checklist schema."""
    sections = tuple(
        ChecklistSection(s["id"], s["title"], tuple(
            ChecklistItem(i["id"], i["text"], i.get("why", ""), i.get("how", ""),
                          tuple(i.get("refs", ())))
            for i in s["items"]))
        for s in data["sections"])
    return Checklist(data["id"], data["title"], data["audience"], data.get("stage"),
                     data["intro"], sections, file, dict(data.get("renamed_items") or {}))


# --- practice pack wording -----------------------------------------------------------------

WordingValue = str | tuple[str, ...] | tuple[dict[str, str], ...]
"""A wording item: a text, a list of points, or a list of titled entries."""


@dataclass(frozen=True)
class WordingDocument:
    """One document's wording: its id, title, audience and the ids of its items, in order."""

    id: str
    title: str
    audience: str
    item_ids: tuple[str, ...]


@dataclass(frozen=True)
class Wording:
    """All practice pack wording by item id, with placeholders not yet filled in."""

    items: dict[str, WordingValue]
    documents: tuple[WordingDocument, ...] = ()

    @property
    def patient_item_ids(self) -> tuple[str, ...]:
        """Ids of the items in documents for patients (the ones a translation must have)."""
        ids = (i for d in self.documents if d.audience == "patients" for i in d.item_ids)
        return tuple(dict.fromkeys(ids))

    def translated(self, translation: Translation) -> Wording:
        """This wording with a translation's items in place of the English ones."""
        return Wording({**self.items, **translation.items}, self.documents)

    def kind(self, item_id: str) -> str:
        """What an item holds: ``text``, ``points`` or ``entries``."""
        value = self.items[item_id]
        if isinstance(value, str):
            return "text"
        return "entries" if value and isinstance(value[0], dict) else "points"


def wording_hash(value: WordingValue) -> str:
    """The fingerprint of a wording item's English that a translation records (see
    :func:`item_text_hash`): its text, points or entries, one per line."""
    if isinstance(value, str):
        return item_text_hash(value)
    lines = [f"{v['id']}\n{v['title']}\n{v['text']}" if isinstance(v, dict) else v
             for v in value]
    return item_text_hash("\n".join(lines))


@dataclass(frozen=True)
class Translation:
    """The practice packs' wording in one language: items by id, each with the fingerprint
    of the English it was translated from."""

    language: str
    reviewed: str | None
    """The date a qualified translator reviewed it, or None if not yet."""
    reviewer: str
    items: dict[str, WordingValue]
    sources: dict[str, str]
    file: str


def _wording_value(item: dict[str, Any]) -> WordingValue:
    if "text" in item:
        return item["text"]
    if "points" in item:
        return tuple(item["points"])
    return tuple({"id": e["id"], "title": e["title"], "text": e["text"]}
                 for e in item["entries"])


def build_translation(data: dict[str, Any], file: str) -> Translation:
    """Build a translation from data that has passed its schema (first use of an id wins)."""
    items: dict[str, WordingValue] = {}
    sources: dict[str, str] = {}
    for item in data["items"]:
        if item["id"] not in items:
            items[item["id"]] = _wording_value(item)
            sources[item["id"]] = item["source"]
    reviewed = data["reviewed"] if isinstance(data["reviewed"], str) else None
    return Translation(data["language"], reviewed, data.get("reviewer", ""), items, sources,
                       file)


def build_wording(data: dict[str, Any]) -> Wording:
    """Build the wording from data that has passed its schema (first use of an id wins)."""
    items: dict[str, WordingValue] = {}
    documents = []
    for doc in data["documents"]:
        for item in doc["items"]:
            if item["id"] in items:
                continue
            items[item["id"]] = _wording_value(item)
        documents.append(WordingDocument(doc["id"], doc["title"], doc["audience"],
                                         tuple(i["id"] for i in doc["items"])))
    return Wording(items, tuple(documents))
