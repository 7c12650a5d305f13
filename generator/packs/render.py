"""Compile the Typst print templates into PDF or PNG, with data passed only as JSON.

One :class:`typst.Compiler` is made per process and reused. Templates read their data with
``json(bytes(sys.inputs.data))``: practice details never become part of Typst source, so they
print as plain text whatever characters they hold. Only the bundled fonts are used, so the
output does not depend on the fonts installed on the machine.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import typst

DEFAULT_EPOCH = 1767225600
"""2026-01-01T00:00:00Z: the creation date written into PDFs when SOURCE_DATE_EPOCH is unset."""

PDF_STANDARD = "ua-1"
"""PDF/UA-1: tagged, titled, language set, every image with alt text."""

TV_PPI = 144.0
"""A 960x540pt (16:9) page at 144 pixels per inch is exactly 1920x1080 pixels."""


class RenderError(Exception):
    """A template could not be compiled; the message says which and why."""


def font_dirs() -> list[str]:
    """Folders of the bundled fonts: Noto Sans (Latin, including Welsh) and Noto Sans Arabic."""
    import fontpkg_noto_sans
    import fontpkg_noto_sans_arabic

    return [str(fontpkg_noto_sans.ROOT / "files"), str(fontpkg_noto_sans_arabic.ROOT / "files")]


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH if set (and valid), else :data:`DEFAULT_EPOCH`."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else DEFAULT_EPOCH


class Renderer:
    """Compiles templates from one templates folder with one reused Typst compiler."""

    def __init__(self, templates_dir: Path):
        self.templates_dir = Path(templates_dir).resolve()
        fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=False,
                            font_paths=font_dirs())
        self._compiler = typst.Compiler(root=str(self.templates_dir), font_paths=fonts,
                                        ignore_system_fonts=True)

    def _compile(self, template: str, data: dict[str, Any], **options: Any) -> Any:
        path = self.templates_dir / template
        if not path.is_file():
            raise RenderError(f"template {template} not found in {self.templates_dir}")
        inputs = {"data": json.dumps(data, ensure_ascii=False, sort_keys=True)}
        try:
            return self._compiler.compile(input=str(path), sys_inputs=inputs,
                                          timestamp=source_date_epoch(), **options)
        except typst.TypstError as exc:
            detail = "; ".join([exc.message, *exc.hints]) if exc.message else str(exc)
            raise RenderError(f"{template}: {detail}") from None

    def pdf(self, template: str, data: dict[str, Any]) -> bytes:
        """A tagged PDF/UA-1 document."""
        return self._compile(template, data, format="pdf", pdf_standards=PDF_STANDARD)

    def png(self, template: str, data: dict[str, Any], ppi: float = TV_PPI) -> bytes:
        """A PNG of a one-page template."""
        result = self._compile(template, data, format="png", ppi=ppi)
        if isinstance(result, list):
            raise RenderError(f"{template}: expected one page, got {len(result)}")
        return result


@cache
def renderer_for(templates_dir: Path) -> Renderer:
    """The process's renderer for a templates folder (made once, then reused)."""
    return Renderer(templates_dir)
