"""Releases stored in a project: ``releases/<version>/`` folders of sources, each with a
``release.json`` giving its version and date.

Reading them is kept apart from building them (``generator.release``), so checks can compare
the content with the last release without loading Sphinx.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from .diagnostics import describe_os_error
from .project import Project, load_project

RELEASES = "releases"
"""Folder (in the project) holding one folder of stored sources per released version."""
RELEASE_FILE = "release.json"
"""File in a stored release giving its version and date (and, once withdrawn, when and why:
``"withdrawn": {"date": "YYYY-MM-DD", "reason": "..."}``)."""
VERSION_PATTERN = re.compile(r"[0-9]+(\.[0-9]+)+")


@dataclass(frozen=True)
class Release:
    """A stored release: its version, date (YYYY-MM-DD) and folder of sources; if it was
    withdrawn, the date (YYYY-MM-DD) and the reason (may be empty)."""

    version: str
    date: str
    folder: Path
    withdrawn_on: str = ""
    withdrawn_reason: str = ""

    @property
    def withdrawn(self) -> bool:
        """Whether the version was withdrawn (its pages say so and point to the latest)."""
        return bool(self.withdrawn_on)

    @property
    def path(self) -> str:
        """Its folder in the built site, relative to the site root."""
        return f"{self.version}/"


def version_key(version: str) -> tuple[int, ...]:
    """Sort key: the version's numeric parts (1.10 comes after 1.9)."""
    return tuple(int(part) for part in version.split("."))


class ReleaseError(Exception):
    """A stored release that cannot be used; the message is one sentence naming its file."""


DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def read_release(folder: Path) -> Release:
    """The release stored in ``folder``; raise :class:`ReleaseError` saying what is wrong."""
    name = f"{RELEASES}/{folder.name}/{RELEASE_FILE}"
    example = f'{{"version": "{folder.name}", "date": "YYYY-MM-DD"}}'
    try:
        text = (folder / RELEASE_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ReleaseError(
            f"{RELEASES}/{folder.name} has no {RELEASE_FILE}: restore it from git (it reads "
            f"{example}), or remove the whole folder to delete version {folder.name}") from None
    except UnicodeDecodeError:
        raise ReleaseError(f"{name} is not UTF-8 text: restore it from git; it should read "
                           f"{example}") from None
    except OSError as exc:
        raise ReleaseError(describe_os_error(exc, "cannot read")) from None
    if re.search(r"^(<<<<<<<|=======|>>>>>>>)", text, re.M):
        raise ReleaseError(f"{name} holds an unresolved git merge conflict (lines starting "
                           "<<<<<<<, ======= and >>>>>>>): keep the right version and date, "
                           "remove the marker lines, and commit the file")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReleaseError(f"{name}:{exc.lineno}:{exc.colno}: this is not valid JSON "
                           f"({exc.msg.lower()}); it should read {example}") from None
    if not isinstance(data, dict):
        raise ReleaseError(f"{name} should be a JSON object reading {example}")
    version, date = data.get("version"), data.get("date")
    if not isinstance(version, str) or not VERSION_PATTERN.fullmatch(version):
        raise ReleaseError(f"{name} has no \"version\" written as numbers joined by dots: add "
                           f"\"version\": \"{folder.name}\"")
    if version != folder.name:
        raise ReleaseError(f"{name} says version {version}, but its folder is named "
                           f"{folder.name}: a release's folder must be named after its version, "
                           "so rename the folder or correct the file")
    if "date" not in data:
        raise ReleaseError(f"{name} has no \"date\": add \"date\": \"YYYY-MM-DD\", the day "
                           f"version {version} was released")
    try:
        if not isinstance(date, str) or not DATE_PATTERN.fullmatch(date):
            raise ValueError(date)
        datetime.date.fromisoformat(date)
    except ValueError:
        raise ReleaseError(f"{name}: \"date\" is {json.dumps(date)}, not a real date written "
                           "YYYY-MM-DD") from None
    withdrawn_on, reason = _withdrawn(data.get("withdrawn"), name, date)
    return Release(version, date, folder, withdrawn_on, reason)


def _withdrawn(value: object, name: str, released: str) -> tuple[str, str]:
    """The date and reason of a release file's ``"withdrawn"`` (('', '') if absent)."""
    if value is None:
        return "", ""
    example = '"withdrawn": {"date": "YYYY-MM-DD", "reason": "why"}'
    if not isinstance(value, dict):
        raise ReleaseError(f"{name}: \"withdrawn\" should read {example}")
    date, reason = value.get("date"), value.get("reason", "")
    try:
        if not isinstance(date, str) or not DATE_PATTERN.fullmatch(date):
            raise ValueError(date)
        datetime.date.fromisoformat(date)
    except ValueError:
        raise ReleaseError(f"{name}: the \"withdrawn\" date is {json.dumps(date)}, not a real "
                           f"date written YYYY-MM-DD; it should read {example}") from None
    if date < released:
        raise ReleaseError(f"{name}: the version is withdrawn on {date}, before it was "
                           f"released ({released}); correct the \"withdrawn\" date")
    if not isinstance(reason, str):
        raise ReleaseError(f"{name}: the \"withdrawn\" reason should be text; it should read "
                           f"{example}")
    return date, reason.strip()


def latest_release(releases: list[Release]) -> Release | None:
    """The version readers are sent to: the newest one not withdrawn (None if every one is)."""
    return next((r for r in releases if not r.withdrawn), None)


def stored_releases(project_dir: Path, warn: TextIO | None = None) -> list[Release]:
    """Every release stored under ``PROJECT_DIR/releases/``, newest first.

    Raises :class:`ReleaseError` for a version's folder whose ``release.json`` is missing or
    wrong. A folder whose name is not a version is left out; if it holds a ``release.json``
    (a copy, such as ``releases/1.0 copy``), a warning naming it goes to ``warn``.
    """
    folder = Path(project_dir) / RELEASES
    found = []
    for entry in sorted(folder.iterdir()) if folder.is_dir() else ():
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        if not VERSION_PATTERN.fullmatch(entry.name):
            if warn is not None and (entry / RELEASE_FILE).exists():
                print(f"warning: ignored {RELEASES}/{entry.name}: a release's folder must be "
                      f"named after its version, such as {RELEASES}/1.2; delete or rename "
                      "this copy", file=warn)
            continue
        found.append(read_release(entry))
    return sorted(found, key=lambda r: version_key(r.version), reverse=True)


def resolve_version(name: str, project_dir: Path) -> Path:
    """A project folder for ``name``: a folder holding content/, or a stored release's folder."""
    path = Path(name)
    if (path / "content").is_dir():
        return path
    stored = Path(project_dir) / RELEASES / name
    if VERSION_PATTERN.fullmatch(name) and (stored / RELEASE_FILE).is_file():
        return stored
    folder = Path(project_dir) / RELEASES
    known = ", ".join(sorted((e.name for e in folder.iterdir() if e.is_dir()
                              and VERSION_PATTERN.fullmatch(e.name)), key=version_key)
                      if folder.is_dir() else []) or "none yet"
    raise FileNotFoundError(f"'{name}' is neither a project folder (with content/) nor a "
                            f"released version in {folder} (released: {known})")


def last_release(project_dir: Path) -> Project | None:
    """The newest stored release, loaded, if there is one that can be read without errors
    (a release that cannot be read is reported by the commands that build it)."""
    try:
        releases = stored_releases(project_dir)
    except (ReleaseError, OSError):
        return None
    if not releases:
        return None
    project = load_project(releases[0].folder)
    return project if project.ok else None
