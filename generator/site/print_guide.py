"""The guide as printable PDFs in the site: the whole guide, each stage and each checklist left
empty (made by :mod:`generator.packs.guide`), linked from the pages as "Download this guide
(PDF, N pages)".

The PDFs are made in a thread while Sphinx reads the pages (Typst lets go of Python while it
lays out), into ``print/`` of the output, and not made again while their data and templates
are unchanged (a record in the doctrees). Every page shows the guide's page count, so when a
count changes every page is written again, and an incremental build equals a clean one.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError

from ..content.diagnostics import describe_os_error
from ..packs.guide import GuideWords, PrintedGuide, write_guide_pdfs
from ..packs.render import RenderError
from .pages import checklist_doc, current_site, stage_doc
from .words import count, labels, section_words

PRINT_DIR = "print"
"""The output folder of the printable PDFs (kept in order by this module, not by Sphinx)."""

RECORD = "pcsp-print.json"
"""The doctrees file remembering what each PDF was made from."""

_MAKING: dict[int, dict[str, Any]] = {}
"""The PDFs being made for each running Sphinx application: its thread and result."""


def print_words() -> GuideWords:
    """The printed guide's words in the guide's interface language."""
    words = section_words("print-guide")
    return {"guide": words["guide"], "checklist": words["checklist"],
            "months": section_words("dates")["months"],
            "ratings": list(labels("checklist_ratings").values()),
            "audiences": labels("checklist_audiences")}


def _make(app: Sphinx, state: dict[str, Any], words: GuideWords) -> None:
    """Make the PDFs (in the thread); keep what was made or the sentence saying what failed."""
    bundle = current_site(Path(app.config.pcsp_project_dir)).bundle
    try:
        state["made"] = write_guide_pdfs(bundle, Path(app.outdir) / PRINT_DIR, words,
                                         record=Path(app.doctreedir) / RECORD)
    except RenderError as exc:
        state["error"] = f"pcsp: the printable guide could not be made: {exc}"
    except OSError as exc:
        state["error"] = f"pcsp: the printable guide could not be written: " \
                         f"{describe_os_error(exc)}"


def _on_builder_inited(app: Sphinx) -> None:
    if app.builder.format != "html":
        return
    state: dict[str, Any] = {}
    # Not a daemon: a process stopping (Ctrl+C in pcsp serve) waits for the PDF being made,
    # instead of tearing down the Typst compiler while this thread is still using it.
    state["thread"] = threading.Thread(target=_make, args=(app, state, print_words()))
    _MAKING[id(app)] = state
    state["thread"].start()


def printed(app: Sphinx) -> PrintedGuide | None:
    """The PDFs made for this build (waiting for them if need be); None if not an HTML build.
    Raises :class:`ExtensionError` with one sentence if they could not be made."""
    state = _MAKING.get(id(app))
    if state is None:
        return None
    state["thread"].join()
    if "error" in state:
        raise ExtensionError(state["error"])
    return state["made"]


def _on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Every page again if a PDF's page count changed (every page shows the guide's)."""
    made = printed(app)
    if made is None:
        return []
    before = getattr(env, "pcsp_print_pages", None)
    env.pcsp_print_pages = made.pages  # type: ignore[attr-defined]
    return sorted(env.found_docs) if before is not None and before != made.pages else []


def _pdf_links(pages: dict[str, int], pagename: str, pathto: Any) -> list[dict[str, str]]:
    """The page's download links: the guide's, and its own stage's or empty checklist's."""
    links = [("guide.pdf", "print.guide")]
    site_docs = {stage_doc(name[6:-4]): (name, "print.stage")
                 for name in pages if name.startswith("stage-")}
    site_docs.update({checklist_doc(name[10:-4]): (name, "print.checklist")
                      for name in pages if name.startswith("checklist-")})
    if pagename in site_docs:
        links.append(site_docs[pagename])
    return [{"href": pathto(f"{PRINT_DIR}/{name}", 1), "text": count(key, pages[name])}
            for name, key in links if name in pages]


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: nodes.document | None) -> None:
    made = printed(app)
    context["pcsp_print"] = _pdf_links(made.pages, pagename, context["pathto"]) if made else []


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    state = _MAKING.pop(id(app), None)
    if state is not None:
        state["thread"].join()


def setup_print_guide(app: Sphinx) -> None:
    """Make the printable PDFs in every HTML build and link them from the pages."""
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-get-updated", _on_env_get_updated)
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
