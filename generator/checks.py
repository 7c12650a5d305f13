"""Every check of a project in one place, for ``pcsp validate``, ``build``, ``diff`` and
``release``.

The content layer reports what reading found (YAML, schemas, the guidance's own
cross-references); each feature checks what its own files mean. This module only puts
them together.
"""

from __future__ import annotations

from pathlib import Path

from .checklists import checklist_problems
from .content.diagnostics import ContentError, Diagnostic, errors_only
from .content.project import Project, load_project
from .content.releases import last_release
from .diff import renamed_id_problems, unrecorded_renames
from .packs.pack import is_pack_input, pack_problems


def project_problems(project: Project) -> list[Diagnostic]:
    """Every problem in a loaded project: reading, then each feature's checks, then ids that
    look changed since the last release without being recorded."""
    previous = last_release(project.root)
    renames = unrecorded_renames(previous, project) if previous is not None else []
    return sorted(set([*project.diagnostics, *checklist_problems(project),
                       *pack_problems(project), *renamed_id_problems(project), *renames]))


def check_project(root: Path) -> tuple[Project, list[Diagnostic]]:
    """Load the project at ``root`` and run every check on it."""
    project = load_project(root)
    return project, project_problems(project)


def checked_project(root: Path) -> Project:
    """The project at ``root``; raise :class:`ContentError` listing every error if it has any."""
    project, found = check_project(root)
    errors = errors_only(found)
    if errors or project.guidance is None:
        raise ContentError(errors or list(project.diagnostics))
    return project


def checked_for_packs(root: Path) -> Project:
    """The project at ``root``; raise :class:`ContentError` listing every error in the files a
    pack reads (its wording, guide.yaml and the checklists), whatever their kind."""
    project, found = check_project(root)
    errors = [d for d in errors_only(found) if is_pack_input(d.file)]
    if errors:
        raise ContentError(errors)
    return project
