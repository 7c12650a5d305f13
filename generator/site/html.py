"""Docutils helpers for interactive markup: one :class:`html_element` node per HTML tag.

A directive builds a tree of these around ordinary docutils text, paragraph and link nodes, so
every piece of content text is escaped by the HTML writer and links are resolved by Sphinx.
Only HTML builders write them; every other builder skips them.

Also here: old links that keep working (:func:`setup_old_anchors`). An item whose id changed
(``renamed_ids``) carries its old id as a second anchor; a link to an item that is now on
another page is sent there by ``anchors-follow.js`` (a classic script, so it works from
``file://`` too) using the map of every item's place written beside it, and, for an activity
that left a stage page since the previous version, by a notice on that page that a link to
it shows (``:target``) without JavaScript.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from .pages import current_site, renamed_items

ANCHOR_SCRIPT = "anchors-follow.js"
"""Sends a link naming an item that is not on its page to the page showing it now."""
ANCHOR_MAP = "anchors-map.js"
"""Written into ``_static`` by each build: every item's (and old id's) page and anchor."""
MOVED_CSS = "anchors-moved.css"
"""Hides the moved-item notices until a link names one."""

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


# --- sphinx-design cards ------------------------------------------------------------------------

def card_titles_as_headings(app: Sphinx, doctree: nodes.document) -> None:
    """Make each sphinx-design card title a real heading (``<h2>``, under the page's ``<h1>``)
    instead of a bold ``<div>``, so screen reader users can move between the cards of the front
    door by heading."""
    for title in list(doctree.findall(nodes.container)):
        if title.get("design_component") == "card-title":
            title.replace_self(E("h2", *title.children, class_=" ".join(title["classes"])))


def unfold_home_sidebar(app: Sphinx, pagename: str, templatename: str,
                        context: dict[str, Any], doctree: nodes.document | None) -> None:
    """On the home page, show the guide's sections in the sidebar unfolded (furo folds every
    entry but those on the way to the current page, and the home page is on no way): the
    first entry's toggle starts switched on. Runs after furo has made the sidebar."""
    tree = context.get("furo_navigation_tree")
    if pagename == app.config.root_doc and isinstance(tree, str):
        context["furo_navigation_tree"] = re.sub(
            r'(<input [^>]*class="toctree-checkbox"[^>]*?)(/?>)', r'\1 checked=""\2', tree,
            count=1)


def setup_cards(app: Sphinx) -> None:
    """Mend sphinx-design's cards (see :func:`card_titles_as_headings`) and unfold the home
    page's sidebar (see :func:`unfold_home_sidebar`)."""
    app.connect("doctree-read", card_titles_as_headings)
    app.connect("html-page-context", unfold_home_sidebar, priority=900)


# --- old links --------------------------------------------------------------------------------

def add_old_anchors(app: Sphinx, doctree: nodes.document) -> None:
    """Give each renamed item's element its old ids too (``old_anchors`` in the page's view):
    the HTML writer puts each extra id on an empty ``<span>`` at the start of the element."""
    view = current_site(Path(app.config.pcsp_project_dir)).pages.get(app.env.docname)
    for old, anchor in ((view.data.get("old_anchors") or {}) if view else {}).items():
        if old in doctree.ids:
            continue
        node = doctree.ids.get(anchor) if anchor else next(doctree.findall(nodes.section), None)
        if isinstance(node, nodes.Element):
            node["ids"].append(old)
            doctree.ids[old] = node


def add_moved_notices(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                      doctree: nodes.document | None) -> None:
    """Give ``page.html`` the notices of the activities that left this page (``moved_away``):
    each has the item's id, so an old link shows it; its link goes to the item's new place."""
    context["pcsp_moved_anchors"] = []
    site = current_site(Path(app.config.pcsp_project_dir))
    view = site.pages.get(pagename)
    if view is None or doctree is None:
        return
    for moved in view.data.get("moved_away", ()):
        if moved["id"] in doctree.ids:
            continue
        title = app.env.titles.get(moved["doc"])
        context["pcsp_moved_anchors"].append({
            "id": moved["id"], "title": moved["title"],
            "page": title.astext() if title is not None else "",
            "href": app.builder.get_relative_uri(pagename, moved["doc"])
                    + (f"#{moved['anchor']}" if moved["anchor"] else "")})
    if context["pcsp_moved_anchors"]:
        app.add_css_file(MOVED_CSS)


def anchor_map(app: Sphinx) -> dict[str, Any]:
    """Where every item is (and every old id of ``renamed_ids`` leads): ``pages``, the pages'
    addresses from the site's root, and ``items``, ``id: [page number, anchor]`` ('' for the
    top of the page)."""
    items = dict(app.env.get_domain("pcsp").data.get("items", {}))
    places = {item_id: (doc, anchor) for item_id, (doc, anchor, _title) in items.items()}
    renamed = renamed_items(
        current_site(Path(app.config.pcsp_project_dir)).project.guide.renamed_ids,
        {item_id: place[0] for item_id, place in places.items()})
    places.update((old, places[new]) for old, new in renamed.items())
    uris = {doc: app.builder.get_target_uri(doc) for doc, _anchor in places.values()}
    pages = sorted(set(uris.values()))
    number = {uri: n for n, uri in enumerate(pages)}
    return {"pages": pages,
            "items": {item_id: [number[uris[doc]], anchor]
                      for item_id, (doc, anchor) in sorted(places.items())}}


def write_anchor_map(app: Sphinx, exception: BaseException | None) -> None:
    """Write :data:`ANCHOR_MAP` into the HTML output's ``_static`` folder."""
    if exception is not None or app.builder.format != "html":
        return
    data = json.dumps(anchor_map(app), sort_keys=True, separators=(",", ":"))
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / ANCHOR_MAP).write_text(
        "/* Where every item of this guide is: read by anchors-follow.js. */\n"
        f"window.pcspAnchorMap&&window.pcspAnchorMap({data});\n", encoding="utf-8")


def setup_old_anchors(app: Sphinx) -> None:
    """Make old links to items land on them: extra ids, the follow script and its map, and the
    moved-item notices."""
    app.connect("doctree-read", add_old_anchors)
    app.connect("html-page-context", add_moved_notices)
    app.connect("build-finished", write_anchor_map)
    app.add_js_file(ANCHOR_SCRIPT)
