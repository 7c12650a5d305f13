"""Check a project's content against the schema and its cross-references, then build the model.

Every content file is read and checked against ``schema/<name>.schema.json``; then ids and
references are checked across the files that passed. Every problem in every file is reported
at once, as ``file:line:column`` with a plain-English message and a hint on how to fix it.
"""

from __future__ import annotations

import datetime
import difflib
import json
import os
import re
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from .diagnostics import ContentError, Diagnostic, did_you_mean, errors_only
from .load import DataPath, SourceFile, read_yaml
from .model import Project, build_project

CONTENT_FILES = ("guide", "process", "house", "stages", "success-factors", "npt", "roles",
                 "glossary")
"""Content files: ``content/<name>.yaml``, checked against ``schema/<name>.schema.json``."""


# --- schemas -------------------------------------------------------------------------------

@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """Every schema shipped with the generator, keyed by file stem ('common'...); read-only."""
    folder = resources.files(__package__).joinpath("schema")
    schemas = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".schema.json"):
            schemas[entry.name.removesuffix(".schema.json")] = json.loads(
                entry.read_text(encoding="utf-8"))
    return schemas


@cache
def _registry() -> Registry:
    return Registry().with_resources(
        (schema.get("$id", f"pcsp:{name}"),
         Resource.from_contents(schema, default_specification=DRAFT202012))
        for name, schema in load_schemas().items())


@cache
def schema_validator(name: str) -> Draft202012Validator:
    """The (cached) validator for ``schema/<name>.schema.json``, resolving ``pcsp:`` references."""
    return Draft202012Validator(load_schemas()[name], registry=_registry())


def _common(definition: str) -> dict[str, Any]:
    return load_schemas()["common"]["$defs"][definition]


def house_parts() -> tuple[str, ...]:
    """The four House of Care part ids, in the schema's order."""
    items = load_schemas()["house"]["properties"]["components"]["items"]
    return tuple(items["properties"]["id"]["enum"])


# --- reading and checking ------------------------------------------------------------------

_CHECKED: dict[tuple[Path, tuple], tuple[Project | None, list[Diagnostic]]] = {}


def _fingerprint(root: Path) -> tuple:
    """Size and modification time of every content file, to tell when a re-check is needed."""
    stats = []
    paths = [root / "content" / f"{name}.yaml" for name in CONTENT_FILES]
    # The practice pack wording, and the template parameters that say which ids it needs.
    paths += [root / "content" / "patient-materials.yaml",
              *sorted(root.glob("_templates/*/params.yaml"))]
    for path in paths:
        try:
            st = path.stat()
            stats.append((st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append(None)
    return tuple(stats)


def check_project(root: Path) -> tuple[Project | None, list[Diagnostic]]:
    """Check all content under ``root``: the model (None on any error) and every diagnostic.

    The result is remembered for as long as no content file changes, so the CLI and the
    Sphinx extension running in one process read the YAML once.
    """
    root = Path(root).resolve()
    key = (root, _fingerprint(root))
    if key not in _CHECKED:
        _CHECKED.clear()
        _CHECKED[key] = _check_project(root)
    project, diagnostics = _CHECKED[key]
    return project, list(diagnostics)


def _check_project(root: Path) -> tuple[Project | None, list[Diagnostic]]:
    if not (root / "content").is_dir():
        return None, [Diagnostic("content/", 1, 1, f"there is no content folder in '{root}'",
                                 "a project folder holds content/<name>.yaml files; "
                                 "is this the right folder?")]
    diagnostics: list[Diagnostic] = []
    passed: dict[str, SourceFile] = {}
    for name in CONTENT_FILES:
        source = _read(root, name, diagnostics)
        if source is None:
            continue
        problems = schema_problems(name, source)
        diagnostics += problems
        if not problems:
            passed[name] = source
    diagnostics += cross_reference_problems(passed)
    diagnostics += _pack_wording_problems(root)
    diagnostics = sorted(set(diagnostics))
    if errors_only(diagnostics) or len(passed) < len(CONTENT_FILES):
        return None, diagnostics
    return build_project({name: source.data for name, source in passed.items()}), diagnostics


def _pack_wording_problems(root: Path) -> list[Diagnostic]:
    """Problems in ``content/patient-materials.yaml`` (the practice pack wording), if present."""
    from .packs.pack import wording_problems  # imported here: packs build on this module

    return wording_problems(root)


def check_all(root: Path) -> tuple[Project | None, list[Diagnostic]]:
    """Everything ``pcsp validate`` and ``pcsp build`` check: the content, then the checks
    that need its model (checklists, ``renamed_ids``). The model is None on any error."""
    from .checklists import load_checklists  # both build on this module
    from .diff import check_renamed_ids

    root = Path(root)
    project, found = check_project(root)
    if project is not None:
        found = sorted(found + load_checklists(root, project)[1]
                       + check_renamed_ids(root, project)[1])
    return (None if errors_only(found) else project), found


def load_project(root: Path) -> Project:
    """The checked model of the project at ``root``; raise :class:`ContentError` if any error."""
    project, diagnostics = check_project(root)
    if project is None:
        raise ContentError(errors_only(diagnostics))
    return project


def _read(root: Path, name: str, diagnostics: list[Diagnostic]) -> SourceFile | None:
    rel = f"content/{name}.yaml"
    path = root / rel
    if not path.is_file():
        diagnostics.append(Diagnostic(rel, 1, 1, "required content file is missing",
                                      f"create {rel}; see the content reference for what it holds"))
        return None
    try:
        return read_yaml(path, rel)
    except ContentError as exc:
        diagnostics.extend(exc.diagnostics)
    except OSError as exc:
        diagnostics.append(Diagnostic(rel, 1, 1, f"cannot read the file: {exc.strerror}",
                                      "check the file's permissions"))
    return None


def schema_problems(name: str, source: SourceFile) -> list[Diagnostic]:
    """Every way ``source`` breaks ``schema/<name>.schema.json``, explained in plain English."""
    found: set[Diagnostic] = set()
    for error in schema_validator(name).iter_errors(source.data):
        if error.context:  # anyOf/oneOf: explain the branch that came closest
            error = best_match([error])
        found.update(_explain(error, source))
    return sorted(found)


# --- turning jsonschema errors into plain English ------------------------------------------

_NOUNS = {
    "how_to_use": "how-to-use section", "steps": "process step", "components": "House of Care part",
    "questions": "model-of-care question", "stages": "stage", "activities": "activity",
    "levels": "success factor level", "factors": "success factor", "constructs": "NPT construct",
    "sub_constructs": "NPT sub-construct", "typical_problems": "typical problem",
    "what_helps": "'what helps' point", "roles": "role", "terms": "glossary term",
    "centre": "'centre'", "model_of_care": "'model_of_care'",
}
"""What to call the mapping under each key (or each item of the list under it)."""

_EXPECTED = {"string": "text", "array": "a list", "object": "a mapping",
             "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "null": "empty"}

_COUNT_HINTS = {
    "components": "the House of Care has four parts: {parts}",
    "constructs": "NPT has four constructs, each with four sub-constructs",
    "sub_constructs": "each NPT construct has four sub-constructs",
}

_ID_HINT = "ids are lowercase words joined by hyphens, e.g. 'form-steering-group'"


def _field(path: DataPath) -> str:
    """How a message names the value at ``path``: 'summary' or item 2 of 'steps'."""
    if not path:
        return "the file"
    if isinstance(path[-1], int):
        return f"item {path[-1] + 1} of '{path[-2]}'" if len(path) > 1 else f"item {path[-1] + 1}"
    return f"'{path[-1]}'"


def _noun(path: DataPath) -> str:
    """What to call the mapping at ``path``: 'stage', 'activity'..."""
    if not path:
        return "the file"
    key = path[-2] if isinstance(path[-1], int) and len(path) > 1 else path[-1]
    return _NOUNS.get(str(key), f"'{key}'")


def _kind(value: Any) -> str:
    """A value's type in plain words."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    return "a list" if isinstance(value, list) else "a mapping"


def _shown(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, cut short if long."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _explain(error: ValidationError, source: SourceFile) -> Iterator[Diagnostic]:
    """One or more diagnostics for one jsonschema error."""
    path: DataPath = tuple(error.absolute_path)
    kind, want, value, schema = error.validator, error.validator_value, error.instance, error.schema
    field = _field(path)

    def at(message: str, hint: str = "", where: DataPath = path, key: bool = False) -> Diagnostic:
        return source.diagnostic(where, message, hint, key=key)

    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for extra in (k for k in value if k not in allowed):
            where = f"in {_noun(path)}" if path else "at the top level of the file"
            hint = did_you_mean(extra, allowed) or "allowed keys here: " + ", ".join(allowed)
            yield at(f"unknown key '{_shown(extra)}' {where}", hint, (*path, extra), key=True)
    elif kind == "required":
        unknown = [k for k in value if k not in schema.get("properties", {})]
        for missing in (k for k in want if k not in value):
            close = difflib.get_close_matches(missing, unknown, n=1, cutoff=0.6)
            hint = (f"is '{close[0]}' a misspelling of it?" if close
                    else f"add a '{missing}:' line" + (" to it" if path else ""))
            yield at(f"{_noun(path)} is missing required key '{missing}'", hint)
    elif value is None or (kind in ("minLength", "pattern") and not str(value).strip()):
        yield _empty(path, source, want if kind == "type" else "string", value is None)
    elif kind == "type":
        yield at(f"{field} should be {_EXPECTED.get(str(want), str(want))}, not {_kind(value)}"
                 if path else f"the file should be a mapping of keys, not {_kind(value)}",
                 _type_hint(str(want), value) if path else
                 "a content file is made of 'key: value' lines, starting with 'title:'")
    elif kind == "enum":
        choices = ", ".join(map(str, want))
        what = "a House of Care part" if tuple(want) == house_parts() else f"allowed for {field}"
        hint = " ".join(filter(None, [did_you_mean(str(value), map(str, want)),
                                      f"allowed: {choices}"]))
        yield at(f"'{_shown(value)}' is not {what}", hint)
    elif kind == "pattern":
        yield _pattern(path, value, want, schema, source)
    elif kind == "maxLength":
        drawn = "the label is drawn on the diagram; " if path[-1] == "label" else ""
        yield at(f"{field} is too long ({len(value)} characters; the limit is {want})",
                 f"{drawn}shorten it")
    elif kind in ("minItems", "maxItems"):
        yield _count(path, value, schema, source)
    elif kind == "uniqueItems":
        seen: set[str] = set()
        for index, item in enumerate(value):
            text = json.dumps(item, sort_keys=True)
            if text in seen:
                yield at(f"'{_shown(item)}' is listed more than once in {field}",
                         "remove the repeat", (*path, index))
                break
            seen.add(text)
    else:  # a check the schema may gain later: fall back on jsonschema's own words
        yield at(f"{field}: {_shown(error.message, 200)}", str(schema.get("description", "")))


def _empty(path: DataPath, source: SourceFile, want: Any, null: bool) -> Diagnostic:
    """A value that is null (point at its key) or blank where ``want`` (a JSON type) is needed."""
    if not path:
        return source.diagnostic(path, "the file is empty",
                                 "see the content reference for what this file holds")
    if isinstance(path[-1], int):
        hint = "write the text, or delete the empty '- ' line"
    elif want == "object":
        hint = f"add the keys it needs, indented under '{path[-1]}:'"
    elif want == "array":
        hint = (f"list the items under '{path[-1]}:', each on its own line starting with '- ', "
                "or remove the line if the key is optional")
    else:
        hint = f"write it after '{path[-1]}:', or remove the line if the key is optional"
    key = null and isinstance(path[-1], str)
    return source.diagnostic(path, f"{_field(path)} must not be empty", hint, key=key)


def _type_hint(want: str, value: Any) -> str:
    """How to fix the commonest wrong-type mistakes."""
    if want == "string" and isinstance(value, dict):
        return "text containing ': ' must be put in quotes"
    if want == "string" and isinstance(value, list):
        return "write the text on one line, without '- ' or [ ] around it"
    if want == "string":
        return "put it in quotes so it is read as text"
    if want == "array":
        return "write each item on its own line starting with '- ', or as [first, second]"
    if want == "object":
        return "write 'key: value' lines, indented under it"
    return ""


def _pattern(path: DataPath, value: Any, pattern: str, schema: dict[str, Any],
             source: SourceFile) -> Diagnostic:
    """A text that is not in the form its field needs."""
    field = _field(path)
    if pattern == _common("id")["pattern"]:
        slug = "-".join(re.findall(r"[a-z0-9]+", str(value).lower()))
        hint = _ID_HINT + (f"; try '{slug}'" if slug and slug != value else "")
        return source.diagnostic(path, f"'{_shown(value)}' is not a valid id", hint)
    if pattern == _common("date")["pattern"]:
        return source.diagnostic(path, f"{field} should be a date written YYYY-MM-DD, "
                                       f"not '{_shown(value)}'", "e.g. '2026-01-31'")
    if path and path[-1] == "version":
        return source.diagnostic(path, f"'version' should be numbers joined by dots, "
                                       f"such as 1.0 or 1.2.3, not '{_shown(value)}'",
                                 "put it in quotes, e.g. version: \"1.2\"")
    return source.diagnostic(path, f"{field} is not in the form it should be ('{_shown(value)}')",
                             str(schema.get("description", "")))


def _count(path: DataPath, value: list[Any], schema: dict[str, Any],
           source: SourceFile) -> Diagnostic:
    """A list with too few or too many items."""
    low, high, have = schema.get("minItems", 0), schema.get("maxItems"), len(value)
    field = _field(path)
    if low == high:
        message = f"{field} must have exactly {low} items, not {have}"
    elif have < low:
        message = (f"{field} must not be empty" if have == 0
                   else f"{field} needs at least {low} items, not {have}")
    else:
        message = f"{field} can have at most {high} items, not {have}"
    default = "add at least one item" if have == 0 else ""
    hint = _COUNT_HINTS.get(str(path[-1]), default).format(parts=", ".join(house_parts()))
    return source.diagnostic(path, message, hint)


# --- cross-references ----------------------------------------------------------------------

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
    for name in CONTENT_FILES:
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
    elif "next_review" in dates and dates["next_review"] < review_today():
        problems.append(source.diagnostic(
            ("next_review",), f"the review date has passed: 'next_review' is "
                              f"{source.data['next_review']}",
            "review the guidance, then set new 'published' and 'next_review' dates; the site "
            "shows an overdue banner until then", severity="warning"))
    return problems


def review_today() -> datetime.date:
    """The date review dates are compared with: SOURCE_DATE_EPOCH's day (UTC) if set, else today.

    Builds set SOURCE_DATE_EPOCH, so the same sources always give the same pages.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC).date()
    return datetime.date.today()
