"""Pack wording: read ``content/patient-materials.yaml`` and fill in a practice's details.

Placeholders such as ``{practice_name}`` are replaced in one pass with plain text, for known
names only: nothing here ever treats a practice's details (or the wording) as a template, so
a practice called ``{phone}`` or ``<b>`` is printed exactly as written.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import ContentError, Diagnostic, did_you_mean
from ..load import DataPath, read_yaml
from . import schema
from .profile import Practice, yaml_locator

WORDING_FILE = Path("content") / "patient-materials.yaml"
PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_]+)\}")
PLACEHOLDERS = (
    "practice_name", "model_of_care_name", "phone", "results_sent_days_before",
    "information_gathering_who", "information_gathering_where", "information_gathering_minutes",
    "conversation_who", "conversation_where", "conversation_minutes",
    "accessible_formats_contact",
)
"""Every placeholder the wording may use."""

Value = str | tuple[str, ...] | tuple[dict[str, str], ...]


@dataclass(frozen=True)
class Wording:
    """All pack wording by item id, with placeholders not yet filled in."""

    items: dict[str, Value]


def placeholder_values(practice: Practice) -> dict[str, str]:
    """The text each placeholder stands for, for one practice."""
    ig, conv = practice.information_gathering, practice.conversation
    return {
        "practice_name": practice.name,
        "model_of_care_name": practice.model_of_care_name,
        "phone": practice.phone,
        "results_sent_days_before": str(practice.results_sent_days_before),
        "information_gathering_who": ig.who,
        "information_gathering_where": ig.where,
        "information_gathering_minutes": str(ig.minutes),
        "conversation_who": conv.who,
        "conversation_where": conv.where,
        "conversation_minutes": str(conv.minutes),
        "accessible_formats_contact": practice.accessible_formats_contact,
    }


def fill_text(text: str, values: dict[str, str]) -> str:
    """Replace known ``{name}`` placeholders in one pass; inserted text is never looked at again."""
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), text)


def fill(wording: Wording, practice: Practice, *, for_print: bool = False) -> dict[str, Any]:
    """Every wording item with this practice's details filled in (lists become JSON-ready lists).

    ``for_print`` joins the phone number's parts with no-break spaces, so a line never ends
    in the middle of a number on paper.
    """
    values = placeholder_values(practice)
    if for_print:
        values["phone"] = values["phone"].replace(" ", "\u00a0")
    out: dict[str, Any] = {}
    for item_id, value in wording.items.items():
        if isinstance(value, str):
            out[item_id] = fill_text(value, values)
        elif value and isinstance(value[0], dict):
            out[item_id] = [{k: fill_text(v, values) for k, v in e.items()} for e in value]
        else:
            out[item_id] = [fill_text(v, values) for v in value]
    return out


_LOADED: dict[tuple, Wording | ContentError] = {}


def load_wording(project_dir: Path, required: dict[str, str] | None = None) -> Wording:
    """Read and check the wording file; ``required`` maps item ids the templates use to their kind.

    Raises :class:`ContentError` listing every problem. The result is remembered while the
    file is unchanged, as the validator, the guide and the packs all read it in one process.
    """
    path = Path(project_dir).resolve() / WORDING_FILE
    try:
        st = path.stat()
        key = (path, st.st_mtime_ns, st.st_size, tuple(sorted((required or {}).items())))
    except OSError:
        return _load_wording(path, required)
    if key not in _LOADED:
        try:
            _LOADED[key] = _load_wording(path, required)
        except ContentError as exc:
            _LOADED[key] = exc
    result = _LOADED[key]
    if isinstance(result, ContentError):
        raise result
    return result


def _load_wording(path: Path, required: dict[str, str] | None) -> Wording:
    name = WORDING_FILE.as_posix()
    if not path.is_file():
        raise ContentError([Diagnostic(name, 1, 1, "the pack wording file is missing",
                                       f"create {name}")])
    source = read_yaml(path, name)

    problems = schema.check(source.data, "patient-materials", yaml_locator(source))
    if problems:
        raise ContentError(problems)
    items: dict[str, Value] = {}
    where: dict[str, DataPath] = {}
    for d, doc in enumerate(source.data["documents"]):
        for i, item in enumerate(doc["items"]):
            path: DataPath = ("documents", d, "items", i)
            item_id = item["id"]
            if item_id in where:
                first = source.mark(where[item_id])
                problems.append(source.diagnostic((*path, "id"), f"id '{item_id}' is used twice",
                                                  f"it is already used at line {first.line}"))
                continue
            where[item_id] = path
            if "text" in item:
                items[item_id] = item["text"]
                problems += _check_placeholders(item["text"], (*path, "text"), source)
            elif "points" in item:
                items[item_id] = tuple(item["points"])
                for n, point in enumerate(item["points"]):
                    problems += _check_placeholders(point, (*path, "points", n), source)
            else:
                items[item_id] = tuple({"id": e["id"], "title": e["title"], "text": e["text"]}
                                       for e in item["entries"])
                for n, entry in enumerate(item["entries"]):
                    for key in ("title", "text"):
                        problems += _check_placeholders(entry[key], (*path, "entries", n, key),
                                                        source)
    unused = [i for i in items if i not in (required or {})]
    for item_id, kind in sorted((required or {}).items()):
        near = difflib.get_close_matches(item_id, unused, n=1) if item_id not in items else []
        if near:
            problems.append(source.diagnostic(
                (*where[near[0]], "id"), f"wording item '{item_id}' is missing",
                f"a template uses it; no template uses '{near[0]}': is it a misspelling?"))
        elif item_id not in items:
            problems.append(Diagnostic(name, 1, 1, f"wording item '{item_id}' is missing",
                                       f"a template uses it: add an item with id '{item_id}' "
                                       f"and {kind}"))
        elif _kind(items[item_id]) != kind:
            m = source.mark(where[item_id])
            problems.append(Diagnostic(name, m.line, m.column,
                                       f"wording item '{item_id}' must have {kind}",
                                       f"a template uses it as {kind}"))
    if problems:
        raise ContentError(problems)
    return Wording(items)


def _kind(value: Value) -> str:
    if isinstance(value, str):
        return "text"
    return "entries" if value and isinstance(value[0], dict) else "points"


def _check_placeholders(text: str, path: DataPath, source: Any) -> list[Diagnostic]:
    found = []
    for match in PLACEHOLDER.finditer(text):
        if match.group(1) not in PLACEHOLDERS:
            hint = did_you_mean(match.group(1), PLACEHOLDERS) or (
                "known placeholders: " + ", ".join("{" + p + "}" for p in PLACEHOLDERS))
            found.append(source.diagnostic(path, f"unknown placeholder {match.group(0)}", hint))
    return found
