"""Checks across the guidance files: ids unique everywhere, tags that name real items, every
House of Care part present, and dates that make sense.

They run on the files that passed their schema, so each problem is reported once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
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


def _defined(passed: dict[str, SourceFile]) -> dict[str, dict[str, tuple[SourceFile, DataPath]]]:
    """For each tag list, the ids it may hold and where each is defined (files that passed only)."""
    places: dict[str, Iterable[tuple[str, DataPath]]] = {}
    if "roles" in passed:
        places["roles"] = _ids(passed["roles"].data["roles"], ("roles",))
    if "house" in passed:
        places["house"] = _ids(passed["house"].data["components"], ("components",))
    if "success-factors" in passed:
        levels = passed["success-factors"].data["levels"]
        places["success_factors"] = [
            pair for i, level in enumerate(levels)
            for pair in _ids(level["factors"], ("levels", i, "factors"))]
    if "npt" in passed:
        places["npt"] = _ids(passed["npt"].data["constructs"], ("constructs",))
    return {tag: {item: (passed[_TAGS[tag][2]], where) for item, where in pairs}
            for tag, pairs in places.items()}


def _ids(items: list[dict[str, Any]], prefix: DataPath) -> list[tuple[str, DataPath]]:
    return [(item["id"], (*prefix, i, "id")) for i, item in enumerate(items)]


def _tag_lists(passed: dict[str, SourceFile]) -> Iterator[tuple[SourceFile, str, DataPath, str]]:
    """Every id used in a tag list: (file, tag, path of the id, id)."""
    if "process" in passed:
        for i, step in enumerate(passed["process"].data["steps"]):
            for j, ref in enumerate(step.get("roles", [])):
                yield passed["process"], "roles", ("steps", i, "roles", j), ref
    if "stages" in passed:
        for i, stage in enumerate(passed["stages"].data["stages"]):
            for j, activity in enumerate(stage["activities"]):
                for tag in _TAGS:
                    for k, ref in enumerate(activity.get(tag, [])):
                        yield (passed["stages"], tag,
                               ("stages", i, "activities", j, tag, k), ref)


def cross_reference_problems(passed: dict[str, SourceFile]) -> list[Diagnostic]:
    """Duplicate ids, unknown references, missing House of Care parts, bad dates and unused tags."""
    problems = _duplicate_ids(passed)
    defined = _defined(passed)
    used: dict[str, set[str]] = {tag: set() for tag in _TAGS}
    for source, tag, path, ref in _tag_lists(passed):
        if source.name == "content/stages.yaml":
            used[tag].add(ref)
        if tag in defined and ref not in defined[tag]:
            kind, kinds, file = _TAGS[tag]
            hint = (did_you_mean(ref, defined[tag]) or _other_kind(ref, tag, defined, passed)
                    or f"the {kinds} in content/{file}.yaml are: " + _listed(defined[tag]))
            problems.append(source.diagnostic(path, f"unknown {kind} '{ref}'", hint))
    if "stages" in passed:
        for tag, ids in defined.items():
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
        for path, item in _all_ids(passed[name].data, ()):
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


def _all_ids(data: Any, path: DataPath) -> Iterator[tuple[DataPath, str]]:
    """Every ``id:`` value in ``data``, in document order."""
    if isinstance(data, dict):
        if isinstance(data.get("id"), str):
            yield (*path, "id"), data["id"]
        for key, value in data.items():
            yield from _all_ids(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _all_ids(value, (*path, index))


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
