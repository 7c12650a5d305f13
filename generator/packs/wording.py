"""Pack wording: fill in a practice's details, and check what the wording file means.

Placeholders such as ``{practice_name}`` are replaced in one pass with plain text, for known
names only: nothing here ever treats a practice's details (or the wording) as a template, so
a practice called ``{phone}`` or ``<b>`` is printed exactly as written. Which placeholders
exist, and which practice field fills each, is defined once in ``content/definitions.json``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from typing import Any

from ..content.definitions import placeholder_pattern, placeholders
from ..content.diagnostics import Diagnostic
from ..content.load import DataPath, SourceFile
from ..content.model import Wording
from ..content.project import WORDING_FILE, Project
from .profile import Practice


def placeholder_values(practice: Practice) -> dict[str, str]:
    """The text each placeholder stands for, for one practice."""
    return {name: practice.fields.get(path, "") for name, path in placeholders().items()}


def fill_text(text: str, values: dict[str, str]) -> str:
    """Replace known ``{name}`` placeholders in one pass; inserted text is never looked at again."""
    return placeholder_pattern().sub(lambda m: values.get(m.group(1), m.group(0)), text)


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


def _texts(item: dict[str, Any], path: DataPath) -> list[tuple[DataPath, str]]:
    """Every text of one wording item, with its path."""
    if "text" in item:
        return [((*path, "text"), item["text"])]
    if "points" in item:
        return [((*path, "points", n), p) for n, p in enumerate(item["points"])]
    return [((*path, "entries", n, key), entry[key]) for n, entry in enumerate(item["entries"])
            for key in ("title", "text")]


def _closest_placeholder(name: str, known: Iterable[str]) -> str | None:
    """The known placeholder a mistyped one most likely meant, if any."""
    words = name.replace("-", "_").replace(" ", "_").lower()
    close = difflib.get_close_matches(words, list(known), n=1, cutoff=0.6)
    return close[0] if close else next(
        (k for k in known if words.startswith(k) or k.startswith(words)), None)


def _placeholder_problems(text: str, path: DataPath, source: SourceFile) -> list[Diagnostic]:
    """Unknown placeholders (any ``{...}`` that is not one), and braces that open or close
    none, each with a hint."""
    known = placeholders()
    listed = "known placeholders: " + ", ".join("{" + p + "}" for p in known)
    found = []
    for match in placeholder_pattern().finditer(text):
        if match.group(1) not in known:
            close = _closest_placeholder(match.group(1), known)
            found.append(source.diagnostic(path, f"unknown placeholder {match.group(0)}",
                                           f"did you mean {{{close}}}?" if close else listed))
    stray = re.search(r"[{}]", placeholder_pattern().sub("", text))
    if stray:
        found.append(source.diagnostic(
            path, f"a '{stray.group()}' that is not part of a placeholder",
            "placeholders are written as one word in braces, such as {phone}; "
            f"{listed}"))
    return found


def wording_problems(project: Project, required: dict[str, str] | None) -> list[Diagnostic]:
    """Every problem in the meaning of the pack wording: repeated ids, unknown placeholders,
    and (``required``: item id -> kind the templates use) missing or wrong-kind items."""
    wording = project.wording
    if wording is None:
        return []
    source = project.sources[WORDING_FILE]
    problems: list[Diagnostic] = []
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
            for text_path, text in _texts(item, path):
                problems += _placeholder_problems(text, text_path, source)
    unused = [i for i in wording.items if i not in (required or {})]
    for item_id, kind in sorted((required or {}).items()):
        near = (difflib.get_close_matches(item_id, unused, n=1)
                if item_id not in wording.items else [])
        if near:
            problems.append(source.diagnostic(
                (*where[near[0]], "id"), f"wording item '{item_id}' is missing",
                f"a template uses it; no template uses '{near[0]}': is it a misspelling?"))
        elif item_id not in wording.items:
            problems.append(Diagnostic(WORDING_FILE, 1, 1, f"wording item '{item_id}' is missing",
                                       f"a template uses it: add an item with id '{item_id}' "
                                       f"and {kind}"))
        elif wording.kind(item_id) != kind:
            problems.append(source.diagnostic(where[item_id], f"wording item '{item_id}' must "
                                              f"have {kind}", f"a template uses it as {kind}"))
    return problems
