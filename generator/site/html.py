"""Docutils helpers for interactive markup: one :class:`html_element` node per HTML tag.

A directive builds a tree of these around ordinary docutils text, paragraph and link nodes, so
every piece of content text is escaped by the HTML writer and links are resolved by Sphinx.
Only HTML builders write them; every other builder skips them.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

_VOID = {"input", "br"}


class html_element(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """One HTML element: ``tag`` plus ``html_attrs``; children are ordinary docutils nodes."""


def E(tag: str, *children: nodes.Node | str, **attrs: Any) -> html_element:  # noqa: N802
    """Build an :class:`html_element`; ``class_`` becomes ``class``, ``_`` in names becomes ``-``.

    String children become text nodes; attribute values are escaped when written.
    """
    clean = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items() if v is not None}
    node = html_element("", tag=tag, html_attrs=clean)
    for child in children:
        node += nodes.Text(child) if isinstance(child, str) else child
    return node


def visit_html_element(self: HTML5Translator, node: html_element) -> None:
    """Open the tag, writing every attribute value escaped."""
    parts = [node["tag"]]
    for name, value in node["html_attrs"].items():
        if value is True:
            parts.append(name)
        elif value is not False:
            parts.append(f'{name}="{html.escape(str(value), quote=True)}"')
    self.body.append(f"<{' '.join(parts)}>")


def depart_html_element(self: HTML5Translator, node: html_element) -> None:
    """Close the tag (void elements have no end tag)."""
    if node["tag"] not in _VOID:
        self.body.append(f"</{node['tag']}>")


def skip(self: Any, node: nodes.Node) -> None:
    """Leave the interactive checklist out of non-HTML output."""
    raise nodes.SkipNode


def para(text: str, **attrs: Any) -> html_element:
    """A ``<p>`` holding plain text."""
    return E("p", text, **attrs)


def labelled_input(input_id: str, label: str, **attrs: Any) -> html_element:
    """A ``<p>`` with a label and its input."""
    return E("p", E("label", label, for_=input_id), " ", E("input", id=input_id, **attrs),
             class_="pcsp-field")


def page_assets(doctree: nodes.Node) -> set[str]:
    """Assets named by the interactive components on a page (``data-pcsp-asset``).

    Only the outermost element of each component names its asset, so the walk does not
    descend into components: on big checklist pages that is most of the tree.
    """
    found: set[str] = set()
    stack = [doctree]
    while stack:
        node = stack.pop()
        if isinstance(node, html_element):
            found.add(node["html_attrs"].get("data-pcsp-asset") or "")
        else:
            stack.extend(node.children)
    found.discard("")
    return found


def register_html_element(app: Sphinx) -> None:
    """Register :class:`html_element` for HTML builders and skip it for all others."""
    app.add_node(html_element, override=True,
                 html=(visit_html_element, depart_html_element),
                 latex=(skip, None), text=(skip, None), man=(skip, None),
                 texinfo=(skip, None))
