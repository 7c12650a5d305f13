"""Right-to-left text in a Typst PDF put into reading order, for readers that follow the order
text is drawn or tagged in (issue 13).

Typst 0.15 (through krilla) lays a right-to-left line out as runs: text in one direction.
Each run is drawn as pieces (a word, the space after it: each its own marked content with an
MCID), and the pieces of a right-to-left run are drawn left to right, that is last word first.
Inside a piece the glyphs are marked ``/ReversedChars`` as the PDF standard asks, so readers
that sort text by where it is on the page (Acrobat, Chrome's PDFium, poppler) copy it in
reading order; but readers that take the pieces in the order they are drawn or tagged (pypdf,
pdf.js's text layer, screen readers that read the tags) get every run's words backwards.

:func:`reading_order` draws the pieces of each right-to-left run in reading order, right to
left, and lists them in that order in their structure elements. What is drawn, where, and
every tag, MCID and the parent tree stay as they are, so the page looks exactly the same and
the PDF/UA tagging stays valid. Same input, same output.

Only pieces tagged in a right-to-left language (the document's ``/Lang`` or an element's) are
moved; English, Welsh and the like are left alone.
"""

from __future__ import annotations

import io
import re
import unicodedata
from typing import Any

RTL_LANGUAGES = frozenset({"ar", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"})
"""Languages written right to left (primary subtags)."""

_NOT_PLACED = 10**9


def _is_rtl(lang: str) -> bool:
    return lang.split("-")[0].lower() in RTL_LANGUAGES


def _to_unicode(font: Any) -> dict[int, str]:
    """A Type0 font's glyph codes (two bytes) and the text each stands for."""
    cmap = font.get_object().get("/ToUnicode")
    if cmap is None:
        return {}
    data = cmap.get_object().get_data().decode("latin-1")
    found: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            found[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, text in re.findall(
                r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            first = bytes.fromhex(text).decode("utf-16-be", "replace")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                found[code] = first[:-1] + chr(ord(first[-1]) + offset)
    return found


def _direction(text: str) -> str:
    """R: has right-to-left letters; L: has left-to-right ones; N: neither (spaces,
    punctuation); D: digits, which bidi treats as a run of their own."""
    kinds = {unicodedata.bidirectional(ch) for ch in text}
    if kinds & {"R", "AL"}:
        return "R"
    if "L" in kinds:
        return "L"
    return "D" if kinds & {"EN", "AN"} else "N"


_MARKS = re.compile(rb"""
    \((?:\\.|[^\\)])*\)                           # a string (krilla escapes the parentheses in it)
  | /[^\s/\[\]()<>{}%]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC   # start of a piece
  | (?<![^\s\])>])(?:BDC|BMC|EMC)(?![^\s/\[(<])         # other marked-content operators
""", re.X | re.S)
_CM = re.compile(rb"(-?[\d.]+)\s+(-?[\d.]+)\s+cm\b")
_SHOWN = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[-\d.]+\s+Tf\b|\((?:\\.|[^\\)])*\)", re.S)
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _string(token: bytes) -> bytes:
    """The bytes of a literal string token, its escapes undone."""
    def unescape(m: re.Match[bytes]) -> bytes:
        code = m.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return _ESCAPES.get(code, code)
    return re.sub(rb"\\([0-7]{1,3}|.)", unescape, token[1:-1], flags=re.S)


class _Piece:
    """One marked-content sequence with an MCID: its bytes, where it starts, its direction."""

    def __init__(self, data: bytes, mcid: int, fonts: dict[str, dict[int, str]]):
        self.data, self.mcid = data, mcid
        self.run: int | None = None  # the right-to-left run it was moved with
        place = _CM.search(data)
        self.x, self.y = (float(place.group(1)), float(place.group(2))) if place else (None, None)
        font: dict[int, str] = {}
        text: list[str] = []
        for m in _SHOWN.finditer(data):
            if m.group(1) is not None:
                font = fonts.get("/" + m.group(1).decode("latin-1"), {})
            else:
                raw = _string(m.group())
                text += [font.get(raw[k] << 8 | raw[k + 1], "") for k in range(0, len(raw) - 1, 2)]
        self.direction = _direction("".join(text))


def _pieces(data: bytes, fonts: dict[str, dict[int, str]]) -> list[Any]:
    """The page's content in order: the bytes between pieces, and each marked-content
    sequence with an MCID (``/Tag <</MCID n>> BDC`` up to its ``EMC``) that is not inside
    another marked-content sequence, as a piece."""
    items: list[Any] = []
    done = depth = mcid = 0
    begin: int | None = None
    for m in _MARKS.finditer(data):
        token = m.group()
        if token.startswith(b"("):
            continue
        if token.endswith(b"EMC"):
            depth -= 1
            if depth < 0:
                raise ValueError("unbalanced marked content")
            if depth == 0 and begin is not None:
                items += [data[done:begin], _Piece(data[begin:m.end()], mcid, fonts)]
                done, begin = m.end(), None
            continue
        if depth == 0 and m.group(1) is not None:
            begin, mcid = m.start(), int(m.group(1))
        depth += 1
    if depth:
        raise ValueError("unbalanced marked content")
    items.append(data[done:])
    return items


def _reorder(items: list[Any], rtl: set[int]) -> list[Any]:
    """Each run of right-to-left pieces drawn left to right on one line, reversed."""
    def movable(item: Any) -> bool:
        return (isinstance(item, _Piece) and item.mcid in rtl and item.direction in "RN"
                and item.x is not None)

    out: list[Any] = []
    i = runs = 0
    while i < len(items):
        if not movable(items[i]):
            out.append(items[i])
            i += 1
            continue
        run = [items[i]]
        i += 1
        while i + 1 < len(items) and not items[i].strip() and movable(items[i + 1]) \
                and abs(items[i + 1].y - run[-1].y) < 4 and items[i + 1].x >= run[-1].x - 0.01:
            run += [items[i], items[i + 1]]  # the (blank) bytes between, then the piece
            i += 2
        if len(run) > 1:
            runs += 1
            for piece in run[::2]:
                piece.run = runs
        out += reversed(run)
    return out


def _structure(root: Any) -> tuple[dict[tuple[int, int], bool], list[tuple[Any, Any]]]:
    """Whether each (page, MCID) is tagged in a right-to-left language; every structure
    element with the page it is on."""
    from pypdf.generic import ArrayObject, DictionaryObject

    rtl: dict[tuple[int, int], bool] = {}
    elements: list[tuple[Any, Any]] = []
    todo = [(root["/StructTreeRoot"], str(root.get("/Lang", "")), None)]
    while todo:
        node, lang, page = todo.pop()
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            todo += [(kid, lang, page) for kid in node]
        elif isinstance(node, int):
            if page is not None:
                rtl[(page.idnum, int(node))] = _is_rtl(lang)
        elif isinstance(node, DictionaryObject):
            if node.get("/Type") == "/OBJR":
                continue
            page = node.get("/Pg", page)
            if "/MCID" in node and "/S" not in node:  # a marked-content reference
                if page is not None:
                    rtl[(page.idnum, int(node["/MCID"]))] = _is_rtl(lang)
                continue
            lang = str(node.get("/Lang", lang))
            elements.append((node, page))
            if "/K" in node:
                todo.append((node["/K"], lang, page))
    return rtl, elements


def reading_order(pdf: bytes) -> bytes:
    """The PDF with each right-to-left run drawn and tagged in reading order (unchanged if it
    has none)."""
    import pypdf
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return pdf
    rtl, _ = _structure(root)
    if not any(rtl.values()):
        return pdf
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.pdf_header = reader.pdf_header
    root = writer.root_object
    rtl, elements = _structure(root)
    position: dict[tuple[int, int], tuple[int, int, int]] = {}
    for number, page in enumerate(writer.pages):
        page_id = page.indirect_reference.idnum
        moving = {mcid for (pid, mcid), is_rtl in rtl.items() if pid == page_id and is_rtl}
        if not moving:
            continue
        fonts = {str(name): _to_unicode(font)
                 for name, font in page["/Resources"].get("/Font", {}).items()}
        stream = page["/Contents"].get_object()
        if not isinstance(stream, StreamObject):
            continue  # several content streams: Typst writes one
        try:
            items = _reorder(_pieces(stream.get_data(), fonts), moving)
        except ValueError:
            continue
        placed = 0
        for item in items:
            if isinstance(item, _Piece):
                if item.run is not None:
                    position[(page_id, item.mcid)] = (item.run, number, placed)
                placed += 1
        stream.set_data(b"".join(i.data if isinstance(i, _Piece) else i for i in items))

    def places(node: Any, page: Any) -> list[tuple[int, int, int] | None]:
        """Where each piece under a structure node now is (None: not moved)."""
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, int):
            return [position.get((page.idnum, int(node))) if page is not None else None]
        if isinstance(node, ArrayObject):
            return [place for kid in node for place in places(kid, page)]
        if isinstance(node, DictionaryObject):
            page = node.get("/Pg", page)
            if "/MCID" in node and "/S" not in node:
                return [position.get((page.idnum, int(node["/MCID"])))]
            if "/K" in node:
                return places(node["/K"], page)
        return [None]

    # In each element, kids from one moved run (pieces, or elements made only of its pieces)
    # that follow each other are put in the run's new order; nothing else moves.
    for element, page in elements:
        kids = element.get("/K")
        if kids is None or not isinstance(kids.get_object(), ArrayObject):
            continue
        kids = kids.get_object()
        keys = []
        for kid in kids:
            found = places(kid, page)
            runs = {place[0] if place else None for place in found}
            keys.append(min(found) if len(runs) == 1 and None not in runs else None)
        order = list(range(len(kids)))
        start = 0
        while start < len(kids):
            end = start + 1
            if keys[start] is not None:
                while end < len(kids) and keys[end] is not None \
                        and keys[end][0] == keys[start][0]:
                    end += 1
                order[start:end] = sorted(order[start:end], key=lambda k: keys[k])
            start = end
        if order != list(range(len(kids))):
            element[NameObject("/K")] = ArrayObject([kids[k] for k in order])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
