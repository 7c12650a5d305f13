"""The House of Care diagram: a generic node whose children are the text alternative.

Every builder shows the children: an ordered list of the parts, each linked to where it is
explained. The HTML builder also draws the house as inline SVG before that list, one
keyboard-focusable link per part, taking each link's target from the (already resolved) list so
the two agree. It draws it twice, wide and narrow (for phones, so the labels stay at least 14 px
tall); ``pcsp.css`` shows one of them.

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
    centre_x: float
    centre_y: float
    wrap: int


_SHAPES = {
    "roof": _Shape("polygon", 'points="170,10 470,10 630,150 10,150"', 320, 86, 30),
    "left-wall": _Shape("rect", 'x="10" y="162" width="170" height="216"', 95, 270, 14),
    "centre": _Shape("rect", 'x="192" y="162" width="256" height="216"', 320, 270, 21),
    "right-wall": _Shape("rect", 'x="460" y="162" width="170" height="216"', 545, 270, 14),
    "foundation": _Shape("rect", 'x="10" y="390" width="620" height="80"', 320, 430, 56),
}
"""The wide house (viewBox 640 x 480), shown where the page is wider than 40em."""
DIAGRAM_POSITIONS = tuple(_SHAPES)
"""What the diagram draws, top to bottom and left to right (also the tab order): the House of
Care parts of ``schema/house.schema.json`` and the centre."""
assert set(DIAGRAM_POSITIONS) == {*house_parts(), "centre"}, "a House of Care part has no shape"
_FONT_SIZE = 17
_LINE_HEIGHT = 21

NARROW_WIDTH = 320
"""The narrow house (for phones) is drawn 320 units wide and at most 24rem (384 px) on the
page, so a unit is about a CSS pixel on a 360 px wide phone; it is as tall as its labels need."""
_NARROW_FONT_SIZE = 15
_NARROW_LINE_HEIGHT = 19
_NARROW_CHAR = 9
"""A generous width of one character at the narrow font size (0.6em), for wrapping."""
_EDGE, _GAP, _PAD, _PILLAR = 4, 8, 10, 16


def _narrow_shapes(labels: dict[str, str]) -> tuple[dict[str, _Shape], int]:
    """The narrow house for these labels, and its height.

    The roof spans the width; below it the two walls share the width, each with its label at
    the top, and come down the sides as pillars around the centre; the foundation is at the
    bottom. Every label has at least half the width, so the text can be large.
    """
    w, line = NARROW_WIDTH, _NARROW_LINE_HEIGHT

    def lines(part: str, width: float) -> int:
        return len(wrap_label(labels.get(part, ""), _wrap(width)))

    # Roof: a trapezoid whose top edge is 120 wide; the label sits at its bottom, where the
    # roof is wide enough for lines of ``roof_text`` units.
    top, roof_text = 120, 200
    n = lines("roof", roof_text)
    needed = (roof_text + 2 * _PAD - top) / (w - 2 * _EDGE - top)  # how far down the label starts
    height = max(70, -(-(_PAD + n * line) // (1 - needed)))
    roof_bottom = _EDGE + height
    shapes = {"roof": _Shape(
        "polygon", f'points="{(w - top) / 2:g},{_EDGE} {(w + top) / 2:g},{_EDGE} '
        f'{w - _EDGE},{roof_bottom:g} {_EDGE},{roof_bottom:g}"',
        w / 2, roof_bottom - _PAD - n * line / 2, _wrap(roof_text))}
    # Walls: two halves with their labels in a band at the top, then pillars down the sides.
    wall = (w - 2 * _EDGE - _GAP) / 2
    y0 = roof_bottom + _GAP
    band = 2 * _PAD + line * max(lines("left-wall", wall - 2 * _PAD),
                                 lines("right-wall", wall - 2 * _PAD))
    inner = w - 2 * (_EDGE + _PILLAR + _GAP)
    centre_top = y0 + band + _GAP
    y1 = centre_top + 2 * _PAD + 4 + line * lines("centre", inner - 2 * _PAD)
    lx0, lx1, rx0, rx1 = _EDGE, _EDGE + wall, w - _EDGE - wall, w - _EDGE
    shapes["left-wall"] = _Shape(
        "polygon", f'points="{lx0:g},{y0:g} {lx1:g},{y0:g} {lx1:g},{y0 + band:g} '
        f'{lx0 + _PILLAR:g},{y0 + band:g} {lx0 + _PILLAR:g},{y1:g} {lx0:g},{y1:g}"',
        (lx0 + lx1) / 2, y0 + band / 2, _wrap(wall - 2 * _PAD))
    shapes["centre"] = _Shape(
        "rect", f'x="{_EDGE + _PILLAR + _GAP:g}" y="{centre_top:g}" width="{inner:g}" '
        f'height="{y1 - centre_top:g}"', w / 2, (centre_top + y1) / 2, _wrap(inner - 2 * _PAD))
    shapes["right-wall"] = _Shape(
        "polygon", f'points="{rx0:g},{y0:g} {rx1:g},{y0:g} {rx1:g},{y1:g} '
        f'{rx1 - _PILLAR:g},{y1:g} {rx1 - _PILLAR:g},{y0 + band:g} {rx0:g},{y0 + band:g}"',
        (rx0 + rx1) / 2, y0 + band / 2, _wrap(wall - 2 * _PAD))
    # Foundation: the full width.
    base = w - 2 * _EDGE
    f0 = y1 + _GAP
    f1 = f0 + 2 * _PAD + 4 + line * lines("foundation", base - 2 * _PAD)
    shapes["foundation"] = _Shape(
        "rect", f'x="{_EDGE}" y="{f0:g}" width="{base:g}" height="{f1 - f0:g}"',
        w / 2, (f0 + f1) / 2, _wrap(base - 2 * _PAD))
    return shapes, int(f1 + _EDGE)


def _wrap(width: float) -> int:
    """How many characters of the narrow font fit in ``width`` units."""
    return max(8, int(width // _NARROW_CHAR))


class house_diagram(nodes.General, nodes.Element):  # noqa: N801 (docutils node naming)
    """The House of Care diagram; its children are the text alternative."""


def wrap_label(text: str, width: int) -> list[str]:
    """Split a label into lines of about ``width`` characters (long words are kept whole)."""
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def render_svg(diagram_id: str, title: str, parts: list[tuple[str, str, str | None]],
               narrow: bool = False) -> str:
    """The SVG markup for ``parts`` given as (part, label, href or None); all text is escaped.

    ``narrow``: the house for phones (see :func:`_narrow_shapes`), else the wide house.
    """
    esc = html.escape
    names = section_words("pages")["part-names"]  # what each position is called
    desc = " ".join(f"{names[part]}: {label.rstrip('.')}." for part, label, _ in parts)
    if narrow:
        shapes, height = _narrow_shapes({part: label for part, label, _ in parts})
        box, font, line_height = f"0 0 {NARROW_WIDTH} {height}", _NARROW_FONT_SIZE, \
            _NARROW_LINE_HEIGHT
        diagram_id, variant = f"{diagram_id}-narrow", "narrow"
    else:
        shapes, box, font, line_height = _SHAPES, "0 0 640 480", _FONT_SIZE, _LINE_HEIGHT
        variant = "wide"
    out = [f'<svg class="pcsp-house__svg pcsp-house__svg--{variant}" '
           f'xmlns="http://www.w3.org/2000/svg" '
           f'viewBox="{box}" aria-labelledby="{esc(diagram_id)}-title" '
           f'aria-describedby="{esc(diagram_id)}-desc">',
           f'<title class="nohighlight" id="{esc(diagram_id)}-title">{esc(title)}</title>',
           f'<desc class="nohighlight" id="{esc(diagram_id)}-desc">{esc(desc)}</desc>']
    for part, label, href in parts:
        shape = shapes[part]
        fill, colour = PALETTE[part]
        classes = f"pcsp-house__part pcsp-house__part--{part}"
        out.append(f'<a href="{esc(href)}" class="{classes}">' if href
                   else f'<g class="{classes}">')
        out.append(f'<{shape.tag} class="pcsp-house__shape" {shape.attrs} fill="{fill}" '
                   f'stroke="#4c6272" stroke-width="2"/>')
        lines = wrap_label(label, shape.wrap)
        out.append(f'<text class="pcsp-house__label" fill="{colour}" font-size="{font}" '
                   'text-anchor="middle" dominant-baseline="central">')
        for i, line in enumerate(lines):
            y = shape.centre_y + (i - (len(lines) - 1) / 2) * line_height
            out.append(f'<tspan x="{shape.centre_x:g}" y="{y:g}">{esc(line)}</tspan>')
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
    # Two drawings of the same house: the stylesheet shows the wide one on wide pages and the
    # narrow one on phones (and hides the other from everyone, so each link is there once).
    self.body.append(render_svg(node["diagram_id"], node["title"], parts))
    self.body.append("\n")
    self.body.append(render_svg(node["diagram_id"], node["title"], parts, narrow=True))
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
