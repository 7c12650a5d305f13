"""The HTML translator of the guide: Sphinx's own, with toctree captions made valid."""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator


class GuideTranslator(HTML5Translator):
    """Sphinx's HTML5 translator, but a toctree caption's ``role="heading"`` gets the
    ``aria-level`` that role requires (axe ``aria-required-attr``, a Nu checker error)."""

    def visit_title(self, node: nodes.title) -> None:
        """Toctree captions as ``<p role="heading" aria-level="2">``; the rest as Sphinx does."""
        parent = node.parent
        if isinstance(parent, addnodes.compact_paragraph) and parent.get("toctree"):
            self.body.append(self.starttag(node, "p", "", CLASS="caption", ROLE="heading",
                                           **{"aria-level": "2"}))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
        else:
            super().visit_title(node)


def setup_translator(app: Sphinx) -> None:
    """Use :class:`GuideTranslator` for the HTML builder."""
    app.set_translator("html", GuideTranslator, override=True)
