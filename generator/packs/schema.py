"""Check plain data against a JSON schema and turn every problem into a plain-English message."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

from ..diagnostics import Diagnostic, did_you_mean
from ..load import DataPath
from ..validate import schema_validator

Locate = Callable[[DataPath, str, str, bool], Diagnostic]
"""Make a diagnostic for (data path, message, hint, point-at-the-key)."""


def validator(name: str) -> Draft202012Validator:
    """The Draft 2020-12 validator for ``schema/<name>.schema.json`` (shared with the content
    checks, so ``pcsp:common`` references resolve)."""
    return schema_validator(name)


def field_name(path: DataPath) -> str:
    """A data path as the dotted field name a user writes, list items numbered from 1."""
    return ".".join(str(p + 1) if isinstance(p, int) else p for p in path) or "the file"


def check(data: Any, schema_name: str, locate: Locate) -> list[Diagnostic]:
    """Every schema problem in ``data``, as diagnostics made by ``locate``."""
    found: set[Diagnostic] = set()
    for error in validator(schema_name).iter_errors(data):
        found.update(_diagnostics(error, locate))
    return sorted(found)


def _leaf_errors(error: ValidationError) -> Iterator[ValidationError]:
    """For oneOf/anyOf, the most useful inner errors; otherwise the error itself."""
    if error.validator in ("oneOf", "anyOf") and error.context:
        deepest = max(len(e.absolute_path) for e in error.context)
        yield from (e for e in error.context if len(e.absolute_path) == deepest)
    else:
        yield error


def _diagnostics(error: ValidationError, locate: Locate) -> Iterator[Diagnostic]:
    path: DataPath = tuple(error.absolute_path)
    name = field_name(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    value = error.instance
    kind = error.validator
    about = schema.get("description", "")
    if kind == "required":
        props = schema.get("properties", {})
        for missing in error.validator_value:
            if isinstance(value, dict) and missing not in value:
                hint = props.get(missing, {}).get("description", "")
                yield locate((*path, missing), f"{field_name((*path, missing))} is missing",
                             f"add it: {hint}" if hint else f"add '{missing}'", True)
    elif kind == "additionalProperties":
        known = list(schema.get("properties", {}))
        for extra in sorted(k for k in value if k not in known):
            hint = did_you_mean(extra, known) or f"allowed here: {', '.join(known)}"
            yield locate((*path, extra), f"unknown field '{field_name((*path, extra))}'", hint,
                         True)
    elif kind == "oneOf" and isinstance(value, dict):
        wanted = [r for s in error.validator_value for r in s.get("required", [])]
        present = [k for k in wanted if k in value]
        message = (f"{name} has both {' and '.join(present)}; keep one" if present
                   else f"{name} needs one of: {', '.join(wanted)}")
        yield locate(path, message, schema.get("description", ""), False)
    elif kind in ("oneOf", "anyOf"):
        for inner in _leaf_errors(error):
            yield from _diagnostics(inner, locate)
    elif kind == "type":
        wanted = {"integer": "a whole number", "string": "text", "array": "a list",
                  "object": "a set of named fields", "number": "a number"}
        expected = error.validator_value
        label = wanted.get(expected, str(expected)) if isinstance(expected, str) else expected
        yield locate(path, f"{name} must be {label}, not {_show(value)}", about, False)
    elif kind == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = did_you_mean(str(value), choices) or f"use one of: {', '.join(choices)}"
        yield locate(path, f"{name} cannot be {_show(value)}", hint, False)
    elif kind in ("minimum", "maximum"):
        low, high = schema.get("minimum"), schema.get("maximum")
        rng = f"between {low} and {high}" if None not in (low, high) else (
            f"at least {low}" if low is not None else f"at most {high}")
        yield locate(path, f"{name} must be {rng}, not {value}", about, False)
    elif kind == "maxLength":
        yield locate(path, f"{name} is {len(value)} characters long; the limit is "
                           f"{error.validator_value}", "shorten it", False)
    elif kind in ("minLength", "pattern") and isinstance(value, str) and not value.strip():
        yield locate(path, f"{name} is empty", about or "write something here", False)
    elif kind == "pattern":
        yield locate(path, f"{name} {_show(value)} is not in the right form", about, False)
    elif kind == "minItems":
        yield locate(path, f"{name} needs at least {error.validator_value} item(s)", about, False)
    elif kind == "maxItems":
        yield locate(path, f"{name} has {len(value)} items; the limit is {error.validator_value}",
                     about, False)
    elif kind == "uniqueItems":
        yield locate(path, f"{name} lists the same thing twice", "remove the repeat", False)
    else:
        yield locate(path, f"{name}: {error.message}", about, False)


def _show(value: Any) -> str:
    """A value quoted for a message, shortened if long."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text if len(text) <= 60 else text[:57] + "..."
    return f"'{text}'" if isinstance(value, str) else text
