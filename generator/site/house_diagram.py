"""The House of Care diagram: a generic node whose children are the text alternative.

Every builder shows the children: an ordered list of the parts, each linked to where it is
explained. The HTML builder also draws an inline SVG before that list, one keyboard-focusable
link per part, taking each link's target from the (already resolved) list so the two agree.

Doctree::

    <house_diagram diagram_id="pcsp-house-0" title="House of Care" labels={...}>
        <paragraph>Parts of the house, from the roof down:
        <enumerated_list>
            <list_item pcsp_part="roof"><paragraph><pending_xref reftarget="roof">...
"""

from __future__ import annotations

import html
import textwrap
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from ..content.definitions import house_parts
from .words import section_words

TEXT_DARK = "#212b32"
"""NHS text colour."""

PALETTE = {
    "roof": ("#003087", "#ffffff"),
    "left-wall": ("#005eb8", "#ffffff"),
    "centre": ("#e8edee", TEXT_DARK),
    "right-wall": ("#005eb8", "#ffffff"),
    "foundation": ("#425563", "#ffffff"),
}
"""(fill, text colour) for each part, from the NHS palette; every pair passes WCAG AA."""


@dataclass(frozen=True)
class _Shape:
    tag: str
    attrs: str
    centre_x: int
    centre_y: int
    wrap: int


_SHAPES = {
    "roof": _Shape("polygon", 'points="170,10 470,10 630,150 10,150"', 320, 86, 30),
    "left-wall": _Shape("rect", 'x="10" y="162" width="170" height="216"', 95, 270, 14),
    "centre": _Shape("rect", 'x="192" y="162" width="256" height="216"', 320, 270, 21),
    "right-wall": _Shape("rect", 'x="460" y="162" width="170" height="216"', 545, 270, 14),
    "foundation": _Shape("rect", 'x="10" y="390" width="620" height="80"', 320, 430, 56),
}
DIAGRAM_POSITIONS = tuple(_SHAPES)
"""What the diagram draws, top to bottom and left to right (also the tab order): the House of
Care parts of ``schema/house.schema.json`` and the centre."""
assert set(DIAGRAM_POSITIONS) == {*house_parts(), "centre"}, "a House of Care part has no shape"
_FONT_SIZE = 17
_LINE_HEIGHT = 21


class house_diagram(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """The House of Care diagram; its children are the text alternative."""


def wrap_label(text: str, width: int) -> list[str]:
    """Split a label into lines of about ``width`` characters (long words are kept whole)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def render_svg(diagram_id: str, title: str, parts: list[tuple[str, str, str | None]]) -> str:
    """The SVG markup for ``parts`` given as (part, label, href or None); all text is escaped."""
    esc = html.escape
    names = section_words("pages")["part-names"]  # what each position is called
    desc = " ".join(f"{names[part]}: {label.rstrip('.')}." for part, label, _ in parts)
    out = [f'<svg class="pcsp-house__svg" xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="0 0 640 480" aria-labelledby="{esc(diagram_id)}-title" '
           f'aria-describedby="{esc(diagram_id)}-desc">',
           f'<title id="{esc(diagram_id)}-title">{esc(title)}</title>',
           f'<desc id="{esc(diagram_id)}-desc">{esc(desc)}</desc>']
    for part, label, href in parts:
        shape = _SHAPES[part]
        fill, colour = PALETTE[part]
        classes = f"pcsp-house__part pcsp-house__part--{part}"
        out.append(f'<a href="{esc(href)}" class="{classes}">' if href
                   else f'<g class="{classes}">')
        out.append(f'<{shape.tag} class="pcsp-house__shape" {shape.attrs} fill="{fill}" '
                   f'stroke="#4c6272" stroke-width="2"/>')
        lines = wrap_label(label, shape.wrap)
        out.append(f'<text class="pcsp-house__label" fill="{colour}" font-size="{_FONT_SIZE}" '
                   'text-anchor="middle" dominant-baseline="central">')
        for i, line in enumerate(lines):
            y = shape.centre_y + (i - (len(lines) - 1) / 2) * _LINE_HEIGHT
            out.append(f'<tspan x="{shape.centre_x}" y="{y:g}">{esc(line)}</tspan>')
        out.append("</text>")
        out.append("</a>" if href else "</g>")
    out.append("</svg>")
    return "\n".join(out)


def _part_hrefs(node: house_diagram) -> dict[str, str]:
    """The resolved link of each part, read from the text alternative."""
    hrefs = {}
    for item in node.findall(nodes.list_item):
        part = item.get("pcsp_part")
        ref = next(iter(item.findall(nodes.reference)), None)
        if part and ref is not None:
            href = ref.get("refuri") or (f"#{ref['refid']}" if ref.get("refid") else "")
            if href:
                hrefs[part] = href
    return hrefs


def visit_house_diagram_html(self: HTML5Translator, node: house_diagram) -> None:
    """Open a figure holding the SVG; the text alternative becomes its caption."""
    hrefs = _part_hrefs(node)
    labels = node["labels"]
    parts = [(part, labels[part], hrefs.get(part)) for part in DIAGRAM_POSITIONS if part in labels]
    self.body.append('<figure class="pcsp-house">\n')
    self.body.append(render_svg(node["diagram_id"], node["title"], parts))
    self.body.append('\n<figcaption class="pcsp-house__parts">\n')


def depart_house_diagram_html(self: HTML5Translator, node: house_diagram) -> None:
    """Close the caption and the figure."""
    self.body.append("</figcaption>\n</figure>\n")


def _show_children_only(self: nodes.NodeVisitor, node: house_diagram) -> None:
    """Other builders show only the text alternative (the node's children)."""


def setup_house_diagram(app: Sphinx) -> None:
    """Register the diagram node for every builder shipped with Sphinx."""
    plain = (_show_children_only, _show_children_only)
    app.add_node(house_diagram, html=(visit_house_diagram_html, depart_house_diagram_html),
                 latex=plain, text=plain, man=plain, texinfo=plain)
