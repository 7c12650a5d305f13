"""Checks across the guidance files: ids unique everywhere, tags that name real items, every
House of Care part present, and dates that make sense.

They run on the files that passed their schema, so each problem is reported once.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable, Iterator
from typing import Any

from .clock import clock
from .definitions import house_parts
from .diagnostics import Diagnostic, did_you_mean
from .load import DataPath, SourceFile

GUIDANCE_FILES = ("guide", "process", "house", "stages", "success-factors", "npt", "roles",
                  "glossary")
"""Guidance files: ``content/<name>.yaml``, checked against ``schema/<name>.schema.json``."""


_TAGS = {  # tag list in an activity -> (what its ids are, plural, file that defines them)
    "roles": ("role", "roles", "roles"),
    "house": ("House of Care part", "House of Care parts", "house"),
    "success_factors": ("success factor", "success factors", "success-factors"),
    "npt": ("NPT construct", "NPT constructs", "npt"),
}


ID_KINDS = {
    "guide": {"how_to_use": "section"},
    "process": {"steps": "process step"},
    "house": {"components": "House of Care part", "questions": "model of care question"},
    "stages": {"stages": "stage", "activities": "activity"},
    "success-factors": {"levels": "success factor level", "factors": "success factor"},
    "npt": {"constructs": "NPT construct", "sub_constructs": "NPT sub-construct",
            "typical_problems": "typical problem", "what_helps": "way to help"},
    "roles": {"roles": "role"},
    "glossary": {"terms": "glossary term"},
}
"""For each guidance file, what the items of each of its id-bearing lists are."""


_PLACES = {  # tag -> where the ids it may hold are defined
    "roles": ("roles", "*"),
    "house": ("components", "*"),
    "success_factors": ("levels", "*", "factors", "*"),
    "npt": ("constructs", "*"),
}


def _walk(data: Any, pattern: DataPath, path: DataPath = ()) -> Iterator[tuple[DataPath, Any]]:
    """Values at ``pattern`` ("*" for every list entry), skipping anything of the wrong shape,
    so a file with schema errors can still be read as far as it makes sense."""
    if not pattern:
        yield path, data
        return
    key, rest = pattern[0], pattern[1:]
    if key == "*":
        for index, value in enumerate(data) if isinstance(data, list) else ():
            yield from _walk(value, rest, (*path, index))
    elif isinstance(data, dict) and key in data:
        yield from _walk(data[key], rest, (*path, key))


def _flagged(source: SourceFile, path: DataPath, flagged: set[tuple[str, int, int]]) -> bool:
    mark = source.mark(path)
    return (source.name, mark.line, mark.column) in flagged


def _defined(passed: dict[str, SourceFile]) -> dict[str, dict[str, tuple[SourceFile, DataPath]]]:
    """For each tag list, the ids it may hold and where each is defined. A tag whose file did
    not pass its schema is left out: its ids cannot be known, so references to it are not
    judged."""
    defined = {}
    for tag, pattern in _PLACES.items():
        source = passed.get(_TAGS[tag][2])
        if source is not None:
            defined[tag] = {entry["id"]: (source, (*path, "id"))
                            for path, entry in reversed(list(_walk(source.data, pattern)))}
    return defined


def _tag_lists(read: dict[str, SourceFile]) -> Iterator[tuple[SourceFile, str, DataPath, str]]:
    """Every id used in a tag list: (file, tag, path of the id, id)."""
    if "process" in read:
        for path, ref in _walk(read["process"].data, ("steps", "*", "roles", "*")):
            if isinstance(ref, str):
                yield read["process"], "roles", path, ref
    if "stages" in read:
        for tag in _TAGS:
            pattern = ("stages", "*", "activities", "*", tag, "*")
            for path, ref in _walk(read["stages"].data, pattern):
                if isinstance(ref, str):
                    yield read["stages"], tag, path, ref


def guidance_ids(passed: dict[str, SourceFile]) -> tuple[dict[str, str], frozenset[str]]:
    """Every id in the guidance files that passed their schema and what it names
    (``"activity"``...), and the kinds of item whose file did not pass, which are unknown."""
    kinds: dict[str, str] = {}
    for name in GUIDANCE_FILES:
        if name in passed:
            for path, item in all_ids(passed[name].data, ()):
                key = next(k for k in reversed(path) if k in ID_KINDS[name])
                kinds.setdefault(item, ID_KINDS[name][key])
    unknown = frozenset(kind for name in GUIDANCE_FILES if name not in passed
                        for kind in ID_KINDS[name].values())
    return kinds, unknown


def cross_reference_problems(passed: dict[str, SourceFile], read: dict[str, SourceFile],
                             flagged: set[tuple[str, int, int]]) -> list[Diagnostic]:
    """Duplicate ids, unknown references, missing House of Care parts, bad dates and unused tags.

    ``passed`` holds the files that passed their schema and ``read`` every file that could be
    read: references in either are checked against the ids of passed files, except at
    places in ``flagged`` (file, line, column), which already have an error.
    """
    problems = _duplicate_ids(passed)
    defined = _defined(passed)
    used: dict[str, set[str]] = {tag: set() for tag in _TAGS}
    for source, tag, path, ref in _tag_lists(read):
        if source.name == "content/stages.yaml":
            used[tag].add(ref)
        if tag in defined and ref not in defined[tag] and not _flagged(source, path, flagged):
            kind, kinds, file = _TAGS[tag]
            hint = (did_you_mean(ref, defined[tag]) or _other_kind(ref, tag, defined, passed)
                    or f"the {kinds} in content/{file}.yaml are: " + _listed(defined[tag]))
            problems.append(source.diagnostic(path, f"unknown {kind} '{ref}'", hint))
    if "stages" in passed:
        for tag, ids in defined.items():
            if _TAGS[tag][2] not in passed:
                continue
            kind = _TAGS[tag][0]
            for item, (source, path) in ids.items():
                if item not in used[tag]:
                    problems.append(source.diagnostic(
                        path, f"nothing tags {kind} '{item}'",
                        f"tag an activity in content/stages.yaml with it ({tag}: [{item}]), "
                        "or remove it", severity="warning"))
    if "house" in passed:
        problems += _missing_house_parts(passed["house"])
    if "guide" in passed:
        problems += _date_problems(passed["guide"])
    if "guide" in read:
        problems += _section_link_problems(read["guide"], passed, flagged)
    return problems


PAGE_LINKS = ("checklists", "self-assessment")
"""Pages a how-to-use section of content/guide.yaml may send the reader to by name."""


def _section_link_problems(guide: SourceFile, passed: dict[str, SourceFile],
                           flagged: set[tuple[str, int, int]]) -> list[Diagnostic]:
    """An unknown id in a how-to-use section's ``links`` (judged only when every guidance
    file passed its schema, so every id is known)."""
    if len(passed) < len(GUIDANCE_FILES):
        return []
    known = {*guidance_ids(passed)[0], *PAGE_LINKS}
    problems = []
    for path, ref in _walk(guide.data, ("how_to_use", "*", "links", "*")):
        if isinstance(ref, str) and ref not in known and not _flagged(guide, path, flagged):
            hint = did_you_mean(ref, sorted(known)) or (
                "give the id of an item in the guide (a stage, role, House of Care part, NPT "
                "construct...) or one of the pages " + ", ".join(PAGE_LINKS))
            problems.append(guide.diagnostic(path, f"unknown link '{ref}'", hint))
    return problems


def _listed(ids: Iterable[str], limit: int = 12) -> str:
    names = sorted(ids)
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "")


def _other_kind(ref: str, tag: str, defined: dict[str, dict[str, Any]],
                passed: dict[str, SourceFile]) -> str:
    """A hint when an id exists but is of another kind (e.g. a sub-construct in 'npt')."""
    for other, ids in defined.items():
        if other != tag and ref in ids:
            return f"'{ref}' is {_article(_TAGS[other][0])}, not {_article(_TAGS[tag][0])}"
    if tag == "npt" and "npt" in passed:
        for construct in passed["npt"].data["constructs"]:
            if ref in (s["id"] for s in construct["sub_constructs"]):
                return (f"'{ref}' is an NPT sub-construct; tag its construct "
                        f"'{construct['id']}' instead")
    if tag == "success_factors" and "success-factors" in passed:
        for level in passed["success-factors"].data["levels"]:
            if ref == level["id"]:
                return (f"'{ref}' is a level; tag one of its success factors: "
                        + _listed(f["id"] for f in level["factors"]))
    return ""


def _article(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" or noun.startswith("NPT") else "a ") + noun


def _duplicate_ids(passed: dict[str, SourceFile]) -> list[Diagnostic]:
    """Each id may be used once across all content files; the second use is the error."""
    first: dict[str, tuple[SourceFile, DataPath]] = {}
    problems = []
    for name in GUIDANCE_FILES:
        if name not in passed:
            continue
        for path, item in all_ids(passed[name].data, ()):
            if item in first:
                where, where_path = first[item]
                mark = where.mark(where_path)
                problems.append(passed[name].diagnostic(
                    path, f"duplicate id '{item}'",
                    f"'{item}' is already used at {where.name}:{mark.line}:{mark.column}; "
                    "ids must be unique across all content files"))
            else:
                first[item] = (passed[name], path)
    return problems


def all_ids(data: Any, path: DataPath) -> Iterator[tuple[DataPath, str]]:
    """Every ``id:`` value in ``data``, in document order."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield (*path, "id"), data["id"]
        for key, value in data.items():
            yield from all_ids(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from all_ids(value, (*path, index))


def _missing_house_parts(source: SourceFile) -> list[Diagnostic]:
    """Each of the four House of Care parts must be there (duplicates are duplicate ids)."""
    present = {c["id"] for c in source.data["components"]}
    return [source.diagnostic(("components",), f"House of Care part '{part}' is missing",
                              "the components need one each of: " + ", ".join(house_parts()))
            for part in house_parts() if part not in present]


def _date_problems(source: SourceFile) -> list[Diagnostic]:
    """Dates must exist on the calendar, and the review must come after publication."""
    problems, dates = [], {}
    for key in ("published", "next_review"):
        try:
            dates[key] = datetime.date.fromisoformat(source.data[key])
        except ValueError:
            problems.append(source.diagnostic(
                (key,), f"'{key}' is not a real date: {source.data[key]}",
                "check the day and the month"))
    if len(dates) == 2 and dates["next_review"] <= dates["published"]:
        problems.append(source.diagnostic(
            ("next_review",), f"'next_review' ({source.data['next_review']}) must be after "
                              f"'published' ({source.data['published']})",
            "set the date by which the guidance should be checked again"))
    elif len(dates) == 2 and dates["next_review"] < clock(source.data["published"]).today:
        problems.append(source.diagnostic(
            ("next_review",), f"the review date has passed: 'next_review' is "
                              f"{source.data['next_review']}",
            "review the guidance, then set new 'published' and 'next_review' dates; the site "
            "shows an overdue banner until then", severity="warning"))
    return problems


def rename_problems(renamed: dict[str, str], in_use: Collection[str], source: SourceFile,
                    key: str, where: str) -> list[Diagnostic]:
    """Problems with the ``key:`` map of old id -> new id in ``source``: an entry must not point
    to itself or go round in a circle, an old id must no longer be used, and a new id must be
    one of ``in_use`` (``where`` says what holds them, for messages)."""
    problems = []
    for old, new in renamed.items():
        path = (key, old)
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
        if old in in_use:
            problems.append(source.diagnostic(
                path, f"'{old}' is listed as a changed id but {where} still uses it",
                "list an id here only after changing it everywhere", key=True))
        if new not in in_use and new not in renamed:
            problems.append(source.diagnostic(
                path, f"changed id '{old}' points to '{new}', which {where} does not have",
                did_you_mean(new, in_use) or "give the id the item has now"))
    return problems
