"""A practice's logo, checked before it goes anywhere: PNG or SVG, small in bytes and pixels.

A logo is a file someone sent the practice: it is data, never markup or script. It is
published in the pack next to ``index.html`` (and so on the guide's own site with
``pcsp build --practices``) and drawn into the PDFs by Typst, so:

* a PNG must be a whole, undamaged PNG of at most :data:`MAX_LOGO_SIDE` pixels each way (the
  size is read from its header before anything is unpacked, so a "decompression bomb" of a
  few kilobytes that unpacks to 30,000 by 30,000 pixels is refused at once);
* an SVG is never published as it came. It is parsed with the standard library's XML parser
  (no DOCTYPE declarations, so no entities and no entity bombs) and written out again with
  only a known-safe set of drawing elements and attributes: no script, no event handlers,
  no ``foreignObject``, no links or references to anything outside the drawing (only
  ``#id`` references inside it), no CSS ``url()`` but ``url(#id)``. Its drawn size is
  limited like a PNG's, and so is the work of drawing it (``<use>`` copies of copies).
  Finally Typst draws it once, so a logo that cannot be drawn is reported where the
  practice file names it, not as a failure of a template.
"""

from __future__ import annotations

import math
import re
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from ..content.load import FileProblem, read_capped

MAX_LOGO_BYTES = 1_000_000
MAX_LOGO_SIDE = 4000
"""Pixels each way: far more than a logo printed on an A3 poster needs."""

MAX_SVG_DEPTH = 100
"""How deeply an SVG's elements may nest."""

MAX_SVG_DRAWN = 200_000
"""How many elements drawing an SVG may take, counting every ``<use>`` copy and reference."""

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class LogoProblem(Exception):
    """Why a logo cannot be used: a message naming the logo, and how to fix it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint


@dataclass(frozen=True)
class Logo:
    """A checked logo: PNG bytes as they came, or an SVG as rewritten by :func:`clean_svg`."""

    format: str
    """``png`` or ``svg``."""
    data: bytes
    width: float
    height: float
    """Its size in pixels (CSS pixels for an SVG)."""

    @property
    def filename(self) -> str:
        """Its name in a pack: ``logo.png`` or ``logo.svg``."""
        return f"logo.{self.format}"


def read_logo(path: Path, shown: str) -> Logo:
    """Read and check the logo at ``path`` (named ``shown`` in messages); raise
    :class:`LogoProblem` saying what is wrong with it."""
    try:
        raw = read_capped(path, MAX_LOGO_BYTES, fix="save a smaller copy of the logo")
    except FileProblem as exc:
        message = exc.message
        if message == "file not found":
            raise LogoProblem(f"logo file '{shown}' not found", f"looked for {path}") from None
        message = message.removeprefix("this ").removeprefix("the file ").removeprefix("file ")
        raise LogoProblem(f"logo '{shown}' {message}", exc.hint) from None
    if path.suffix.lower() == ".png":
        width, height = png_size(raw, shown)
        return Logo("png", raw, width, height)
    data, width, height = clean_svg(raw, shown)
    _typst_draws(data, shown)
    return Logo("svg", data, width, height)


def _too_big(shown: str, width: float, height: float, unit: str) -> LogoProblem:
    return LogoProblem(
        f"logo '{shown}' is {width:,.0f} by {height:,.0f} {unit}; the limit is "
        f"{MAX_LOGO_SIDE:,} by {MAX_LOGO_SIDE:,}",
        f"save a smaller copy of the logo, at most {MAX_LOGO_SIDE:,} pixels wide and high")


# --- PNG ------------------------------------------------------------------------------------

_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}
_ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2),
          (0, 1, 1, 2))


def png_size(data: bytes, shown: str) -> tuple[int, int]:
    """The width and height of a whole, undamaged PNG of at most :data:`MAX_LOGO_SIDE` pixels
    each way; raise :class:`LogoProblem` otherwise.

    The size comes from the header, before anything is unpacked; then the chunks' checksums
    are checked and the image data is unpacked a piece at a time (never kept) to make sure it
    is all there.
    """
    if not data.startswith(PNG_MAGIC):
        raise LogoProblem(f"logo '{shown}' is not a PNG image", "save the logo as PNG or SVG")

    def damaged(why: str) -> LogoProblem:
        return LogoProblem(f"logo '{shown}' is a damaged PNG image ({why})",
                           "open it in an image editor and save it again as PNG")

    pos, header, palette, needed, produced, ended = len(PNG_MAGIC), None, False, 0, 0, False
    inflate = zlib.decompressobj()
    while pos + 12 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        end = pos + 12 + length
        if end > len(data):
            raise damaged("it is cut short")
        body = data[pos + 8:end - 4]
        if zlib.crc32(kind + body) != int.from_bytes(data[end - 4:end], "big"):
            raise damaged(f"the {kind.decode('latin-1')!r} part fails its checksum")
        pos = end
        if header is None:
            if kind != b"IHDR" or length != 13:
                raise damaged("it does not start with its header")
            header = struct.unpack(">IIBBBBB", body)
            width, height, depth, colour, compression, filtering, interlace = header
            if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
                raise _too_big(shown, width, height, "pixels")
            if (not width or not height or depth not in _DEPTHS.get(colour, ())
                    or compression or filtering or interlace > 1):
                raise damaged("its header is not valid")
            needed = _png_data_size(width, height, _CHANNELS[colour] * depth, bool(interlace))
        elif kind == b"PLTE":
            palette = True
        elif kind == b"IDAT":
            if header[3] == 3 and not palette:
                raise damaged("its colour palette is missing")
            try:  # unpacked a megabyte at a time, and only counted
                produced += len(inflate.decompress(body, 1 << 20))
                while inflate.unconsumed_tail:
                    if produced > needed + (1 << 20):
                        raise damaged("it holds far more image data than its size needs")
                    produced += len(inflate.decompress(inflate.unconsumed_tail, 1 << 20))
            except zlib.error:
                raise damaged("its image data cannot be unpacked") from None
        elif kind == b"IEND":
            ended = True
            break
    if header is None or not ended:
        raise damaged("it is cut short")
    if produced < needed or not inflate.eof:
        raise damaged("some of its image data is missing")
    return header[0], header[1]


def _png_data_size(width: int, height: int, bits: int, interlaced: bool) -> int:
    """Bytes of unpacked PNG image data: each row of each pass, plus its filter byte."""
    if not interlaced:
        return height * (1 + (width * bits + 7) // 8)
    total = 0
    for x0, y0, dx, dy in _ADAM7:
        w, h = (width - x0 + dx - 1) // dx, (height - y0 + dy - 1) // dy
        if w > 0 and h > 0:
            total += h * (1 + (w * bits + 7) // 8)
    return total


# --- SVG ------------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "style", "path", "rect", "circle",
    "ellipse", "line", "polyline", "polygon", "text", "tspan", "linearGradient",
    "radialGradient", "stop", "clipPath", "mask"})
"""The SVG elements a logo may keep: shapes, text, groups, gradients, clips and masks."""

UNWRAPPED = frozenset({"a", "switch"})
"""Elements dropped but whose (allowed) contents are kept: a link's drawing, and the
drawings of a ``switch`` (its ``foreignObject`` is dropped as anywhere else)."""

TEXT_HOLDERS = frozenset({"text", "tspan", "title", "desc", "style"})
REFERRERS = frozenset({"use", "linearGradient", "radialGradient"})
"""Elements whose ``href`` (a ``#id`` in the same drawing) is kept."""

PROPERTIES = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap",
    "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray", "stroke-dashoffset",
    "stroke-opacity", "opacity", "color", "display", "visibility", "clip-path", "clip-rule",
    "mask", "font", "font-family", "font-size", "font-weight", "font-style", "font-variant",
    "font-stretch", "text-anchor", "dominant-baseline", "alignment-baseline", "baseline-shift",
    "letter-spacing", "word-spacing", "text-decoration", "writing-mode", "direction",
    "unicode-bidi", "stop-color", "stop-opacity", "shape-rendering", "text-rendering",
    "color-interpolation", "paint-order", "vector-effect", "mix-blend-mode", "isolation",
    "overflow", "white-space"})
"""Presentation properties, allowed as attributes and in CSS."""

ATTRIBUTES = PROPERTIES | frozenset({
    "id", "class", "style", "transform", "viewBox", "preserveAspectRatio", "version",
    "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "fr", "width",
    "height", "d", "points", "pathLength", "dx", "dy", "rotate", "textLength", "lengthAdjust",
    "offset", "gradientUnits", "gradientTransform", "spreadMethod", "clipPathUnits",
    "maskUnits", "maskContentUnits"})
"""Attributes (in no namespace) a kept element may keep, if their value is safe."""

_URL = re.compile(r"url\s*\(", re.IGNORECASE)
_LOCAL_URL = re.compile(r"""url\(\s*(['"]?)#([A-Za-z_][\w.:-]*)\1\s*\)""", re.IGNORECASE)
_UNSAFE = re.compile(r"""[\\<>{}@]|javascript:|expression\s*\(|data:""", re.IGNORECASE)
_LOCAL_HREF = re.compile(r"#([A-Za-z_][\w.:-]*)")
_SELECTOR = re.compile(r"[\w\s.#,*>+~:-]+")
_LENGTH = re.compile(r"\s*([+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*"
                     r"(px|pt|pc|mm|cm|in|em|ex|%)?\s*")
_PIXELS = {None: 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54,
           "in": 96.0, "em": 16.0, "ex": 8.0}


class _Element:
    __slots__ = ("attributes", "children", "name")

    def __init__(self, name: str, attributes: list[tuple[str, str]]):
        self.name, self.attributes = name, attributes
        self.children: list[_Element | str] = []


class _Refused(Exception):
    pass


def clean_svg(data: bytes, shown: str) -> tuple[bytes, float, float]:
    """The SVG rewritten with only known-safe elements and attributes, and its drawn size in
    pixels; raise :class:`LogoProblem` if it cannot be read, holds a DOCTYPE with
    declarations, is too big or too much work to draw."""
    root = _parse(data, shown)
    ns, _, local = root.name.rpartition(" ")
    if local != "svg" or ns not in ("", SVG_NS):
        raise LogoProblem(f"logo '{shown}' is not an SVG image", "save the logo as PNG or SVG")
    [clean] = _clean(root, "svg")
    assert isinstance(clean, _Element)
    width, height = _drawn_size(clean, shown)
    _check_work(clean, shown)
    xlink = any(name == "xlink:href" for name, _ in _all_attributes(clean))
    namespaces = [("xmlns", SVG_NS)] + ([("xmlns:xlink", XLINK_NS)] if xlink else [])
    clean.attributes = namespaces + clean.attributes
    out: list[str] = []
    _write(clean, out)
    return "".join(out).encode("utf-8"), width, height


def _parse(data: bytes, shown: str) -> _Element:
    """The XML tree of an SVG, refusing DOCTYPE declarations (and so every entity)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.ordered_attributes = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[_Element] = []
    roots: list[_Element] = []

    def refuse_declarations(*args: object) -> None:
        raise _Refused

    def doctype(name: str, system: str | None, public: str | None, internal: bool) -> None:
        if internal:  # a DOCTYPE with nothing inside its [ ] is harmless, and common
            raise _Refused

    def start(name: str, attributes: list[str]) -> None:
        if len(stack) >= MAX_SVG_DEPTH:
            raise LogoProblem(f"logo '{shown}' nests its parts more than {MAX_SVG_DEPTH} deep",
                              "save it again from a drawing program, or save it as PNG")
        element = _Element(name, list(zip(attributes[::2], attributes[1::2], strict=True)))
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(name: str) -> None:
        stack.pop()

    def text(value: str) -> None:
        if stack:
            children = stack[-1].children
            if children and isinstance(children[-1], str):
                children[-1] += value
            else:
                children.append(value)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = refuse_declarations
    parser.ExternalEntityRefHandler = refuse_declarations
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused:
        raise LogoProblem(
            f"logo '{shown}' declares XML entities or other DOCTYPE content, which a logo "
            "may not have", "save it again from a drawing program as a plain SVG, or as PNG"
        ) from None
    except expat.ExpatError as exc:
        raise LogoProblem(
            f"logo '{shown}' is not a readable SVG file ({expat.ErrorString(exc.code)} at "
            f"line {exc.lineno}, column {exc.offset + 1} of the logo)",
            "open it in a drawing program and save it again as SVG, or save it as PNG"
        ) from None
    if not roots:
        raise LogoProblem(f"logo '{shown}' is not an SVG image", "save the logo as PNG or SVG")
    return roots[0]


def _clean(element: _Element, parent: str) -> list[_Element | str]:
    """The element as it may be kept: itself with safe attributes and contents, its contents
    alone (a link, a switch) or nothing."""
    ns, _, local = element.name.rpartition(" ")
    if ns not in ("", SVG_NS):
        return []
    if local in UNWRAPPED:
        return _clean_children(element.children, parent)
    if local not in ELEMENTS:
        return []
    kept = _Element(local, _clean_attributes(local, element.attributes))
    if local == "style":
        sheet = _clean_stylesheet("".join(c for c in element.children if isinstance(c, str)))
        kept.children = [sheet] if sheet else []
    else:
        kept.children = _clean_children(element.children, local)
    return [kept]


def _clean_children(children: list[_Element | str], parent: str) -> list[_Element | str]:
    kept: list[_Element | str] = []
    for child in children:
        if isinstance(child, str):
            if parent in TEXT_HOLDERS or not child.strip():
                kept.append(child)
        else:
            kept.extend(_clean(child, parent))
    return kept


def _clean_attributes(element: str, attributes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    kept = []
    for name, value in attributes:
        ns, _, local = name.rpartition(" ")
        if local == "href" and ns in ("", XLINK_NS):
            if element in REFERRERS and _LOCAL_HREF.fullmatch(value.strip()):
                kept.append(("xlink:href" if ns else "href", value.strip()))
        elif ns == XML_NS and local == "space" and value in ("default", "preserve"):
            kept.append(("xml:space", value))
        elif ns or local not in ATTRIBUTES:
            continue
        elif local == "style":
            style = _clean_declarations(value, references=True)
            if style:
                kept.append((local, style))
        elif _safe_value(value):
            kept.append((local, value))
    return kept


def _safe_value(value: str) -> bool:
    """Whether a value refers to nothing outside the drawing and cannot escape its place."""
    rest = _LOCAL_URL.sub("", value)
    return not _URL.search(rest) and not _UNSAFE.search(rest) \
        and rest.count('"') % 2 == 0 and rest.count("'") % 2 == 0


def _clean_declarations(text: str, *, references: bool) -> str:
    """CSS declarations with only allowed properties and safe values; without
    ``references``, ``url(#id)`` is kept only for fill and stroke (paint, cheap to draw)."""
    kept = []
    for declaration in text.split(";"):
        prop, colon, value = declaration.partition(":")
        prop, value = prop.strip().lower(), value.strip()
        if (colon and value and prop in PROPERTIES and _safe_value(value)
                and (references or prop in ("fill", "stroke") or not _URL.search(value))):
            kept.append(f"{prop}:{value}")
    return ";".join(kept)


def _clean_stylesheet(css: str) -> str:
    """A ``<style>`` sheet with only plain rules (no @-rules) of allowed declarations."""
    css = re.sub(r"/\*.*?(\*/|$)", "", css, flags=re.DOTALL)
    rules, depth, start, prelude = [], 0, 0, ""
    for at, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[start:at], at + 1
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                body, start = css[start:at], at + 1
                selectors = prelude.split(";")[-1].strip()  # any "@import ...;" dropped
                if (selectors and _SELECTOR.fullmatch(selectors) and "{" not in body
                        and (kept := _clean_declarations(body, references=False))):
                    rules.append(f"{selectors}{{{kept}}}")
    return "".join(rules)


def _length(value: str | None) -> float | None:
    """A length in pixels, or None if it is missing, a percentage or not a length."""
    match = _LENGTH.fullmatch(value or "")
    if not match or match.group(2) == "%":
        return None
    return float(match.group(1)) * _PIXELS[match.group(2)]


def _drawn_size(root: _Element, shown: str) -> tuple[float, float]:
    """The SVG's own size in pixels (width and height, else its viewBox's), within limits."""
    attributes = dict(root.attributes)
    box = None
    if "viewBox" in attributes:
        parts = re.split(r"[\s,]+", attributes["viewBox"].strip())
        try:
            box = [float(p) for p in parts]
        except ValueError:
            box = None
        if box is None or len(box) != 4 or not all(map(math.isfinite, box)) \
                or box[2] <= 0 or box[3] <= 0:
            raise LogoProblem(f"logo '{shown}' has a viewBox that is not four numbers with a "
                              "width and height above 0",
                              "set the drawing's size in a drawing program and save it again")
    sizes = [_length(attributes.get("width")), _length(attributes.get("height"))]
    for index, size in enumerate(sizes):
        if size is None:
            sizes[index] = box[2 + index] if box else 100.0
    width, height = sizes
    assert width is not None and height is not None
    if not (math.isfinite(width) and math.isfinite(height)) or width <= 0 or height <= 0:
        raise LogoProblem(f"logo '{shown}' has a width or height of 0 or less",
                          "set the drawing's size in a drawing program and save it again")
    if width > MAX_LOGO_SIDE or height > MAX_LOGO_SIDE:
        raise _too_big(shown, width, height, "pixels")
    return width, height


def _all_attributes(element: _Element):  # noqa: ANN202 (a generator of pairs)
    yield from element.attributes
    for child in element.children:
        if isinstance(child, _Element):
            yield from _all_attributes(child)


def _references(element: _Element) -> list[str]:
    """The ids an element refers to: its href and every url(#id) in its attributes."""
    found = []
    for name, value in element.attributes:
        if name.endswith("href"):
            found.append(value[1:])
        else:
            found += [m.group(2) for m in _LOCAL_URL.finditer(value)]
    return found


def _check_work(root: _Element, shown: str) -> None:
    """Refuse a drawing whose references loop, or whose copies of copies (``<use>``, clips,
    masks) add up to more than :data:`MAX_SVG_DRAWN` elements to draw."""
    ids: dict[str, _Element] = {}
    for element in _elements(root):
        for name, value in element.attributes:
            if name == "id":
                ids.setdefault(value, element)
    done: dict[int, int] = {}
    busy: set[int] = set()

    def too_much() -> LogoProblem:
        return LogoProblem(f"logo '{shown}' is too much work to draw (more than "
                           f"{MAX_SVG_DRAWN:,} shapes, counting every copy)",
                           "simplify it in a drawing program, or save it as PNG")

    def drawn(element: _Element, depth: int) -> int:
        key = id(element)
        if key in done:
            return done[key]
        if key in busy:
            raise LogoProblem(f"logo '{shown}' has a part that refers to itself",
                              "save it again from a drawing program, or save it as PNG")
        if depth > 2 * MAX_SVG_DEPTH:
            raise too_much()
        busy.add(key)
        total = 1
        for child in element.children:
            if isinstance(child, _Element):
                total += drawn(child, depth + 1)
        for target in _references(element):
            if target in ids:
                total += drawn(ids[target], depth + 1)
        busy.discard(key)
        if total > MAX_SVG_DRAWN:
            raise too_much()
        done[key] = total
        return total

    drawn(root, 0)


def _elements(root: _Element) -> list[_Element]:
    found, todo = [], [root]
    while todo:
        element = todo.pop()
        found.append(element)
        todo += [c for c in element.children if isinstance(c, _Element)]
    return found


def _escape(text: str, quote: bool) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;") \
            .replace("\t", "&#9;")
    return text


def _write(element: _Element, out: list[str]) -> None:
    out.append("<" + element.name)
    for name, value in element.attributes:
        out.append(f' {name}="{_escape(value, True)}"')
    if not element.children:
        out.append("/>")
        return
    out.append(">")
    for child in element.children:
        if isinstance(child, str):
            out.append(_escape(child, False))
        else:
            _write(child, out)
    out.append(f"</{element.name}>")


# --- drawing it once -------------------------------------------------------------------------

_PROBE = b"""#set page(width: 30mm, height: 30mm, margin: 0pt)
#image(bytes(sys.inputs.logo), format: "svg", height: 20mm)
"""


def _typst_draws(svg: bytes, shown: str) -> None:
    """Have Typst draw the (cleaned) SVG once, as the pack's templates will."""
    import typst

    try:
        typst.compile(_PROBE, format="svg", font_paths=[], ignore_system_fonts=True,
                      sys_inputs={"logo": svg.decode("utf-8")})
    except typst.TypstError as exc:
        detail = exc.message if getattr(exc, "message", "") else str(exc)
        raise LogoProblem(f"logo '{shown}' cannot be drawn: {detail}",
                          "open it in a drawing program and save it again as SVG, or save it "
                          "as PNG") from None
