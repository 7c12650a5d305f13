"""The JSON Schema files as data, and the one place a schema error becomes plain English.

Every input the project reads (content, checklists, pack wording, practice profiles) is
checked against ``schema/<name>.schema.json`` with Draft 2020-12. :func:`schema_problems`
turns each error into a :class:`SchemaProblem` with one set of words, naming the place in
the file the way a person writes it (``documents[2].items[7]``, items counted from 1). A
YAML file turns problems into ``file:line:column`` diagnostics with :func:`check_source`; a
CSV file names the row and column instead (see ``packs/profile.py``).

Schemas may carry keywords of their own, which jsonschema ignores: ``x-pattern-message``
(what to say when a text does not match the field's ``pattern``), ``x-suggest`` (``id`` or
``upper``: offer a corrected value) and ``x-hint`` (the hint for any problem with that
field except being empty).
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Diagnostic, did_you_mean
from .load import DataPath, SourceFile

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

SCHEMA_DIR = Path(__file__).parent / "schema"
"""Folder of the ``<name>.schema.json`` files shipped with the generator."""


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """Every schema shipped with the generator, keyed by file stem ('common'...); read-only."""
    return {path.name.removesuffix(".schema.json"): json.loads(path.read_text(encoding="utf-8"))
            for path in sorted(SCHEMA_DIR.glob("*.schema.json"))}


@cache
def schemas_digest() -> str:
    """A digest of every schema: it changes whenever any schema does."""
    return hashlib.sha256(json.dumps(load_schemas(), sort_keys=True).encode()).hexdigest()


@cache
def validator(name: str) -> Draft202012Validator:
    """The (cached) validator for ``schema/<name>.schema.json``, resolving ``pcsp:`` references.

    jsonschema is imported here, for speed: a build whose files are all known to pass
    (see ``project.PASSED_RECORD``) never needs it.
    """
    from jsonschema import Draft202012Validator, validators
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    registry = Registry().with_resources(
        (schema.get("$id", f"pcsp:{key}"),
         Resource.from_contents(schema, default_specification=DRAFT202012))
        for key, schema in load_schemas().items())
    strict = validators.extend(Draft202012Validator, {"pattern": _pattern_keyword})
    return strict(load_schemas()[name], registry=registry)


@cache
def whole_text_pattern(pattern: str) -> re.Pattern[str]:
    """A schema ``pattern`` compiled so that a final ``$`` means the very end of the text.

    In Python ``$`` also matches before a final newline, so ``^[A-Z][0-9]{5}$`` would let
    ``"A81001\n"`` through (JSON Schema patterns follow JavaScript, where it does not).
    """
    return re.compile(re.sub(r"(?<!\\)\$$", r"\\Z", pattern))


def _pattern_keyword(validator: Any, pattern: str, instance: Any,
                     schema: dict[str, Any]) -> Iterator[ValidationError]:
    """The ``pattern`` keyword with :func:`whole_text_pattern`."""
    from jsonschema.exceptions import ValidationError  # loaded already, with the validator

    if validator.is_type(instance, "string") and not whole_text_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def follow(node: dict[str, Any], schema_name: str) -> tuple[dict[str, Any], str, str]:
    """``node`` with its ``$ref`` (here or in another schema) followed, keys beside it winning;
    also the name of the definition it came from ('' if none) and the schema it lives in."""
    definition = ""
    while "$ref" in node:
        target_name, _, pointer = node["$ref"].partition("#")
        schema_name = target_name.removeprefix("pcsp:") or schema_name
        target: Any = load_schemas()[schema_name]
        for part in filter(None, pointer.split("/")):
            target = target[part]
        definition = definition or pointer.rsplit("/", 1)[-1]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node, definition, schema_name


def resolve(node: dict[str, Any], schema_name: str) -> dict[str, Any]:
    """``node`` with its ``$ref`` (here or in another schema) followed, merged with its keys."""
    return follow(node, schema_name)[0]


def field_schema(schema_name: str, path: tuple[str, ...],
                 is_index: Callable[[str], bool] = lambda part: True) -> dict[str, Any] | None:
    """The schema of the field at ``path``, or None if there is none.

    A list's items are reached by any key that ``is_index`` accepts (by default, any key).
    """
    node, _, name = follow(load_schemas()[schema_name], schema_name)
    for part in path:
        if node.get("type") == "array" and is_index(part):
            node, _, name = follow(node["items"], name)
        elif node.get("type") == "object" and part in node.get("properties", {}):
            node, _, name = follow(node["properties"][part], name)
        else:
            return None
    return node


def enum_values(schema_name: str, path: tuple[str, ...]) -> tuple[Any, ...]:
    """The allowed values of an enumerated field, in the schema's order."""
    node = field_schema(schema_name, path) or {}
    return tuple(node.get("enum", ()))


# --- naming places -------------------------------------------------------------------------

def where(path: DataPath) -> str:
    """A data path as a person writes it: ``documents[2].items[7].colour`` (counted from 1)."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


Name = Callable[[DataPath], str]
"""How a message names a place: :func:`where` for YAML, the column for CSV."""


@dataclass(frozen=True)
class SchemaProblem:
    """One way data breaks its schema: where it is, what is wrong and how to fix it.

    The message is ``before + name(subject) + after``, so each kind of file names places in
    its own way (the subject is the field the message talks about).
    """

    path: DataPath
    before: str
    subject: DataPath | None
    after: str
    hint: str
    key: bool = False
    """Point at the key rather than the value (an unknown or missing key)."""
    missing: bool = False
    """A required key is missing (a CSV says its cell is empty instead)."""

    def message(self, name: Name = where) -> str:
        """The message with its subject named by ``name``."""
        if self.subject is None:
            return self.before + self.after
        place = name(self.subject)
        if not place and self.before.endswith(" in "):
            return self.before.removesuffix(" in ") + " at the top level" + self.after
        return self.before + (place or "the file") + self.after


def _problem(path: DataPath, message: str, hint: str = "", *, key: bool = False,
             subject: DataPath | None = None, after: str = "",
             missing: bool = False) -> SchemaProblem:
    """A problem whose message is ``message``, then the subject's name, then ``after``."""
    return SchemaProblem(path, message, subject, after, hint, key, missing)


def described(schema: dict[str, Any]) -> str:
    """A field's description to follow a semicolon (first letter small), or ''."""
    about = str(schema.get("description", ""))
    return f"; {about[:1].lower()}{about[1:]}" if about else ""


_EXPECTED = {"string": "text", "array": "a list", "object": "a mapping",
             "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "null": "empty"}


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


CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""Characters no content text needs (tab and newline are allowed)."""


def shown(value: Any, limit: int = 40) -> str:
    """A value quoted for a message, cut short if long; newlines and other control characters
    are shown as escapes (``\\n``), so the message stays on one line."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = re.sub(r"[\x00-\x1f\x7f]", lambda m: repr(m.group())[1:-1], text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def control_character_problems(source: SourceFile) -> list[Diagnostic]:
    """Every text in a file holding a control character (such as NUL), which no printed or
    shown text can carry."""
    found = []

    def walk(value: Any, path: DataPath) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, str) and (bad := CONTROL_CHARACTER.search(value)):
            found.append(source.diagnostic(
                path, f"{where(path) or 'the text'} holds a control character "
                f"({shown(bad.group())})", "delete it; it may have come from copying text "
                "out of another program"))

    walk(source.data, ())
    return found


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
    if want == "integer":
        return "write a whole number, such as 10"
    return ""


def _article(word: str) -> str:
    """'a' or 'an', as said before ``word``."""
    return "an" if word[:1].lower() in "aeio" else "a"


def _count_hint(schema: dict[str, Any], value: list[Any], hint: str) -> str:
    """How to fix a list of the wrong length; for a list of fixed parts (items whose ``id``
    is one of a set), name the parts that are missing or repeated."""
    items = schema.get("items", {})
    allowed = [str(v) for v in items.get("properties", {}).get("id", {}).get("enum", ())]
    if allowed:
        have = [str(item.get("id")) for item in value if isinstance(item, dict)]
        missing = [v for v in allowed if v not in have]
        repeated = sorted({v for v in have if have.count(v) > 1})
        parts = [hint] if hint else []
        parts += ["missing: " + ", ".join(missing)] if missing else []
        parts += ["listed more than once: " + ", ".join(repeated)] if repeated else []
        return "; ".join(parts) or "one of each: " + ", ".join(allowed)
    return hint or ("add at least one item" if not value else "")


def _empty_hint(path: DataPath, want: Any) -> str:
    if not path:
        return "see the content reference for what this file holds"
    if isinstance(path[-1], int):
        return "write the text, or delete the empty '- ' line"
    if want == "object":
        return f"add the keys it needs, indented under '{path[-1]}:'"
    if want == "array":
        return (f"list the items under '{path[-1]}:', each on its own line starting with '- ', "
                "or remove the line if the key is optional")
    return f"write it after '{path[-1]}:', or remove the line if the key is optional"


def schema_problems(schema_name: str, data: Any) -> list[SchemaProblem]:
    """Every way ``data`` breaks ``schema/<name>.schema.json``, in plain English."""
    found: dict[tuple[DataPath, str], SchemaProblem] = {}
    for error in validator(schema_name).iter_errors(data):
        for problem in _explain(error):
            found.setdefault((problem.path, problem.message()), problem)
    return [found[k] for k in sorted(found, key=lambda k: (tuple(map(str, k[0])), k[1]))]


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    """For oneOf/anyOf between mappings of different keys, the error itself; otherwise the
    inner errors that came closest."""
    from jsonschema.exceptions import best_match  # loaded already, with the validator

    if error.validator in ("oneOf", "anyOf") and error.context:
        if isinstance(error.instance, dict) and all(
                "required" in branch for branch in error.validator_value):
            yield error
            return
        deepest = max(len(e.absolute_path) for e in error.context)
        inner = [e for e in error.context if len(e.absolute_path) == deepest]
        yield best_match(inner) if inner else error
    else:
        yield error


def _suggestion(schema: dict[str, Any], value: str) -> str:
    """A corrected value for ``x-suggest`` fields (an id, or a code in capitals), if it fits."""
    how = schema.get("x-suggest")
    if how == "id":
        better = "-".join(re.findall(r"[a-z0-9]+", value.lower()))
    elif how == "upper":
        better = value.strip().upper()
    else:
        return ""
    return better if better != value and re.search(schema["pattern"], better) else ""


def _explain(error: ValidationError) -> Iterator[SchemaProblem]:
    for leaf in _leaves(error):
        yield from _explain_one(leaf)


def _explain_one(error: ValidationError) -> Iterator[SchemaProblem]:
    """One or more problems for one jsonschema error."""
    path: DataPath = tuple(error.absolute_path)
    kind, want, value = error.validator, error.validator_value, error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("x-hint", "")
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for extra in sorted(k for k in value if k not in allowed):
            yield _problem((*path, extra), f"unknown key '{shown(extra)}' in ",
                           did_you_mean(extra, allowed)
                           or "allowed keys here: " + ", ".join(allowed),
                           key=True, subject=path)
    elif kind == "required":
        unknown = [k for k in value if k not in schema.get("properties", {})]
        for missing in (k for k in want if k not in value):
            close = difflib.get_close_matches(missing, unknown, n=1, cutoff=0.6)
            about = described(schema.get("properties", {}).get(missing, {}))
            yield _problem((*path, missing), f"missing key '{missing}' in ",
                           f"is '{close[0]}' a misspelling of it?" if close
                           else f"add {_article(missing)} '{missing}:' line{about}",
                           key=True, subject=path, missing=True)
    elif kind in ("oneOf", "anyOf"):
        keys = [k for branch in want for k in branch.get("required", [])]
        present = [k for k in keys if k in value]
        if present:
            yield _problem(path, "", f"keep only one of {', '.join(present)}", subject=path,
                           after=f" has both {' and '.join(present)}")
        else:
            yield _problem(path, "", schema.get("description", ""), subject=path,
                           after=f" needs one of: {', '.join(keys)}")
    elif value is None or (kind in ("minLength", "pattern") and isinstance(value, str)
                           and not value.strip()):
        want_type = want if kind == "type" else "string"
        if not path:
            yield _problem(path, "the file is empty", _empty_hint(path, want_type))
        else:
            yield _problem(path, "", _empty_hint(path, want_type), subject=path,
                           after=" must not be empty", key=value is None
                           and isinstance(path[-1], str))
    elif kind == "type":
        expected = _EXPECTED.get(str(want), str(want))
        if not path:
            yield _problem(path, f"the file should be a mapping of keys, not {_kind(value)}",
                           "a file is made of 'key: value' lines, starting with 'title:'")
        else:
            yield _problem(path, "", _type_hint(str(want), value), subject=path,
                           after=f" should be {expected}, not {_kind(value)} ('{shown(value)}')")
    elif kind == "enum":
        choices = ", ".join(map(str, want))
        close = did_you_mean(str(value), map(str, want))
        yield _problem(path, f"'{shown(value)}' is not allowed for ",
                       " ".join(filter(None, [close, f"allowed: {choices}"])), subject=path)
    elif kind == "pattern":
        said = schema.get("x-pattern-message")
        if said:
            better = _suggestion(schema, str(value))
            advice = hint or schema.get("description", "")
            yield _problem(path, "", f"did you mean '{better}'? {advice}".strip() if better
                           else advice, subject=path,
                           after=f" '{shown(value)}' {said}")
        else:
            yield _problem(path, "", hint or schema.get("description", ""), subject=path,
                           after=f" is not in the form it should be ('{shown(value)}')")
    elif kind == "maxLength":
        yield _problem(path, "", hint or "shorten it", subject=path,
                       after=f" is too long ({len(value)} characters; the limit is {want})")
    elif kind in ("minItems", "maxItems"):
        low, high, have = schema.get("minItems", 0), schema.get("maxItems"), len(value)
        if low == high:
            after = f" must have exactly {low} items, not {have}"
        elif have < low:
            after = (" must not be empty" if have == 0
                     else f" needs at least {low} items, not {have}")
        else:
            after = f" can have at most {high} items, not {have}"
        yield _problem(path, "", _count_hint(schema, value, hint), subject=path, after=after)
    elif kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        limits = (f"between {low} and {high}" if low is not None and high is not None
                  else f"at least {low}" if low is not None else f"at most {high}")
        yield _problem(path, "", hint or schema.get("description", ""), subject=path,
                       after=f" must be {limits}, not {value}")
    elif kind == "uniqueItems":
        seen: set[str] = set()
        for index, item in enumerate(value):
            text = json.dumps(item, sort_keys=True)
            if text in seen:
                yield _problem((*path, index), f"'{shown(item)}' is listed more than once in ",
                               "remove the repeat", subject=path)
                break
            seen.add(text)
    else:  # a check the schemas may gain later: fall back on jsonschema's own words
        yield _problem(path, "", hint or schema.get("description", ""), subject=path,
                       after=f": {shown(error.message, 200)}")


def check_source(source: SourceFile, schema_name: str) -> list[Diagnostic]:
    """Every schema problem in a YAML file, and every text with a control character in it, as
    ``file:line:column`` diagnostics."""
    return [*(source_diagnostic(source, problem)
              for problem in schema_problems(schema_name, source.data)),
            *control_character_problems(source)]


def source_diagnostic(source: SourceFile, problem: SchemaProblem) -> Diagnostic:
    """A schema problem pointed at its place in a YAML file (a missing key: at its mapping)."""
    path = problem.path
    if problem.key and path not in source.key_marks:
        return source.diagnostic(path[:-1], problem.message(), problem.hint)
    return source.diagnostic(path, problem.message(), problem.hint, key=problem.key)
