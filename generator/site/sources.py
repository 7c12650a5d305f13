"""Write the generated page sources, touching only the files whose bytes change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .pages import PAGE_DIR, PageView, generated_source


@dataclass(frozen=True)
class WriteReport:
    """Which generated files were written and which stale ones removed (paths under srcdir)."""

    written: tuple[str, ...]
    removed: tuple[str, ...]


def write_sources(srcdir: Path, pages: Iterable[PageView]) -> WriteReport:
    """Write each page to ``<srcdir>/<docname>.md`` if its bytes changed; remove stale files.

    Unchanged files keep their modification time, so Sphinx re-reads only changed pages.
    """
    srcdir = Path(srcdir)
    root = srcdir / PAGE_DIR
    wanted: dict[Path, bytes] = {
        generated_source(srcdir, page): page.source().encode("utf-8")
        for page in sorted(pages, key=lambda p: p.docname)
    }
    written = []
    for path, data in wanted.items():
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path.relative_to(srcdir).as_posix())
    removed = []
    if root.is_dir():
        for path in sorted(root.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
                removed.append(path.relative_to(srcdir).as_posix())
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return WriteReport(tuple(written), tuple(sorted(removed)))
