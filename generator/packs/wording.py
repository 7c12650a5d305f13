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
from pathlib import Path
from typing import Any

from ..content.definitions import languages, placeholder_pattern, placeholders
from ..content.diagnostics import Diagnostic, did_you_mean
from ..content.load import DataPath, SourceFile
from ..content.model import Wording, wording_hash
from ..content.project import TRANSLATIONS_DIR, WORDING_FILE, Project
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


def _placeholders_in(value: Any) -> list[str]:
    texts = [value] if isinstance(value, str) else [
        t for v in value for t in ((v["title"], v["text"]) if isinstance(v, dict) else (v,))]
    return sorted(m.group(1) for t in texts for m in placeholder_pattern().finditer(t))


def _shape(value: Any) -> str:
    if isinstance(value, str):
        return "a text"
    return "entries" if value and isinstance(value[0], dict) else "points"


def translation_problems(project: Project) -> list[Diagnostic]:
    """Every gap in each translation of the wording: a language that does not match its
    folder or is not known, ids missing, extra or of the wrong shape, items translated from
    English that has changed since (a warning), and placeholders dropped, added or
    misspelt."""
    wording = project.wording
    if wording is None:
        return []
    problems: list[Diagnostic] = []
    known = languages()
    for translation in project.translations:
        source = project.sources[translation.file]
        folder = Path(translation.file).parent.name
        if translation.language != folder:
            problems.append(source.diagnostic(
                ("language",), f"language '{translation.language}' does not match the folder "
                f"'{folder}'", f"move the file to {TRANSLATIONS_DIR}/{translation.language}/ "
                f"or set language: {folder}"))
        if translation.language not in known or translation.language == "en":
            problems.append(source.diagnostic(
                ("language",), f"'{translation.language}' is not a language pcsp knows"
                + (" to translate into" if translation.language == "en" else ""),
                did_you_mean(translation.language, known) or
                "use a language code from generator/content/languages.json, such as cy"))
        where = {item["id"]: ("items", n) for n, item in reversed(
            list(enumerate(source.data["items"])))}
        for item_id in wording.patient_item_ids:
            if item_id not in translation.items:
                problems.append(source.diagnostic(
                    ("items",), f"'{item_id}' is not translated",
                    f"run 'pcsp translation {translation.language}' to add it, with the "
                    "English to translate"))
        for item_id, value in translation.items.items():
            path = where[item_id]
            if item_id not in wording.items:
                problems.append(source.diagnostic(
                    (*path, "id"), f"'{item_id}' is not an item of {WORDING_FILE}",
                    did_you_mean(item_id, wording.items) or
                    "remove it: the English no longer has it"))
                continue
            if item_id not in wording.patient_item_ids:
                problems.append(source.diagnostic(
                    (*path, "id"), f"'{item_id}' is for staff and is never translated",
                    "remove it: documents for practice staff stay in English",
                    severity="warning"))
                continue
            english = wording.items[item_id]
            if _shape(value) != _shape(english):
                problems.append(source.diagnostic(
                    path, f"'{item_id}' must be {_shape(english)}, as in English",
                    f"the English item is {_shape(english)}; translate it in the same form"))
                continue
            problems += _placeholder_gaps(source, path, item_id, english, value)
            for text_path, text in _texts(source.data["items"][path[1]], path):
                problems += _placeholder_problems(text, text_path, source)
            if translation.sources[item_id] != wording_hash(english):
                problems.append(source.diagnostic(
                    (*path, "source"), f"'{item_id}' was translated from English that has "
                    "changed since", "update the translation to match the English, then set "
                    f"source: {wording_hash(english)} to record that it is up to date",
                    severity="warning"))
    return problems


def _placeholder_gaps(source: SourceFile, path: DataPath, item_id: str, english: Any,
                      value: Any) -> list[Diagnostic]:
    """Placeholders the English item has and the translation drops, and the reverse."""
    ours, theirs = _placeholders_in(value), _placeholders_in(english)
    known = placeholders()
    problems = []
    for name in sorted(set(theirs) - set(ours)):
        problems.append(source.diagnostic(
            path, f"'{item_id}' leaves out {{{name}}}",
            f"the English has {{{name}}}; keep it, untranslated, where it belongs in the "
            "sentence, so each practice's details are filled in"))
    for name in sorted(set(ours) - set(theirs)):
        if name in known:  # an unknown one is reported as unknown
            problems.append(source.diagnostic(
                path, f"'{item_id}' adds {{{name}}}, which the English does not have",
                "remove it, or add it to the English first"))
    return problems


TRANSLATION_HEADER = """\
# {english} ({native}) translation of the practice packs' patient wording
# ({wording}). Each item keeps its id; 'source' is a fingerprint of the English it
# translates, so pcsp can say when the English changes. Keep {{placeholders}} as they are.
#
# NOT YET REVIEWED: this translation must be checked by a qualified translator before it is
# used. Until 'reviewed' is set to the date of that review, every document made from it
# says that the translation has not been reviewed.

language: {code}
reviewed: false
items:
"""


def _comment(label: str, text: str, indent: str) -> str:
    lines = text.splitlines() or [""]
    return "".join(f"{indent}# {label}{': ' if n == 0 else '  '}{line}\n"
                   for n, line in enumerate(lines))


def translation_skeleton(wording: Wording, item_ids: Iterable[str]) -> str:
    """YAML items for ``item_ids``, each with its fingerprint, its English as comments and
    empty values to fill in."""
    out = ""
    for item_id in item_ids:
        value = wording.items[item_id]
        out += f"  - id: {item_id}\n    source: \"{wording_hash(value)}\"\n"
        if isinstance(value, str):
            out += _comment("English", value, "    ") + "    text:\n"
        elif value and isinstance(value[0], dict):
            out += "    entries:\n"
            for entry in value:
                out += (f"      - id: {entry['id']}\n" + _comment("English", entry["title"],
                                                                 "        ")
                        + "        title:\n" + _comment("English", entry["text"], "        ")
                        + "        text:\n")
        else:
            out += "".join(_comment("English" if n == 0 else "       ", f"- {point}", "    ")
                           for n, point in enumerate(value)) + "    points:\n"
    return out


def start_translation(project: Project, code: str) -> tuple[Path, int]:
    """Create ``content/translations/<code>/patient-materials.yaml`` for a known language, or
    add to an existing one every item it lacks; return the file and how many items were
    added. Existing items are never changed."""
    wording = project.wording
    known = languages()
    if wording is None:
        raise ValueError(f"there is no {WORDING_FILE} to translate")
    if code not in known or code == "en":
        raise ValueError(f"'{code}' is not a language code pcsp knows to translate into; "
                         + (did_you_mean(code, known) or "use one such as cy, pl or ur"))
    path = project.root / TRANSLATIONS_DIR / code / Path(WORDING_FILE).name
    have = next((t.items for t in project.translations if t.language == code), None)
    if have is None and path.exists():
        raise ValueError(f"{path} has errors: run pcsp validate, fix them, and run this again")
    todo = [i for i in wording.patient_item_ids if have is None or i not in have]
    text = "" if have is not None else TRANSLATION_HEADER.format(
        code=code, wording=WORDING_FILE, **{k: known[code][k] for k in ("english", "native")})
    text += translation_skeleton(wording, todo)
    path.parent.mkdir(parents=True, exist_ok=True)
    if have is None:
        path.write_text(text, encoding="utf-8")
    elif todo:
        old = path.read_text(encoding="utf-8")
        path.write_text(old + ("" if old.endswith("\n") else "\n") + text, encoding="utf-8")
    return path, len(todo)
