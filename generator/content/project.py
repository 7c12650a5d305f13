"""Load a whole project once: :func:`load_project` gives one immutable :class:`Project`.

The bundle holds the guidance model, the checklists, the practice packs' wording and every
diagnostic found while reading them (YAML syntax, schema, and the guidance's own
cross-references). Validate, the site, the packs, "what changed" and releases all take this
bundle; none of them reads a content file itself. Each feature then checks what its own
files mean (checklist references, wording placeholders, renamed ids), and ``generator.checks``
puts those checks together.
"""

from __future__ import annotations

import datetime
import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clock import Clock, clock
from .diagnostics import ContentError, Diagnostic, errors_only
from .load import SourceFile, read_yaml
from .model import (
    Checklist,
    Guidance,
    Translation,
    Wording,
    build_checklist,
    build_guidance,
    build_translation,
    build_wording,
)
from .references import GUIDANCE_FILES, cross_reference_problems, guidance_ids
from .schema import check_source, schemas_digest

CONTENT_DIR = "content"
CHECKLISTS_DIR = "checklists"
WORDING_FILE = f"{CONTENT_DIR}/patient-materials.yaml"
"""The practice packs' wording (optional: a project without it has no packs)."""
TRANSLATIONS_DIR = f"{CONTENT_DIR}/translations"
"""Translations of the wording: ``<language code>/patient-materials.yaml`` in this folder."""

FALLBACK_DATE = "1970-01-01"
"""The clock's date when the guide has no readable ``published`` date."""


@dataclass(frozen=True)
class Project:
    """Everything read from one project folder, checked as far as the content layer can."""

    root: Path
    guidance: Guidance | None
    """The guidance model; None if any guidance file has an error."""
    checklists: tuple[Checklist, ...] = ()
    """Checklists that passed their schema, in stage order, cross-cutting ones last."""
    wording: Wording | None = None
    """The practice packs' wording, if the project has it and it passed its schema."""
    translations: tuple[Translation, ...] = ()
    """Translations of the wording that passed their schema, by language code."""
    sources: dict[str, SourceFile] = field(default_factory=dict, compare=False, repr=False)
    """Every file read, by its name relative to the root (``content/stages.yaml``)."""
    diagnostics: tuple[Diagnostic, ...] = ()
    ids: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Every id in the guidance files that passed their schema and what it names
    (``"activity"``...), so references can be checked even when another file has errors."""
    unknown_kinds: frozenset[str] = field(default=frozenset(), compare=False, repr=False)
    """Kinds of item (as in ``ids``) whose file has errors, so their ids are not known."""

    @property
    def ok(self) -> bool:
        """Whether reading found no errors (warnings are allowed)."""
        return self.guidance is not None and not errors_only(self.diagnostics)

    @property
    def published(self) -> str:
        """The guide's ``published`` date, or :data:`FALLBACK_DATE` if it cannot be read."""
        if self.guidance is not None:
            return self.guidance.guide.published
        guide = self.sources.get(f"{CONTENT_DIR}/guide.yaml")
        value = guide.data.get("published") if guide and isinstance(guide.data, dict) else None
        try:
            datetime.date.fromisoformat(str(value))
        except ValueError:
            return FALLBACK_DATE
        return str(value)

    @property
    def clock(self) -> Clock:
        """The project's clock: SOURCE_DATE_EPOCH, else the guide's ``published`` date."""
        return clock(self.published)

    def require(self) -> Guidance:
        """The guidance model; raise :class:`ContentError` listing every error if there is none."""
        if not self.ok:
            raise ContentError(errors_only(self.diagnostics) or [Diagnostic(
                f"{CONTENT_DIR}/", 1, 1, "the content could not be read", "")])
        assert self.guidance is not None
        return self.guidance


def _read(root: Path, rel: str, problems: list[Diagnostic]) -> SourceFile | None:
    try:
        return read_yaml(root / rel, rel)
    except ContentError as exc:
        problems.extend(exc.diagnostics)
    except OSError as exc:
        problems.append(Diagnostic(rel, 1, 1, f"cannot read the file: {exc.strerror}",
                                   "check the file's permissions"))
    return None


PASSED_RECORD = "_build/.pcsp-passed.json"
"""Where a project remembers which file contents passed their schema, so an unchanged file is
not checked again by the next build (a speed-up only). Kept only in a project that already
has a ``_build`` folder."""


class _Passed:
    """The files known to pass their schema, by a digest of their bytes and the schemas."""

    def __init__(self, root: Path):
        self.path = root / PASSED_RECORD
        self.before: set[str] = set()
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
            self.before = {d for d in known if isinstance(d, str)} if isinstance(known, list) \
                else set()
        except (OSError, ValueError):
            pass
        self.now: set[str] = set()

    @staticmethod
    def key(source: SourceFile, schema: str) -> str:
        """What passing depends on: the file's bytes, its schema and the schemas' text."""
        return hashlib.sha256(f"{schemas_digest()} {schema} {source.digest}".encode()).hexdigest()

    def save(self) -> None:
        """Write the record if it changed and the project has a ``_build`` folder."""
        if self.now == self.before or not self.path.parent.is_dir():
            return
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            temporary.write_text(json.dumps(sorted(self.now)), encoding="utf-8")
            temporary.replace(self.path)
        except OSError:
            temporary.unlink(missing_ok=True)


def _checked(root: Path, rel: str, schema: str, sources: dict[str, SourceFile],
             problems: list[Diagnostic], record: _Passed) -> SourceFile | None:
    """Read one file and check it against its schema: the file if it passed, else None."""
    source = _read(root, rel, problems)
    if source is None:
        return None
    sources[rel] = source
    key = record.key(source, schema)
    found = [] if key in record.before else check_source(source, schema)
    problems.extend(found)
    if found:
        return None
    record.now.add(key)
    return source


def _load(root: Path) -> Project:
    problems: list[Diagnostic] = []
    sources: dict[str, SourceFile] = {}
    record = _Passed(root)
    if not (root / CONTENT_DIR).is_dir():
        return Project(root, None, diagnostics=(Diagnostic(
            f"{CONTENT_DIR}/", 1, 1, f"there is no content folder in '{root}'",
            "a project folder holds content/<name>.yaml files; is this the right folder?"),))
    passed: dict[str, SourceFile] = {}
    for name in GUIDANCE_FILES:
        rel = f"{CONTENT_DIR}/{name}.yaml"
        if not (root / rel).exists() and not (root / rel).is_symlink():  # (read_yaml refuses
            # a folder, a device or a broken link, saying which)
            problems.append(Diagnostic(rel, 1, 1, "required content file is missing",
                                       f"create {rel}; see the content reference for what it "
                                       "holds"))
            continue
        source = _checked(root, rel, name, sources, problems, record)
        if source is not None:
            passed[name] = source
    read = {name: sources[f"{CONTENT_DIR}/{name}.yaml"] for name in GUIDANCE_FILES
            if f"{CONTENT_DIR}/{name}.yaml" in sources}
    flagged = {(d.file, d.line, d.column) for d in errors_only(problems)}
    problems += cross_reference_problems(passed, read, flagged)
    guidance = None
    if len(passed) == len(GUIDANCE_FILES) and not errors_only(problems):
        guidance = build_guidance({name: source.data for name, source in passed.items()})

    wording = None
    if (root / WORDING_FILE).is_file():
        source = _checked(root, WORDING_FILE, "patient-materials", sources, problems, record)
        wording = build_wording(source.data) if source else None

    checklists = []
    folder = root / CHECKLISTS_DIR
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
        rel = f"{CHECKLISTS_DIR}/{path.name}"
        source = _checked(root, rel, "checklist", sources, problems, record)
        if source is not None:
            checklists.append(build_checklist(source.data, rel))
    problems += _unread_files(root)
    order = {s.id: n for n, s in enumerate(guidance.stages)} if guidance else {}
    checklists.sort(key=lambda c: (c.stage is None, order.get(c.stage or "", 0), c.id))
    translations = _translations(root, sources, problems, record)
    record.save()
    return Project(root, guidance, tuple(checklists), wording, translations, sources,
                   tuple(sorted(set(problems))), *guidance_ids(passed))


def _translations(root: Path, sources: dict[str, SourceFile], problems: list[Diagnostic],
                  record: _Passed) -> tuple[Translation, ...]:
    """Every translation of the wording that passed its schema, by language code."""
    folder = root / TRANSLATIONS_DIR
    found = []
    for path in sorted(folder.glob(f"*/{Path(WORDING_FILE).name}")) if folder.is_dir() else ():
        rel = f"{TRANSLATIONS_DIR}/{path.parent.name}/{path.name}"
        source = _checked(root, rel, "translation", sources, problems, record)
        if source is not None:
            found.append(build_translation(source.data, rel))
    return tuple(found)


def _unread_files(root: Path) -> list[Diagnostic]:
    """A warning for each file in content/ or checklists/ that looks meant to be read but
    is not (an unknown name, or ``.yml`` for ``.yaml``)."""
    known = {f"{name}.yaml" for name in GUIDANCE_FILES} | {Path(WORDING_FILE).name}
    found = []
    for folder, kind in ((CONTENT_DIR, "content"), (CHECKLISTS_DIR, "checklist")):
        path = root / folder
        for entry in sorted(path.iterdir()) if path.is_dir() else ():
            rel = f"{folder}/{entry.name}"
            if entry.suffix == ".yml":
                found.append(Diagnostic(rel, 1, 1, f"{rel} is not read: {kind} files end in "
                                        ".yaml", f"rename it to {entry.stem}.yaml",
                                        "warning"))
            elif entry.suffix == ".yaml" and folder == CONTENT_DIR and entry.name not in known:
                near = difflib.get_close_matches(entry.stem, [Path(k).stem for k in known],
                                                 n=1, cutoff=0.75)
                close = f"did you mean '{near[0]}.yaml'?" if near else ""
                found.append(Diagnostic(rel, 1, 1, f"{rel} is not read: it is not one of the "
                                        "content files", close or "the content files are: "
                                        + ", ".join(sorted(known)), "warning"))
    return found


def _fingerprint(root: Path) -> tuple[Any, ...]:
    """Name, size and modification time of every file in the folders a project is read from."""
    paths: list[Path] = []  # a file appearing or going changes the listing itself
    for folder in (root / CONTENT_DIR, root / CHECKLISTS_DIR):
        paths += sorted(folder.iterdir()) if folder.is_dir() else []
    translations = root / TRANSLATIONS_DIR
    paths += sorted(translations.glob("*/*")) if translations.is_dir() else []
    stats: list[Any] = []
    for path in paths:
        try:
            st = path.stat()
            stats.append((path.relative_to(root).as_posix(), st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append((path.relative_to(root).as_posix(), None))
    return tuple(stats)


_LOADED: dict[Path, tuple[tuple[Any, ...], Project]] = {}


def load_project(root: Path) -> Project:
    """Read and check every content file under ``root`` into one :class:`Project`.

    The result is remembered while no file changes, so the command line and the Sphinx
    extension running in one process read the YAML once.
    """
    root = Path(root).resolve()
    stamp = _fingerprint(root)
    cached = _LOADED.get(root)
    if cached is None or cached[0] != stamp:
        _LOADED[root] = (stamp, _load(root))
    return _LOADED[root][1]
