"""Compare two versions of the guidance by id: what was added, removed, moved, renamed, reworded.

Pure: takes two loaded projects (content, checklists and patient wording) and returns plain
JSON-able data; no Sphinx. Items are matched by id (checklist sections and items by
``<checklist>/<id>``), so changing an item's wording is a rewording, and giving it another
parent (an activity in another stage, a checklist item in another section) is a move. An id
changed on purpose and recorded under ``renamed_ids`` in ``content/guide.yaml`` is a rename.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from .content.diagnostics import Diagnostic, did_you_mean
from .content.model import Guidance
from .content.project import CONTENT_DIR, Project

KINDS = (
    "guide section", "process step", "House of Care part", "model of care question", "stage",
    "activity", "success factor level", "success factor", "NPT construct", "NPT sub-construct",
    "NPT typical problem", "NPT what helps", "role", "glossary term", "checklist",
    "checklist section", "checklist item", "patient document", "patient wording",
)
"""Every kind of item compared, in the order changes are listed."""

CHANGES = ("added", "removed", "moved", "renamed", "reworded")
"""The kinds of change, in the order they are listed."""

LIST_JOIN = " / "
"""How the points of a list field are joined when a list is compared as one text."""


@dataclass(frozen=True)
class Item:
    """One comparable item: its kind, id, title, parent (kind, id, title) and wording fields."""

    kind: str
    id: str
    title: str
    parent: tuple[str, str, str] | None
    fields: tuple[tuple[str, str], ...]

    @property
    def key(self) -> tuple[str, str]:
        """What matches an item across versions."""
        return self.kind, self.id


@dataclass(frozen=True)
class Snapshot:
    """Every item of one version, in reading order, with the version's facts."""

    version: str
    published: str
    items: tuple[Item, ...]
    renamed: dict[str, str]


def _text(value: Any) -> str:
    """A field's text: a list's points joined, whitespace runs made single spaces."""
    if isinstance(value, list | tuple):
        return LIST_JOIN.join(_text(v) for v in value)
    if isinstance(value, dict):
        return f"{value.get('title', '')}: {value.get('text', '')}"
    return " ".join(str(value or "").split())


def _short(text: str, limit: int = 60) -> str:
    """A title made from text: the text, cut at a word if long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "..."


def _item(kind: str, item_id: str, shown: str, parent: tuple[str, str, str] | None,
          /, **fields: Any) -> Item:
    return Item(kind, item_id, shown, parent, tuple((k, _text(v)) for k, v in fields.items()))


def _content_items(p: Guidance) -> list[Item]:
    """The guidance items of the content model, in reading order."""
    items = [_item("guide section", s.id, s.title, None, title=s.title, text=s.text)
             for s in p.guide.how_to_use]
    items += [_item("process step", s.id, s.title, None, title=s.title, summary=s.summary,
                    what_happens=s.what_happens) for s in p.process_steps]
    items += [_item("House of Care part", c.id, c.title, None, title=c.title, label=c.label,
                    summary=c.summary, needs=c.needs) for c in p.house.components]
    items += [_item("model of care question", q.id, q.question, None, question=q.question,
                    prompts=q.prompts) for q in p.house.model_of_care]
    for stage in p.stages:
        items.append(_item("stage", stage.id, stage.title, None, title=stage.title,
                           summary=stage.summary))
    for stage in p.stages:
        where = ("stage", stage.id, stage.title)
        items += [_item("activity", a.id, a.title, where, title=a.title, summary=a.summary,
                        steps=a.steps) for a in stage.activities]
    for level in p.success_factor_levels:
        items.append(_item("success factor level", level.id, level.title, None,
                           title=level.title, summary=level.summary))
    for level in p.success_factor_levels:
        where = ("success factor level", level.id, level.title)
        items += [_item("success factor", f.id, f.title, where, title=f.title, text=f.text)
                  for f in level.factors]
    for c in p.npt_constructs:
        items.append(_item("NPT construct", c.id, c.title, None, title=c.title,
                           plain_title=c.plain_title, question=c.question, summary=c.summary))
    for kind, attr in (("NPT sub-construct", "sub_constructs"),
                       ("NPT typical problem", "typical_problems"),
                       ("NPT what helps", "what_helps")):
        for c in p.npt_constructs:
            where = ("NPT construct", c.id, c.title)
            for x in getattr(c, attr):
                if kind == "NPT sub-construct":
                    items.append(_item(kind, x.id, x.title, where, title=x.title,
                                       definition=x.definition, statement=x.statement))
                else:
                    items.append(_item(kind, x.id, _short(x.text), where, text=x.text))
    items += [_item("role", r.id, r.title, None, title=r.title, summary=r.summary,
                    what_this_means=r.what_this_means) for r in p.roles]
    items += [_item("glossary term", t.id, t.term, None, term=t.term, definition=t.definition)
              for t in p.glossary]
    return items


def _checklist_items(project: Project) -> list[Item]:
    """Checklists, their sections and items; section and item ids are ``<checklist>/<id>``."""
    items: list[Item] = []
    for c in project.checklists:
        items.append(_item("checklist", c.id, c.title, None, title=c.title, intro=c.intro))
        for s in c.sections:
            items.append(_item("checklist section", f"{c.id}/{s.id}", s.title,
                               ("checklist", c.id, c.title), title=s.title))
    for c in project.checklists:
        for s in c.sections:
            where = ("checklist section", f"{c.id}/{s.id}", s.title)
            items += [_item("checklist item", f"{c.id}/{i.id}", _short(i.text), where,
                            text=i.text, why=i.why, how=i.how) for i in s.items]
    return items


def _wording_items(project: Project) -> list[Item]:
    """Patient-facing wording (``content/patient-materials.yaml``), if the project has it."""
    wording = project.wording
    if wording is None:
        return []
    items = [_item("patient document", d.id, d.title, None, title=d.title)
             for d in wording.documents]
    seen: set[str] = set()
    for d in wording.documents:
        where = ("patient document", d.id, d.title)
        for item_id in d.item_ids:
            if item_id in seen:
                continue
            seen.add(item_id)
            value = wording.items[item_id]
            field = wording.kind(item_id)
            items.append(_item("patient wording", item_id, _short(_text(value)), where,
                               **{field: value}))
    return items


def snapshot(project: Project) -> Snapshot:
    """Every item of a checked project (its guidance must have been read)."""
    guidance = project.require()
    items = _content_items(guidance) + _checklist_items(project) + _wording_items(project)
    return Snapshot(guidance.guide.version, guidance.guide.published, tuple(items),
                    dict(guidance.guide.renamed_ids))


def renamed_id_problems(project: Project) -> list[Diagnostic]:
    """Problems with ``renamed_ids`` in ``content/guide.yaml``: an old id must no longer be
    used and a new id must exist."""
    if project.guidance is None:
        return []
    by_id = project.guidance.by_id
    renamed = project.guidance.guide.renamed_ids
    source = project.sources[f"{CONTENT_DIR}/guide.yaml"]
    problems = []
    for old, new in renamed.items():
        path = ("renamed_ids", old)
        chain = [old, new]
        while chain[-1] in renamed and chain[-1] not in chain[:-1]:
            chain.append(renamed[chain[-1]])
        if old == new:
            problems.append(source.diagnostic(
                path, f"changed id '{old}' points to itself",
                "remove the line: an id that has not changed needs no entry", key=True))
            continue
        if chain[-1] in chain[:-1]:
            problems.append(source.diagnostic(
                path, f"changed ids go round in a circle: {' -> '.join(chain)}",
                "each old id must lead, in one or more steps, to an id the content has now",
                key=True))
            continue
        if old in by_id:
            problems.append(source.diagnostic(
                path, f"'{old}' is listed as a changed id but the content still uses it",
                "list an id here only after changing it everywhere", key=True))
        if new not in by_id and new not in renamed:
            problems.append(source.diagnostic(
                path, f"changed id '{old}' points to '{new}', which the content does not have",
                did_you_mean(new, by_id) or "give the id the item has now"))
    return problems


# --- word-level differences ----------------------------------------------------------------

def word_diff(old: str, new: str) -> list[dict[str, str]]:
    """Segments ``{"op": "same"|"removed"|"added", "text": ...}`` turning ``old`` into ``new``."""
    a, b = old.split(), new.split()
    segments: list[dict[str, str]] = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            segments.append({"op": "same", "text": " ".join(a[i1:i2])})
            continue
        if i2 > i1:
            segments.append({"op": "removed", "text": " ".join(a[i1:i2])})
        if j2 > j1:
            segments.append({"op": "added", "text": " ".join(b[j1:j2])})
    return segments


def render_segments(segments: list[dict[str, str]]) -> str:
    """Segments as text: ``We agree on [-old words-]{+new words+}``."""
    out = ""
    previous = ""
    for seg in segments:
        text = {"same": "{}", "removed": "[-{}-]", "added": "{{+{}+}}"}[seg["op"]].format(
            seg["text"])
        joined = previous == "removed" and seg["op"] == "added"
        out += text if not out or joined else " " + text
        previous = seg["op"]
    return out


# --- comparing -----------------------------------------------------------------------------

def _ref(item: Item) -> dict[str, Any]:
    return {"kind": item.kind, "id": item.id, "title": item.title}


def _parent(parent: tuple[str, str, str] | None) -> dict[str, str] | None:
    return None if parent is None else dict(zip(("kind", "id", "title"), parent, strict=True))


def _resolve(item_id: str, renamed: dict[str, str]) -> str:
    """Follow recorded id changes (old -> new, possibly several in a row)."""
    seen = {item_id}
    while item_id in renamed and renamed[item_id] not in seen:
        item_id = renamed[item_id]
        seen.add(item_id)
    return item_id


def compare(old: Snapshot, new: Snapshot) -> dict[str, Any]:
    """Every change from ``old`` to ``new``, each list in kind order then reading order."""
    old_by_key = {i.key: i for i in old.items}
    new_by_key = {i.key: i for i in new.items}
    # An old item whose id was changed on purpose is matched with the item under its new id.
    match = {}
    for item in old.items:
        key = (item.kind, _resolve(item.id, new.renamed))
        if key in new_by_key:
            match[item.key] = key
    matched_new = set(match.values())
    changes: dict[str, list[tuple[tuple[int, int], dict[str, Any]]]] = {c: [] for c in CHANGES}
    new_pos = {item.key: n for n, item in enumerate(new.items)}

    def order(item: Item, pos: int) -> tuple[int, int]:
        return KINDS.index(item.kind), pos

    for n, item in enumerate(new.items):
        if item.key not in matched_new:
            changes["added"].append((order(item, n), {**_ref(item), "in": _parent(item.parent)}))
    for n, item in enumerate(old.items):
        if item.key not in match:
            changes["removed"].append((order(item, n),
                                       {**_ref(item), "in": _parent(item.parent)}))
    for old_key, new_key in match.items():
        a, b = old_by_key[old_key], new_by_key[new_key]
        pos = order(b, new_pos[new_key])
        if a.id != b.id:
            changes["renamed"].append((pos, {**_ref(b), "old_id": a.id}))
        old_parent = a.parent and (a.parent[0], _resolve(a.parent[1], new.renamed))
        new_parent = b.parent and b.parent[:2]
        if old_parent != new_parent and a.parent and b.parent:
            changes["moved"].append((pos, {**_ref(b), "from": _parent(a.parent),
                                           "to": _parent(b.parent)}))
        fields = _reworded(dict(a.fields), dict(b.fields))
        if fields:
            changes["reworded"].append((pos, {**_ref(b), "fields": fields}))
    return {
        "from": {"version": old.version, "published": old.published},
        "to": {"version": new.version, "published": new.published},
        **{c: [entry for _pos, entry in sorted(changes[c], key=lambda e: e[0])]
           for c in CHANGES},
    }


def _reworded(old: dict[str, str], new: dict[str, str]) -> list[dict[str, Any]]:
    """The wording fields whose text differs, each with a word-level diff."""
    fields = []
    for name in [*new, *(k for k in old if k not in new)]:
        a, b = old.get(name, ""), new.get(name, "")
        if a != b:
            segments = word_diff(a, b)
            fields.append({"field": name, "old": a, "new": b,
                           "diff": render_segments(segments), "segments": segments})
    return fields


def diff_projects(old: Project, new: Project) -> dict[str, Any]:
    """Every change between two checked projects."""
    return compare(snapshot(old), snapshot(new))


# --- reports -------------------------------------------------------------------------------

def _named(ref: dict[str, Any] | None) -> str:
    """``activity form-steering-group "Form a steering group"``."""
    if ref is None:
        return ""
    return f"{ref['kind']} {ref['id']} {json.dumps(ref['title'], ensure_ascii=False)}"


def describe(change: str, entry: dict[str, Any]) -> str:
    """One change as one line of text (without the word-level diff of a rewording)."""
    what = _named(entry)
    if change == "added":
        return f"+ {what}" + (f" in {_named(entry['in'])}" if entry["in"] else "")
    if change == "removed":
        return f"- {what}" + (f" (was in {_named(entry['in'])})" if entry["in"] else "")
    if change == "moved":
        return f"> {what}: from {_named(entry['from'])} to {_named(entry['to'])}"
    if change == "renamed":
        return f"= {entry['kind']} id {entry['old_id']} is now {entry['id']}" \
               f" {json.dumps(entry['title'], ensure_ascii=False)}"
    return f"~ {what}"


def count_line(result: dict[str, Any]) -> str:
    """``2 added, 1 removed, ...`` (only the kinds of change there are), or 'no changes'."""
    parts = [f"{len(result[c])} {c}" for c in CHANGES if result[c]]
    return ", ".join(parts) if parts else "no changes"


def format_text(result: dict[str, Any]) -> str:
    """The changes as text for people, a heading per kind of change."""
    lines = [f"Changes from version {result['from']['version']} to "
             f"{result['to']['version']}: {count_line(result)}"]
    for change in CHANGES:
        if not result[change]:
            continue
        lines += ["", f"{change.capitalize()}:"]
        for entry in result[change]:
            lines.append("  " + describe(change, entry))
            for f in entry.get("fields", ()) if change == "reworded" else ():
                lines.append(f"      {f['field']}: {f['diff']}")
    return "\n".join(lines)


def format_json(result: dict[str, Any]) -> str:
    """The changes as a JSON document for tools (keys sorted, so the same bytes every time)."""
    return json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False)
