"""The pages of the guide: their addresses (docnames), their views and the loaded site.

A :class:`PageView` is what one generated page shows, as plain JSON-able data; its digest is
written into the page's generated source, so a page's source changes exactly when what it
shows changes. :class:`SiteViews` holds every page of a project with the bundle it came from;
``views.py`` makes it, and the directives find it here with :func:`current_site`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.model import GlossaryTerm, Guidance, ModelOfCareQuestion, Point, Stage
from ..content.project import Project
from .words import word

PAGE_DIR = "_generated"
"""Folder (inside the Sphinx source folder) that holds the generated page sources."""

INDEX = f"{PAGE_DIR}/index"
PROCESS = f"{PAGE_DIR}/process"
HOUSE = f"{PAGE_DIR}/house-of-care"
STAGES = f"{PAGE_DIR}/stages/index"
SUCCESS_FACTORS = f"{PAGE_DIR}/success-factors"
NPT = f"{PAGE_DIR}/npt"
ROLES = f"{PAGE_DIR}/roles/index"
GLOSSARY = f"{PAGE_DIR}/glossary"
CONTENT_REFERENCE = f"{PAGE_DIR}/content-reference"
CHECKLISTS = f"{PAGE_DIR}/checklists/index"
SELF_ASSESSMENT = f"{PAGE_DIR}/self-assessment"
CHANGES = f"{PAGE_DIR}/changes"
"""The "What changed in VERSION" page, made only when building a release with a predecessor."""

CONTENTS = (PROCESS, HOUSE, STAGES, SUCCESS_FACTORS, NPT, ROLES, CHECKLISTS, SELF_ASSESSMENT,
            GLOSSARY, CONTENT_REFERENCE)
"""The pages listed on the overview page, in reading order."""

_SAFE_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


class UnsafeIdError(ValueError):
    """An id that cannot be used in a file name or a generated source."""


def safe_id(item_id: str) -> str:
    """Return ``item_id`` if it is lowercase words joined by hyphens, else raise UnsafeIdError."""
    if not isinstance(item_id, str) or not _SAFE_ID.fullmatch(item_id):
        raise UnsafeIdError(f"id {item_id!r} must be lowercase letters and digits joined by "
                            "hyphens, such as 'set-up'")
    return item_id


def stage_doc(stage_id: str) -> str:
    """Docname of a stage's page."""
    return f"{PAGE_DIR}/stages/{safe_id(stage_id)}"


def role_doc(role_id: str) -> str:
    """Docname of a role's page."""
    return f"{PAGE_DIR}/roles/{safe_id(role_id)}"


def checklist_doc(checklist_id: str) -> str:
    """Docname of a checklist's page."""
    return f"{PAGE_DIR}/checklists/{safe_id(checklist_id)}"


def _renderer_digest() -> str:
    """Digest of the site code, so a new renderer re-renders every page."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


RENDERER_DIGEST = _renderer_digest()


@dataclass(frozen=True)
class PageView:
    """One generated page: where it goes, which renderer draws it and the data it shows."""

    docname: str
    kind: str
    item_id: str
    data: dict[str, Any]

    @property
    def digest(self) -> str:
        """sha256 of the JSON of the page's data (and of the renderer that draws it)."""
        text = json.dumps({"renderer": RENDERER_DIGEST, "page": self.data}, sort_keys=True,
                          ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @property
    def directive(self) -> str:
        """The directive line of the page's source, e.g. ``{pcsp-page} stage set-up``."""
        args = f"{self.kind} {self.item_id}" if self.item_id else self.kind
        return "{pcsp-page} " + args

    def source(self) -> str:
        """The page's MyST source: a digest comment and one directive, never any content text."""
        return (f"% content-digest: {self.digest}\n"
                "% Generated from content/*.yaml by pcsp-kit: edit the YAML, not this file.\n"
                "\n"
                f"```{self.directive}\n"
                "```\n")


@dataclass(frozen=True)
class SiteViews:
    """Every generated page of a project, by docname, with the bundle they were made from."""

    bundle: Project
    pages: dict[str, PageView]

    @property
    def project(self) -> Guidance:
        """The guidance model the pages show."""
        return self.bundle.require()

    def page(self, kind: str, item_id: str = "") -> PageView | None:
        """The page drawn by ``{pcsp-page} kind item_id``, if there is one."""
        for view in self.pages.values():
            if view.kind == kind and view.item_id == item_id:
                return view
        return None


def item_pages(project: Guidance) -> dict[str, str]:
    """Docname of the page on which each item is shown, by item id."""
    where: dict[str, str] = {}
    where.update((s.id, PROCESS) for s in project.process_steps)
    where.update((c.id, HOUSE) for c in project.house.components)
    where.update((q.id, HOUSE) for q in project.house.model_of_care)
    for stage in project.stages:
        where[stage.id] = stage_doc(stage.id)
        where.update((a.id, stage_doc(stage.id)) for a in stage.activities)
    for level in project.success_factor_levels:
        where[level.id] = SUCCESS_FACTORS
        where.update((f.id, SUCCESS_FACTORS) for f in level.factors)
    for construct in project.npt_constructs:
        where[construct.id] = NPT
        for item in (*construct.sub_constructs, *construct.typical_problems,
                     *construct.what_helps):
            where[item.id] = NPT
    where.update((r.id, role_doc(r.id)) for r in project.roles)
    where.update((t.id, GLOSSARY) for t in project.glossary)
    where.update((s.id, INDEX) for s in project.guide.how_to_use)
    return where


def renamed_items(renamed: dict[str, str], where: dict[str, str]) -> dict[str, str]:
    """The id each old id of ``renamed_ids`` has now (following renames of renames), for the
    items still shown (``where``: each item's page by id); an old id that names an item again
    is left out, as it is that item's anchor."""
    now: dict[str, str] = {}
    for old in renamed:
        if old in where:
            continue
        item, seen = old, {old}
        while item in renamed and renamed[item] not in seen:
            item = renamed[item]
            seen.add(item)
        if item in where:
            now[old] = item
    return dict(sorted(now.items()))


def display_title(item: Any) -> str:
    """The text a link to ``item`` shows."""
    if isinstance(item, Stage):
        return word("pages.stage-title", number=item.number, title=item.title)
    if isinstance(item, GlossaryTerm):
        return item.term
    if isinstance(item, ModelOfCareQuestion):
        return item.question
    if isinstance(item, Point):
        return item.text
    return item.title


def generated_source(srcdir: Path, view: PageView) -> Path:
    """The file a page's MyST source is written to (see ``sources.py``)."""
    return Path(srcdir) / f"{view.docname}.md"


_SITES: dict[Path, SiteViews] = {}


def remember_site(site: SiteViews) -> None:
    """Keep ``site`` as the project's current pages, for the directives of this build."""
    _SITES[site.bundle.root] = site


def current_site(project_dir: Path) -> SiteViews:
    """The pages last made for ``project_dir`` in this process (by the extension's
    ``config-inited`` handler)."""
    return _SITES[Path(project_dir).resolve()]
