"""The guide's interface words (buttons, labels, messages, page furniture) in its language.

Each language's words live once, in ``locale/<code>.json`` beside this module, grouped in
sections. Python reads them here; each interactive page carries the sections its scripts use
to the browser as JSON (``data-pcsp-words``), so no script, template or renderer holds its
own English. ``locale/en.json`` is the source; another language's file gives every key of it
(a missing key falls back to English, and a test checks none is missing). The labels kept in
``generator/content/definitions.json`` (ratings, plan fields, the agree scale...) are English
there; another language gives them in its ``labels`` section.

The language is Sphinx's ``language`` setting (``conf.py``), so Sphinx's own catalogue (the
search page, "Index", ...) and these words always agree. The guidance text itself stays in
English.
"""

from __future__ import annotations

import datetime
import gettext
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from ..content.definitions import definitions

LOCALE_DIR = Path(__file__).parent / "locale"
SOURCE_LANGUAGE = "en"
"""The language the words are written in first, and the guidance text's language."""

_current = {"language": SOURCE_LANGUAGE}
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class UnknownLanguageError(ValueError):
    """The guide's language has no words file."""


def available_languages() -> tuple[str, ...]:
    """The codes of the languages the interface has words for."""
    return tuple(sorted(path.stem for path in LOCALE_DIR.glob("*.json")))


def interface_language(setting: str | None) -> str:
    """The words file Sphinx's ``language`` setting stands for: ``cy``, ``cy_GB`` and
    ``cy-GB`` all give ``cy``; unset gives English. Raise UnknownLanguageError if none."""
    if not setting:
        return SOURCE_LANGUAGE
    code = re.split(r"[-_]", setting.strip())[0].lower()
    if code not in available_languages():
        raise UnknownLanguageError(
            f"the guide's language is '{setting}', but the interface has no words for it "
            f"(it has: {', '.join(available_languages())}); add "
            f"generator/site/locale/{code}.json, translated from en.json")
    return code


def _read(language: str) -> dict[str, Any]:
    data = json.loads((LOCALE_DIR / f"{language}.json").read_text(encoding="utf-8"))
    data.pop("$comment", None)
    return data


@cache
def catalogue(language: str) -> dict[str, dict[str, Any]]:
    """Every section of a language's words, English filling any key it lacks (read-only)."""
    merged = {section: dict(words) for section, words in _read(SOURCE_LANGUAGE).items()}
    if language != SOURCE_LANGUAGE:
        for section, words in _read(language).items():
            merged.setdefault(section, {}).update(words)
    return merged


def set_language(language: str) -> None:
    """Use ``language`` (a code from :func:`interface_language`) for this build."""
    _current["language"] = language


def language() -> str:
    """The interface language of this build."""
    return _current["language"]


def section_words(name: str) -> dict[str, Any]:
    """One section of the current language's words (for a page's JSON)."""
    return dict(catalogue(language())[name])


def _fill(text: str, values: dict[str, Any]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], text)


def word(key: str, **values: Any) -> str:
    """The words for ``section.key`` with its ``{name}`` placeholders filled in."""
    name, _, entry = key.partition(".")
    text = catalogue(language())[name][entry]
    if not isinstance(text, str):
        raise TypeError(f"interface words '{key}' have plural forms: use count()")
    return _fill(text, values)


def count(key: str, n: int, **values: Any) -> str:
    """The words for ``section.key`` that fit the number ``n`` (``one`` or ``other``)."""
    name, _, entry = key.partition(".")
    forms = catalogue(language())[name][entry]
    return _fill(forms["one" if n == 1 else "other"], {"n": n, **values})


def labels(definition: str) -> dict[str, str]:
    """An ``[{id, label}]`` list of ``definitions.json`` as ``{id: label}`` in the current
    language, in order."""
    own = catalogue(language()).get("labels", {}).get(definition, {})
    return {entry["id"]: own.get(entry["id"], entry["label"])
            for entry in definitions()[definition]}


class ThemeWords(gettext.NullTranslations):
    """The theme's words (furo's "Next", "Previous"...) that Sphinx's own catalogue lacks for
    the guide's language, from the ``theme`` section of the current language's words. Added
    after Sphinx's catalogues (:func:`add_theme_words`), so Sphinx's own words come first."""

    def gettext(self, message: str) -> str:
        """The message in the current language, else what the next catalogue says."""
        words = catalogue(language()).get("theme", {})
        return words[message] if message in words else super().gettext(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        """As :meth:`gettext`, for the form that fits ``n``."""
        return self.gettext(msgid1 if n == 1 else msgid2)


def add_theme_words(translator: gettext.NullTranslations) -> None:
    """Put :class:`ThemeWords` at the end of Sphinx's chain of catalogues (once: the chain
    is kept for the whole process)."""
    link: gettext.NullTranslations | None = translator
    while link is not None:
        if isinstance(link, ThemeWords):
            return
        link = getattr(link, "_fallback", None)
    translator.add_fallback(ThemeWords())


def content_classes() -> list[str]:
    """Docutils classes marking content text as English when the interface is in another
    language (the HTML writer turns ``language-en`` into ``lang="en"``), so screen readers
    read each part in its own language; none in an English build."""
    return [] if language() == SOURCE_LANGUAGE else [f"language-{SOURCE_LANGUAGE}"]


def content_lang() -> dict[str, str]:
    """The same as :func:`content_classes`, as an HTML attribute for ``html.E``."""
    return {} if language() == SOURCE_LANGUAGE else {"lang": SOURCE_LANGUAGE}


def long_date(iso: str) -> str:
    """``2026-01-15`` -> ``15 January 2026``, the month named in the current language."""
    day = datetime.date.fromisoformat(iso)
    return f"{day.day} {catalogue(language())['dates']['months'][day.month - 1]} {day.year}"
