"""Shared definitions: checklist ratings, the agreement scale, placeholders, the practice form,
the practice's contact lines.

Each lives once, in ``definitions.json`` beside this module (the House of Care parts live in
``schema/house.schema.json``, the practice form's limits in ``schema/practice.schema.json``).
Python reads them here; the guide's pages carry the same data to the browser as JSON, so
the scripts never hold their own copy.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from .schema import enum_values

DEFINITIONS_FILE = Path(__file__).parent / "definitions.json"


@cache
def definitions() -> dict[str, Any]:
    """Every shared definition, as read from ``definitions.json`` (read-only)."""
    data = json.loads(DEFINITIONS_FILE.read_text(encoding="utf-8"))
    data.pop("$comment", None)
    return data


def labels(name: str) -> dict[str, str]:
    """An ``[{id, label}]`` definition as ``{id: label}``, in order."""
    return {entry["id"]: entry["label"] for entry in definitions()[name]}


def checklist_ratings() -> dict[str, str]:
    """Checklist rating ids and the labels shown for them, in order."""
    return labels("checklist_ratings")


def checklist_audiences() -> dict[str, str]:
    """Who a checklist is for (the schema's allowed values), with the label readers see."""
    return labels("checklist_audiences")


def agreement_scale() -> dict[str, str]:
    """The self-assessment's agree scale (``"1"`` to ``"5"``) and its labels."""
    return labels("agreement_scale")


def not_relevant_answers() -> dict[str, str]:
    """Self-assessment answers that are left out of the scores."""
    return labels("not_relevant_answers")


@cache
def placeholder_pattern() -> re.Pattern[str]:
    """How a placeholder is written in wording: ``{practice_name}``."""
    return re.compile(definitions()["placeholder_pattern"])


def placeholders() -> dict[str, str]:
    """Every placeholder the wording may use, with the practice profile field that fills it."""
    return dict(definitions()["placeholders"])


def contact_lines() -> list[dict[str, Any]]:
    """The practice's contact lines, in the order every document shows them: the wording id of
    each line's label, the practice field it shows, whether it is left out when empty
    (``optional``), and how it is shown: ``link`` (``tel``, ``mailto`` or ``url``) for the web,
    ``keep_together`` (no line breaks inside it on paper) and ``lines`` (a field written on
    several lines, read as the practice's ``<field>_lines``, shown as one line with commas)."""
    return [{"optional": False, "keep_together": False, "lines": False, "link": None, **line}
            for line in definitions()["contact_lines"]]


def contact_label_ids() -> tuple[str, ...]:
    """The wording ids of the contact lines' labels, in order."""
    return tuple(line["label"] for line in definitions()["contact_lines"])


def house_parts() -> tuple[str, ...]:
    """The four House of Care part ids, in the schema's order."""
    return tuple(enum_values("house", ("components", "", "id")))


LANGUAGES_FILE = Path(__file__).parent / "languages.json"


@cache
def languages() -> dict[str, dict[str, str]]:
    """Languages by code (``cy``): their English and own names and writing direction, as read
    from ``languages.json``."""
    data = json.loads(LANGUAGES_FILE.read_text(encoding="utf-8"))
    return {entry["code"]: entry for entry in data["languages"]}


def language_code(name: str) -> str | None:
    """The code of the language ``name`` stands for: a code (``cy``), its English name
    (``Welsh``), its own name (``Cymraeg``) or both (``Cymraeg (Welsh)``), in any case; None
    if it is none of these."""
    wanted = " ".join(name.split()).casefold()
    for code, entry in languages().items():
        if wanted in (code, entry["english"].casefold(), entry["native"].casefold(),
                      language_label(code).casefold()):
            return code
    return None


def language_label(code: str) -> str:
    """How a language is named to readers: its own name, then its English name in brackets
    when they differ (``Cymraeg (Welsh)``)."""
    entry = languages()[code]
    native, english = entry["native"], entry["english"]
    return native if native == english else f"{native} ({english})"
