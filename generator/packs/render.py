"""Compile the Typst print templates into PDF or PNG, with data passed only as JSON.

One :class:`typst.Compiler` is made per process and reused. Templates read their data with
``json("/data.json")``: practice details never become part of Typst source, so they print as
plain text whatever characters they hold. Only the bundled fonts are used, so the output does
not depend on the fonts installed on the machine.

Why a JSON file rather than ``sys_inputs``: Typst keeps the layout of whatever did not change
since the last compile, but any change to ``sys_inputs`` throws all of that away. With the data
in a file, the wording and checklists that every practice shares are laid out once per process,
which makes a pack's PDFs about twice as fast (see docs/decisions.md). The file lives in the
compiler's own temporary folder, next to a copy of the templates.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import typst

from .rtl import reading_order

PDF_STANDARD = "ua-1"
"""PDF/UA-1: tagged, titled, language set, every image with alt text."""

TV_PPI = 144.0
"""A 960x540pt (16:9) page at 144 pixels per inch is exactly 1920x1080 pixels."""


DATA_FILE = "data.json"
"""The file, at the top of the compiler's folder, that holds the data of the current compile."""


class RenderError(Exception):
    """A template could not be compiled; the message says which and why."""


FONTS_DIR = "fonts"
"""The templates' own fonts, in ``_templates/fonts/`` (see its README.md): Noto Naskh Arabic,
the Naskh the Urdu and other Arabic-script editions are set in."""


def font_dirs(templates_dir: Path | None = None) -> list[str]:
    """Folders of the bundled fonts: Noto Sans (Latin, including Welsh), the templates' own
    fonts (Noto Naskh Arabic), and Noto Sans Arabic, kept for templates that do not have them.

    Which font sets which text is chosen in ``_templates/common/pack.typ`` (``fonts``).
    """
    import fontpkg_noto_sans
    import fontpkg_noto_sans_arabic

    own = [] if templates_dir is None else [Path(templates_dir) / FONTS_DIR]
    return [str(fontpkg_noto_sans.ROOT / "files"), *(str(d) for d in own if d.is_dir()),
            str(fontpkg_noto_sans_arabic.ROOT / "files")]


class Renderer:
    """Compiles templates from one templates folder with one reused Typst compiler."""

    def __init__(self, templates_dir: Path, epoch: int):
        self.templates_dir = Path(templates_dir).resolve()
        self.epoch = epoch
        """The date written into PDFs (seconds since 1970, from the project's clock)."""
        self._folder = tempfile.TemporaryDirectory(prefix="pcsp-typst-")
        self._root = Path(self._folder.name).resolve()
        shutil.copytree(self.templates_dir, self._root / "templates")
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                            font_paths=font_dirs(self.templates_dir))
        self._compiler = typst.Compiler(root=str(self._root), font_paths=fonts,
                                        ignore_system_fonts=True)

    def _compile(self, template: str, data: dict[str, Any], fit: str, **options: Any) -> Any:
        path = self._root / "templates" / template
        if not path.is_file():
            raise RenderError(f"template {template} not found in {self.templates_dir}")
        (self._root / DATA_FILE).write_text(json.dumps(data, ensure_ascii=False),
                                            encoding="utf-8")
        try:
            return self._compiler.compile(input=str(path), sys_inputs={"fit": fit},
                                          timestamp=self.epoch, **options)
        except typst.TypstError as exc:
            detail = "; ".join([exc.message, *exc.hints]) if exc.message else str(exc)
            raise RenderError(f"{template}: {detail}") from None

    def pdf(self, template: str, data: dict[str, Any], pages: int | None = None) -> bytes:
        """A tagged PDF/UA-1 document; with ``pages``, one that must fill exactly that many.

        A fixed-length document is first laid out at full size; only if that spills onto
        more pages is it compiled again, measuring to shrink each side to fit (see
        ``fit`` in ``_templates/common/pack.typ``). Right-to-left text is then put in reading
        order for readers that follow the order text is drawn or tagged in (see ``rtl``).
        """
        options = {"format": "pdf", "pdf_standards": PDF_STANDARD}
        if pages is None:
            result = self._compile(template, data, "measure", **options)
        else:
            result = self._compile(template, data, "first", **options)
            if pdf_page_count(result) != pages:
                result = self._compile(template, data, "measure", **options)
        return reading_order(result) if right_to_left(data) else result

    def png(self, template: str, data: dict[str, Any], ppi: float = TV_PPI) -> bytes:
        """A PNG of a one-page template (laid out at full size first, shrunk only if needed)."""
        result = self._compile(template, data, "first", format="png", ppi=ppi)
        if isinstance(result, list):
            result = self._compile(template, data, "measure", format="png", ppi=ppi)
        if isinstance(result, list):
            raise RenderError(f"{template}: expected one page, got {len(result)}")
        return result


def right_to_left(data: dict[str, Any]) -> bool:
    """Whether a document's data is in a right-to-left language, or has a part that is."""
    return any(part.get("language", {}).get("direction") == "rtl"
               for part in (data, *data.get("parts", ())))


_PAGE_COUNT = re.compile(rb"/Type\s*/Pages\s*/Count\s+(\d+)")


def pdf_page_count(pdf: bytes) -> int | None:
    """The page count from a Typst PDF's page tree (written uncompressed near the start)."""
    match = _PAGE_COUNT.search(pdf, 0, 4096)
    return int(match.group(1)) if match else None


_RENDERERS: dict[tuple[Path, int], tuple[tuple[Any, ...], Renderer]] = {}


def folder_stamp(templates_dir: Path) -> tuple[Any, ...]:
    """Name, size and modification time of every file in a folder (and below), to tell when
    one changes."""
    return tuple((p.as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                 for p in sorted(templates_dir.rglob("*")) if p.is_file())


def renderer_for(templates_dir: Path, epoch: int) -> Renderer:
    """The process's renderer for a templates folder and date: made once, and again only if a
    template has changed since (the renderer compiles a copy of them)."""
    key = (Path(templates_dir).resolve(), epoch)
    stamp = folder_stamp(key[0])
    cached = _RENDERERS.get(key)
    if cached is None or cached[0] != stamp:
        _RENDERERS[key] = (stamp, Renderer(key[0], epoch))
    return _RENDERERS[key][1]
