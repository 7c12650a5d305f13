"""The ``pcsp`` domain: where every content item is shown, so links to it work from any page.

Pages register each anchor they draw (``note_item``); links are ``pending_xref`` nodes with
``refdomain='pcsp'``, ``reftype='item'`` and the item id as target, resolved when pages are
written, for any builder. Hand-written pages can link with ``{pcsp:item}`activity-id```.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

logger = logging.getLogger(__name__)

Location = tuple[str, str, str]
"""(docname, anchor, title); an empty anchor means the top of the page."""


class PcspDomain(Domain):
    """Content items of the guide, found by id."""

    name = "pcsp"
    label = "PCSP guide"
    object_types = {"item": ObjType("item", "item")}
    roles = {"item": XRefRole(warn_dangling=True)}
    initial_data: dict[str, Any] = {"items": {}}
    data_version = 1
    dangling_warnings = {"item": "pcsp: no content item with id '%(target)s'"}

    @property
    def items(self) -> dict[str, Location]:
        """Where each item is shown, by id."""
        return self.data.setdefault("items", {})

    def note_item(self, item_id: str, docname: str, anchor: str, title: str,
                  node: nodes.Node | None = None) -> None:
        """Record that ``docname`` shows item ``item_id`` at ``anchor``; warn on a duplicate."""
        known = self.items.get(item_id)
        if known and known[0] != docname:
            logger.warning("pcsp: item '%s' is shown on two pages (%s and %s)",
                           item_id, known[0], docname, location=node or docname,
                           type="pcsp", subtype="duplicate-item")
        self.items[item_id] = (docname, anchor, title)

    def clear_doc(self, docname: str) -> None:
        """Forget the items shown on ``docname``."""
        for item_id, (doc, _anchor, _title) in list(self.items.items()):
            if doc == docname:
                del self.items[item_id]

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        """Take the items of ``docnames`` read by a parallel worker."""
        for item_id, location in otherdata["items"].items():
            if location[0] in docnames:
                self.items[item_id] = tuple(location)

    def resolve_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                     typ: str, target: str, node: addnodes.pending_xref,
                     contnode: nodes.Element) -> nodes.reference | None:
        """A link to the item ``target``, or None (Sphinx then warns) if no page shows it."""
        location = self.items.get(target)
        if location is None:
            return None
        docname, anchor, title = location
        if not node.get("refexplicit"):
            contnode = nodes.inline(title, title, classes=["pcsp-item"])
        return make_refnode(builder, fromdocname, docname, anchor, contnode)

    def resolve_any_xref(self, env: BuildEnvironment, fromdocname: str, builder: Builder,
                         target: str, node: addnodes.pending_xref,
                         contnode: nodes.Element) -> list[tuple[str, nodes.reference]]:
        """Resolve ``{any}`` references to item ids."""
        ref = self.resolve_xref(env, fromdocname, builder, "item", target, node, contnode)
        return [("pcsp:item", ref)] if ref is not None else []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        """Nothing for the object search index: pages' titles and text are indexed already."""
        return ()


def item_xref(item_id: str, text: str, docname: str) -> addnodes.pending_xref:
    """A link to item ``item_id`` showing ``text`` (as plain text, never markup)."""
    ref = addnodes.pending_xref("", refdomain="pcsp", reftype="item", reftarget=item_id,
                                refexplicit=True, refwarn=True, refdoc=docname)
    ref += nodes.inline(text, text, classes=["pcsp-item"])
    return ref


def _forget_pages_to_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Forget the items of every page about to be read, before any is read: Sphinx clears
    each page just before reading it, so an item moved to a page read earlier would
    otherwise still seem to be on its old page too."""
    domain = env.get_domain(PcspDomain.name)
    for docname in docnames:
        domain.clear_doc(docname)


def setup_domain(app: Sphinx) -> None:
    """Register the ``pcsp`` domain."""
    app.add_domain(PcspDomain)
    # Late, so handlers that note what the pages showed before (site/__init__.py) see it.
    app.connect("env-before-read-docs", _forget_pages_to_read, priority=900)
