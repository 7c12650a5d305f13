"""Search result snippets that work from disk, and what the search's ranking reads.

Sphinx's search shows a snippet of each result's page by fetching the page's HTML, which
browsers refuse for pages opened from disk (``file://``). Every page's text is written to
``_static/pcsp-search-text.js`` instead, with where each section starts and ends, and
``pcsp-search.js`` makes the snippets from it, over HTTP and from disk alike.

A page's text is what a reader reads on it: the ``[role=main]`` element without the
breadcrumb trail and other navigation, the page's title (the result shows it already),
skip links, form controls and their labels, hidden parts, pictures' inner text, scripts,
styles and heading links. White space is collapsed to one space, and each block
(paragraph, list item, heading...) is on a line of its own.

The same file gives the ranking (``pcsp-search-scorer.js``, Sphinx's ``html_search_scorer``)
a few facts about some pages (``window.pcspSearchPages``): who a checklist is for, and which
pages are for the guide's editors rather than its readers.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from ..content.definitions import definitions
from .pages import current_site
from .words import labels, section_words

SEARCH_SCRIPT = "pcsp-search.js"
SEARCH_SCORER = "pcsp-search-scorer.js"
"""The search's ranking (Sphinx's ``html_search_scorer``; see ``config.py``)."""
SEARCH_TEXT = "pcsp-search-text.js"
"""Written by each build; loaded by ``templates/search.html`` without Sphinx's ``?v=``
checksum, which Sphinx keeps per process and so could go stale in a warm rebuild."""
_SKIPPED_TAGS = {"script", "style", "nav", "h1", "svg", "button", "label", "select",
                 "textarea", "template", "noscript"}
"""Elements whose text is not the page's text: navigation (the breadcrumb trail), the page's
title, the inner text of pictures, form controls and their labels."""
_SKIPPED_CLASSES = {"headerlink", "pcsp-skip-link", "pcsp-no-js", "pcsp-about-data",
                    "pcsp-banner", "pcsp-moved-anchor", "pcsp-review"}
"""The page's furniture: skip links, notes about the page's script and saved data, banners,
notices of moved items and the review dates."""
_INLINE_TAGS = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i",
                "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
                "time", "u", "var", "wbr"}
"""Elements inside a line of text; any other element starts a new block, kept apart by a
space."""
_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
              "source", "track", "wbr"}
_TEXT_VERSION = b"pcsp-search-text 2\0"
"""Mixed into each page's digest: bump it when what is taken from a page changes, so no text
kept by an older build is used."""


def _utf16_length(text: str) -> int:
    """How long ``text`` is in JavaScript (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


class _MainText(HTMLParser):
    """The text of a page's ``[role=main]`` element (see the module's docstring), white space
    collapsed, with the ``[start, end)`` of each ``<section id>`` in it (in JavaScript string
    offsets)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool, str]] = []  # tag, in main, skipped, section id
        self.parts: list[str] = []
        self.length = 0
        self.space = True  # the text so far ends in white space (or is empty)
        self.pending = False  # a block started or ended since the last text
        self.sections: dict[str, list[int]] = {}
        self.starts: dict[str, int] = {}

    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note whether the element is in the main text, left out, or a section."""
        if tag not in _INLINE_TAGS:
            self.pending = True
        if tag in _VOID_TAGS:
            return
        values = dict(attrs)
        in_main, skipped = self._state()
        in_main = in_main or values.get("role") == "main"
        skipped = skipped or tag in _SKIPPED_TAGS or "hidden" in values \
            or bool(_SKIPPED_CLASSES.intersection((values.get("class") or "").split()))
        section = values.get("id") or "" if tag == "section" and in_main and not skipped else ""
        if section:
            self.starts[section] = self.length
        self.stack.append((tag, in_main, skipped, section))

    def handle_endtag(self, tag: str) -> None:
        """Close the element (and any left open inside it); ignore a stray end tag."""
        if tag not in _INLINE_TAGS:
            self.pending = True
        if all(open_tag != tag for open_tag, *_ in self.stack):
            return
        while self.stack:
            open_tag, _, _, section = self.stack.pop()
            if section:
                self.sections[section] = [self.starts.pop(section), self.length]
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        """Add text in the main element, collapsing white space as it goes."""
        in_main, skipped = self._state()
        if not in_main or skipped:
            return
        text = re.sub(r"\s+", " ", data)
        if self.space or self.pending:
            text = text.lstrip(" ")
        if text and self.pending and self.parts:  # a new block: a line of its own
            if self.space:
                self.parts[-1] = self.parts[-1][:-1] + "\n"
            else:
                text = "\n" + text
        if text:
            self.parts.append(text)
            self.length += _utf16_length(text)
            self.space = text[-1] in " \n"
            self.pending = False


_PAGE_TEXTS: dict[bytes, list[Any]] = {}
"""Page texts by the digest of the page's HTML, so a warm rebuild (``pcsp serve``) reads again
only the pages that changed."""


def page_text(html_text: str, cache: dict[bytes, list[Any]] | None = None) -> list[Any]:
    """``[text, {section id: [start, end]}]`` of one built page; ``cache`` keeps the results
    by the digest of the page's HTML."""
    digest = hashlib.sha256(_TEXT_VERSION + html_text.encode("utf-8")).digest()
    known = _PAGE_TEXTS.get(digest)
    if known is None:
        main = html_text.find('role="main"')
        parser = _MainText()
        if main >= 0:  # the navigation before the main element holds none of its text
            parser.feed(html_text[html_text.rfind("<", 0, main):])
            parser.close()
        known = ["".join(parser.parts), dict(sorted(parser.sections.items()))]
    if cache is not None:
        cache[digest] = known
    return known


def add_search_text(app: Sphinx) -> None:
    """Write every page's text to ``_static/pcsp-search-text.js`` (which the search page's
    template loads) and add the snippet script to the search page.

    The search page is written after every other page, so their files are all there. The
    text is not put into the page itself, so no page holds a script made of content text."""
    outdir = Path(app.outdir)
    texts = {}
    cache: dict[bytes, list[Any]] = {}
    kept = Path(app.doctreedir) / KEPT_TEXTS
    _PAGE_TEXTS.update(_kept_texts(kept))
    for docname in sorted(app.env.found_docs):
        path = outdir / app.builder.get_outfilename(docname)
        if path.is_file():
            texts[docname] = page_text(path.read_text(encoding="utf-8"), cache)
    _PAGE_TEXTS.clear()  # keep this build's pages only
    _PAGE_TEXTS.update(cache)
    with contextlib.suppress(OSError):  # (only a speed-up for the next build)
        kept.write_text(json.dumps({d.hex(): t for d, t in sorted(cache.items())},
                                   ensure_ascii=False), encoding="utf-8")
    data = json.dumps(texts, ensure_ascii=False, separators=(",", ":"))
    facts = json.dumps(page_facts(app), ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        data = data.replace(char, escaped)
        facts = facts.replace(char, escaped)
    static = outdir / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / SEARCH_TEXT).write_text(
        f"// Every page's text, for search result snippets (see {SEARCH_SCRIPT}),\n"
        f"// and what the ranking reads about some pages (see {SEARCH_SCORER}).\n"
        f"window.pcspSearchText = {data};\n"
        f"window.pcspSearchPages = {facts};\n", encoding="utf-8")
    app.add_js_file(SEARCH_SCRIPT)


KEPT_TEXTS = "pcsp-search-text.json"
"""In the doctrees folder: the page texts of the last build by the digest of each page's HTML,
so the next build (a new process) reads again only the pages whose HTML changed."""


def _kept_texts(path: Path) -> dict[bytes, list[Any]]:
    """The page texts the last build kept, or nothing if they cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {bytes.fromhex(k): v for k, v in data.items()
                if isinstance(v, list) and len(v) == 2}
    except (OSError, ValueError, AttributeError):
        return {}


EDITORS = "editors"
READERS_METADATA = "pcsp-readers"
"""File-wide metadata by which a hand-written page says it is for the guide's editors
(``pcsp-readers: editors`` in its front matter), as the content reference is: the search
ranks such pages below the readers' pages."""


def page_facts(app: Sphinx) -> dict[str, dict[str, Any]]:
    """What the ranking reads about some pages, by docname: ``for``, the people a checklist is
    for (in the interface's words and in English, the guidance text's language), and
    ``editors``, true for pages meant for the guide's editors."""
    facts: dict[str, dict[str, Any]] = {}
    try:
        site = current_site(Path(app.config.pcsp_project_dir))
    except KeyError:  # (no project was loaded)
        return facts
    english = {d["id"]: d["label"] for d in definitions()["checklist_audiences"]}
    shown = labels("checklist_audiences")
    audiences = {c.id: c.audience for c in site.bundle.checklists}
    for docname, view in sorted(site.pages.items()):
        if view.kind == "checklist" and view.item_id in audiences:
            audience = audiences[view.item_id]
            facts[docname] = {"for": sorted({shown.get(audience, audience),
                                             english.get(audience, audience)})}
        elif view.kind == "content-reference":
            facts[docname] = {EDITORS: True}
    for docname in sorted(app.env.found_docs):
        if app.env.metadata.get(docname, {}).get(READERS_METADATA) == EDITORS:
            facts.setdefault(docname, {})[EDITORS] = True
    return facts


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: nodes.document | None) -> None:
    if pagename != "search":
        return
    context["pcsp_search_words"] = section_words("search")
    if app.builder.name == "html":
        add_search_text(app)


def setup_search_text(app: Sphinx) -> None:
    """Give the search page the pages' text for its result snippets."""
    app.connect("html-page-context", _on_page_context)
