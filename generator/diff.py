"""Compare two versions of the guidance by id: what was added, removed, moved, renamed, reworded.

Pure: takes two loaded projects (content, checklists and patient wording) and returns plain
JSON-able data; no Sphinx. Items are matched by id (checklist sections and items by
``<checklist>/<id>``), so changing an item's wording is a rewording, and giving it another
parent (an activity in another stage, a checklist item in another section) is a move. An id
changed on purpose and recorded under ``renamed_ids`` in ``content/guide.yaml`` is a rename;
an item that changes place among its siblings is a move within its parent. Every field of
every item counts (links to roles, House of Care parts, success factors and NPT constructs
too), and so do the front page, each page's introduction and the hand-written pages.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from .content.diagnostics import Diagnostic
from .content.model import Guidance, wording_hash
from .content.project import CONTENT_DIR, Project
from .content.references import all_ids, rename_problems

KINDS = (
    "guide", "page", "guide section", "process step", "House of Care", "House of Care part",
    "model of care question", "stage",
    "activity", "success factor level", "success factor", "NPT construct", "NPT sub-construct",
    "NPT typical problem", "NPT what helps", "role", "glossary term", "checklist",
    "checklist section", "checklist item", "patient document", "patient wording",
    "hand-written page",
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
    """The guidance items of the content model, in reading order: every field of every item,
    the front page and each page's introduction included."""
    g, house = p.guide, p.house
    items = [_item("guide", "guide", g.title, None, title=g.title, summary=g.summary,
                   owner=g.owner, licence=g.licence)]  # (its dates change with each release)
    pages = (("process", p.process), ("stages", p.stages_page),
             ("success-factors", p.success_factors_page), ("npt", p.npt_page),
             ("roles", p.roles_page))
    items += [_item("page", page_id, page.title, None, title=page.title, intro=page.intro)
              for page_id, page in pages]
    items.append(_item("page", "glossary", p.glossary_title, None, title=p.glossary_title))
    items += [_item("guide section", s.id, s.title, None, title=s.title, text=s.text,
                    links=s.links) for s in g.how_to_use]
    items += [_item("process step", s.id, s.title, None, title=s.title, summary=s.summary,
                    what_happens=s.what_happens, roles=s.roles) for s in p.process_steps]
    items.append(_item("House of Care", "house", house.title, None, title=house.title,
                       intro=house.intro, centre_title=house.centre_title,
                       centre_summary=house.centre_summary,
                       model_of_care_title=house.model_of_care_title,
                       model_of_care_intro=house.model_of_care_intro))
    items += [_item("House of Care part", c.id, c.title, None, title=c.title, label=c.label,
                    summary=c.summary, needs=c.needs) for c in house.components]
    items += [_item("model of care question", q.id, q.question, None, question=q.question,
                    prompts=q.prompts) for q in house.model_of_care]
    for stage in p.stages:
        items.append(_item("stage", stage.id, stage.title, None, title=stage.title,
                           summary=stage.summary))
    for stage in p.stages:
        where = ("stage", stage.id, stage.title)
        items += [_item("activity", a.id, a.title, where, title=a.title, summary=a.summary,
                        steps=a.steps, roles=a.roles, house=a.house,
                        success_factors=a.success_factors, npt=a.npt)
                  for a in stage.activities]
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
        items.append(_item("checklist", c.id, c.title, None, title=c.title, intro=c.intro,
                           audience=c.audience, stage=c.stage or ""))
        for s in c.sections:
            items.append(_item("checklist section", f"{c.id}/{s.id}", s.title,
                               ("checklist", c.id, c.title), title=s.title))
    for c in project.checklists:
        for s in c.sections:
            where = ("checklist section", f"{c.id}/{s.id}", s.title)
            items += [_item("checklist item", f"{c.id}/{i.id}", _short(i.text), where,
                            text=i.text, why=i.why, how=i.how, refs=i.refs) for i in s.items]
    return items


SOURCE_DIR = "source"
GENERATED_DIR = "_generated"
"""Pages made at build time from the content, left out of the hand-written ones."""


def _page_items(project: Project) -> list[Item]:
    """The hand-written pages (``source/**/*.md``, not the generated ones), each as its text."""
    folder = project.root / SOURCE_DIR
    items = []
    for path in sorted(folder.rglob("*.md")) if folder.is_dir() else ():
        rel = path.relative_to(folder)
        if rel.parts[0] == GENERATED_DIR or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the build reports a page it cannot read
        title = next((line.lstrip("#").strip() for line in text.splitlines()
                      if line.startswith("# ")), rel.as_posix())
        items.append(_item("hand-written page", rel.with_suffix("").as_posix(), title, None,
                           text=text))
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
    items = (_content_items(guidance) + _checklist_items(project) + _wording_items(project)
             + _page_items(project))
    renamed = dict(guidance.guide.renamed_ids)
    for checklist in project.checklists:
        renamed.update((f"{checklist.id}/{old}", f"{checklist.id}/{new}")
                       for old, new in checklist.renamed_items.items())
    return Snapshot(guidance.guide.version, guidance.guide.published, tuple(items), renamed)


def renamed_id_problems(project: Project) -> list[Diagnostic]:
    """Problems with ``renamed_ids`` in ``content/guide.yaml``: an old id must no longer be
    used and a new id must exist."""
    if project.guidance is None:
        return []
    return rename_problems(project.guidance.guide.renamed_ids, project.guidance.by_id,
                           project.sources[f"{CONTENT_DIR}/guide.yaml"], "renamed_ids",
                           "the content")


RENAME_LIKENESS = 0.7
"""How alike (0 to 1, by id or by title) a removed and an added item of the same kind must be
to be taken for one item renamed."""

NOT_RENAMED = ("patient document", "patient wording")
"""Kinds whose ids readers never see, so a changed id needs no entry."""


def _likeness(a: Item, b: Item) -> float:
    ratio = difflib.SequenceMatcher(None, a.id.split("/")[-1], b.id.split("/")[-1]).ratio()
    return max(ratio, difflib.SequenceMatcher(None, a.title.casefold(),
                                              b.title.casefold()).ratio())


def unrecorded_renames(previous: Project, current: Project) -> list[Diagnostic]:
    """A warning for each item that looks renamed since ``previous`` (the last release) but has
    no ``renamed_ids`` entry (or, for a checklist item, ``renamed_items``): an id gone and a
    new one of the same kind, in the same checklist, alike by id or title."""
    if previous.guidance is None or current.guidance is None:
        return []
    old, new = snapshot(previous), snapshot(current)
    now = {i.key for i in new.items}
    before = {(i.kind, _resolve(i.id, new.renamed)) for i in old.items}
    gone = [i for i in old.items if (i.kind, _resolve(i.id, new.renamed)) not in now
            and i.kind not in NOT_RENAMED]
    added = [i for i in new.items if i.key not in before and i.kind not in NOT_RENAMED]
    pairs = sorted(((_likeness(a, b), n, a, b) for n, a in enumerate(gone) for b in added
                    if a.kind == b.kind and a.id.split("/")[:-1] == b.id.split("/")[:-1]),
                   key=lambda p: (-p[0], p[1]))
    problems, used = [], set()
    for likeness, _n, a, b in pairs:
        if likeness < RENAME_LIKENESS or a.id in used or b.id in used:
            continue
        used.update((a.id, b.id))
        problems.append(_rename_warning(current, old.version, a, b))
    return sorted(problems)


def _rename_warning(project: Project, version: str, a: Item, b: Item) -> Diagnostic:
    old_id, new_id = a.id.split("/")[-1], b.id.split("/")[-1]
    message = (f"{a.kind} '{old_id}' is gone since version {version} and '{new_id}' is new: "
               "is it the same item with a new id?")
    if "/" in b.id:  # a checklist's section or item
        checklist = next(c for c in project.checklists if c.id == b.id.split("/")[0])
        where, key, follows = checklist.file, "renamed_items", "ratings people saved follow it"
        names = [checklist.file]
    else:
        where, key, follows = f"{CONTENT_DIR}/guide.yaml", "renamed_ids", \
            "old links and bookmarks still find it"
        names = [n for n in project.sources if n.startswith(f"{CONTENT_DIR}/")]
    hint = (f"if so, add '{old_id}: {new_id}' under {key}: in {where}, so {follows}; if "
            f"'{old_id}' was removed on purpose, nothing needs doing")
    for name in names:
        source = project.sources[name]
        for path, found in all_ids(source.data, ()):
            if found == new_id:
                return source.diagnostic(path, message, hint, severity="warning")
    return Diagnostic(where, 1, 1, message, hint, "warning")


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
        old_fields = {name: _renamed_refs(value, new.renamed) if name in REFERENCE_FIELDS
                      else value for name, value in a.fields}
        fields = _reworded(old_fields, dict(b.fields))
        if fields:
            changes["reworded"].append((pos, {**_ref(b), "fields": fields}))
    for old_place, new_place, item in _reordered(old, new, match):
        changes["moved"].append((order(item, new_pos[item.key]), {
            **_ref(item), "from": _parent(item.parent), "to": _parent(item.parent),
            "position": {"from": old_place, "to": new_place}}))
    return {
        "from": {"version": old.version, "published": old.published},
        "to": {"version": new.version, "published": new.published},
        **{c: [entry for _pos, entry in sorted(changes[c], key=lambda e: e[0])]
           for c in CHANGES},
    }


REFERENCE_FIELDS = ("roles", "house", "success_factors", "npt", "refs", "links")
"""Fields that list ids of other items: an id changed on purpose is not a change to them."""


def _renamed_refs(value: str, renamed: dict[str, str]) -> str:
    """A list of ids (joined as text) with each recorded id change followed."""
    if not value:
        return value
    return LIST_JOIN.join(_resolve(item_id, renamed) for item_id in value.split(LIST_JOIN))


def _reordered(old: Snapshot, new: Snapshot,
               match: dict[tuple[str, str], tuple[str, str]]) -> list[tuple[int, int, Item]]:
    """Items that changed place among their siblings (same kind, same parent in both
    versions): the fewest that explain the new order, each with its old and new place
    (counted from 1). An item that changed parent is a move already, so it is left out."""
    new_by_key = {i.key: i for i in new.items}

    def group(item: Item) -> tuple[str, tuple[str, ...] | None]:
        return item.kind, item.parent and item.parent[:2]

    was: dict[tuple[str, tuple[str, ...] | None], list[tuple[str, str]]] = {}
    for item in old.items:
        if item.key not in match:
            continue
        now_item = new_by_key[match[item.key]]
        old_parent = item.parent and (item.parent[0], _resolve(item.parent[1], new.renamed))
        if old_parent == (now_item.parent and now_item.parent[:2]):
            was.setdefault(group(now_item), []).append(now_item.key)
    kept = {key for keys in was.values() for key in keys}
    now: dict[tuple[str, tuple[str, ...] | None], list[tuple[str, str]]] = {}
    for item in new.items:
        if item.key in kept:
            now.setdefault(group(item), []).append(item.key)
    found = []
    for place, before in was.items():
        after = now[place]
        if before == after:
            continue
        stayed: set[tuple[str, str]] = set()
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for block in matcher.get_matching_blocks():
            stayed.update(before[block.a:block.a + block.size])
        found += [(before.index(key) + 1, after.index(key) + 1, new_by_key[key])
                  for key in after if key not in stayed]
    return found


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


def translation_gaps(project: Project) -> list[dict[str, Any]]:
    """For each translation of the pack wording with work to do: its language and the ids of
    items it lacks or translated from English that has changed since."""
    wording = project.wording
    if wording is None:
        return []
    gaps = []
    for t in project.translations:
        missing = [i for i in wording.patient_item_ids if i not in t.items]
        stale = [i for i in wording.items if i in t.items
                 and t.sources[i] != wording_hash(wording.items[i])]
        if missing or stale:
            gaps.append({"language": t.language, "file": t.file, "missing": missing,
                         "out_of_date": stale})
    return gaps


def diff_projects(old: Project, new: Project) -> dict[str, Any]:
    """Every change between two checked projects, and the translations NEW needs updated."""
    return {**compare(snapshot(old), snapshot(new)), "translations": translation_gaps(new)}


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
    if change == "moved" and "position" in entry:
        where = f" in {_named(entry['to'])}" if entry["to"] else ""
        return f"> {what}: from place {entry['position']['from']} to place " \
               f"{entry['position']['to']}{where}"
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
    if result.get("translations"):
        lines += ["", "Translations to update:"]
        for gap in result["translations"]:
            for what, ids in (("not translated", gap["missing"]),
                              ("English changed since translated", gap["out_of_date"])):
                if ids:
                    lines.append(f"  {gap['file']}: {what}: {', '.join(ids)}")
    return "\n".join(lines)


def format_json(result: dict[str, Any]) -> str:
    """The changes as a JSON document for tools (keys sorted, so the same bytes every time)."""
    return json.dumps(result, indent=2, sort_keys=True, ensure_ascii=False)
