"""Check a project's content against the schema and its cross-references, then build the model.

STUB: the loading is real; schema and cross-reference checks are being written.
"""

from __future__ import annotations

from pathlib import Path

from .diagnostics import ContentError, Diagnostic, errors_only
from .load import SourceFile, read_yaml
from .model import Project, build_project

CONTENT_FILES = ("guide", "process", "house", "stages", "success-factors", "npt", "roles",
                 "glossary")
"""Content files, read from ``content/<name>.yaml`` and checked against ``schema/<name>.schema.json``."""


def check_project(root: Path) -> tuple[Project | None, list[Diagnostic]]:
    """Read and check every content file under ``root``; return the model (if no errors) and all diagnostics."""
    root = Path(root)
    diagnostics: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    for name in CONTENT_FILES:
        path = root / "content" / f"{name}.yaml"
        rel = f"content/{name}.yaml"
        if not path.is_file():
            diagnostics.append(Diagnostic(rel, 1, 1, "required content file is missing",
                                          f"create {rel}"))
            continue
        try:
            sources[name] = read_yaml(path, rel)
        except ContentError as exc:
            diagnostics.extend(exc.diagnostics)
    if errors_only(diagnostics):
        return None, sorted(diagnostics)
    return build_project({k: s.data for k, s in sources.items()}), sorted(diagnostics)


def load_project(root: Path) -> Project:
    """The checked model of the project at ``root``; raise :class:`ContentError` listing every error."""
    project, diagnostics = check_project(root)
    if project is None:
        raise ContentError(errors_only(diagnostics))
    return project
