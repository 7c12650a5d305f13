"""Publish versions of the guide side by side: ``pcsp release`` and ``pcsp rebuild``.

A release stores the project's sources under ``releases/<version>/`` (conf.py, content/,
checklists/, source/ without _generated, plus ``release.json`` with the date); editors
commit that folder, so every version can be rebuilt byte-identically from git. The site
is then built from the stored sources only:

``_build/site/<version>/``  each released version (doctrees kept apart, under
                            ``_build/releases/<version>/``, so rebuilds are incremental)
``_build/site/latest/``     a copy of the newest version
``_build/site/index.html``  redirects to ``latest/``
``versions.json``, ``versions.html``, ``sitemap.xml``, ``.nojekyll``

Older versions are rebuilt too, so each one shows the current list of versions and a
banner pointing at the newest. Pages that existed in an earlier version but not in a newer
one get a small redirect page at their old address inside the newer version.
"""

from __future__ import annotations

import datetime
import html
import json
import os
import posixpath
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from .build import build_site, replace_dir
from .checks import check_project, checked_project
from .content import diagnostics
from .content.clock import clock
from .content.diagnostics import ContentError
from .content.project import Project
from .diff import diff_projects
from .site.config import RELEASE_CONTEXT_ENV
from .site.pages import CHANGES, UnsafeIdError, checklist_doc, item_pages
from .site.views import site_views

RELEASES = "releases"
"""Folder (in the project) holding one folder of stored sources per released version."""
RELEASE_FILE = "release.json"
"""File in a stored release giving its version and date."""
STORED = ("conf.py", "content", "checklists", "source")
"""What a release stores (``source/_generated`` is left out: it is made at build time)."""
VERSION_PATTERN = re.compile(r"[0-9]+(\.[0-9]+)+")
ROOT_DOC = "index"


@dataclass(frozen=True)
class Release:
    """A stored release: its version, date (YYYY-MM-DD) and folder of sources."""

    version: str
    date: str
    folder: Path

    @property
    def path(self) -> str:
        """Its folder in the built site, relative to the site root."""
        return f"{self.version}/"


def version_key(version: str) -> tuple[int, ...]:
    """Sort key: the version's numeric parts (1.10 comes after 1.9)."""
    return tuple(int(part) for part in version.split("."))


def stored_releases(project_dir: Path) -> list[Release]:
    """Every release stored under ``PROJECT_DIR/releases/``, newest first."""
    folder = Path(project_dir) / RELEASES
    found = []
    for entry in folder.iterdir() if folder.is_dir() else ():
        meta = entry / RELEASE_FILE
        if entry.is_dir() and meta.is_file() and not entry.name.startswith("."):
            data = json.loads(meta.read_text(encoding="utf-8"))
            found.append(Release(data["version"], data["date"], entry))
    return sorted(found, key=lambda r: version_key(r.version), reverse=True)


def resolve_version(name: str, project_dir: Path) -> Path:
    """A project folder for ``name``: a folder holding content/, or a stored release's folder."""
    path = Path(name)
    if (path / "content").is_dir():
        return path
    stored = Path(project_dir) / RELEASES / name
    if (stored / RELEASE_FILE).is_file():
        return stored
    known = ", ".join(r.version for r in stored_releases(project_dir)) or "none yet"
    raise FileNotFoundError(f"'{name}' is neither a project folder (with content/) nor a "
                            f"released version in {Path(project_dir) / RELEASES} "
                            f"(released: {known})")


# --- storing a release ---------------------------------------------------------------------

def _ignore_generated(folder: str, names: list[str]) -> set[str]:
    """Leave out generated pages and Python caches when storing sources."""
    skip = {"__pycache__"}
    if Path(folder).name == "source":
        skip.add("_generated")
    return skip & set(names)


def copy_sources(project_dir: Path, dest: Path, parts: tuple[str, ...] = STORED) -> Path:
    """Copy a project's sources (``parts``; not builds or generated pages) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in parts:
        src = Path(project_dir) / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=_ignore_generated)
        elif src.is_file():
            shutil.copy2(src, dest / name)
    return dest


def store_release(project_dir: Path, version: str, date: str) -> Path:
    """Copy the project's sources into ``releases/<version>/`` with its ``release.json``."""
    target = Path(project_dir) / RELEASES / version
    staging = target.with_name(f".{version}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    copy_sources(project_dir, staging)
    meta = {"version": version, "date": date}
    (staging / RELEASE_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target


def _release_problem(project_dir: Path, version: str, date: str | None,
                     force: bool) -> tuple[str, str]:
    """(problem, date): a reason not to release, or '' and the date to release under."""
    if not VERSION_PATTERN.fullmatch(version):
        return f"'{version}' is not a version: use numbers joined by dots, such as 1.2", ""
    project, found = check_project(project_dir)
    if diagnostics.errors_only(found) or project.guidance is None:
        return (diagnostics.format_text(found, "") + "\nrelease stopped: fix the errors "
                "above first"), ""
    guide = project.guidance.guide
    if guide.version != version:
        return (f"content/guide.yaml says version {guide.version}, not {version}: "
                f"set version: \"{version}\" (and the dates) in content/guide.yaml first"), ""
    try:  # ids used in file names
        version_pages(project)
    except UnsafeIdError as exc:
        return f"{exc}\nrelease stopped: fix the errors above first", ""
    date = date or guide.published
    try:
        datetime.date.fromisoformat(date)
    except ValueError:
        return f"--date {date} is not a date written YYYY-MM-DD", ""
    stored = Path(project_dir) / RELEASES / version
    if stored.exists() and not force:
        return (f"version {version} is already released ({stored}); a released version is "
                "never changed. Release a new version, or use --force to replace it"), ""
    return "", date


def release(project_dir: Path, version: str, date: str | None = None, force: bool = False,
            base_url: str = "") -> int:
    """Store the project's sources as ``version`` and rebuild the site; return an exit code."""
    project_dir = Path(project_dir).resolve()
    if not (project_dir / "conf.py").is_file():
        print(f"{project_dir}: no conf.py here; is this a pcsp project folder?", file=sys.stderr)
        return 2
    problem, date = _release_problem(project_dir, version, date, force)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if force:  # start this version's build afresh: no stale pages from the replaced sources
        shutil.rmtree(project_dir / "_build" / "releases" / version, ignore_errors=True)
        shutil.rmtree(project_dir / "_build" / "site" / version, ignore_errors=True)
    stored = project_dir / RELEASES / version
    replaced = stored.with_name(f".{version}.replaced")
    shutil.rmtree(replaced, ignore_errors=True)
    if stored.exists():
        stored.rename(replaced)
    store_release(project_dir, version, date)
    status = build_all(project_dir, base_url)
    if status:  # a release that does not build is not kept
        shutil.rmtree(stored)
        if replaced.exists():
            replaced.rename(stored)
        print(f"release {version} undone: {RELEASES}/ is as it was", file=sys.stderr)
        return status
    shutil.rmtree(replaced, ignore_errors=True)
    print(f"released {version} (dated {date}): commit {RELEASES}/{version}/ so this version "
          "can be rebuilt exactly")
    return 0


# --- the pages of a version ----------------------------------------------------------------

@dataclass(frozen=True)
class Pages:
    """The pages of one version: titles by docname, each item's page, and changed ids."""

    titles: dict[str, str]
    own: dict[str, str]
    where: dict[str, str]
    renamed: dict[str, str]


def _hand_written(srcdir: Path) -> Iterator[str]:
    """Docnames of the hand-written pages (not under _generated)."""
    for path in sorted(srcdir.rglob("*")):
        rel = path.relative_to(srcdir)
        if path.suffix in (".md", ".rst") and rel.parts[0] not in ("_generated", "_build"):
            yield rel.with_suffix("").as_posix()


def version_pages(project: Project, changes: bool = False) -> Pages:
    """Every page a build of a checked project has (with a changes page if asked)."""
    site = site_views(project)
    titles = {doc: str(view.data.get("title", "")) for doc, view in site.pages.items()}
    titles.update((doc, "") for doc in _hand_written(project.root / "source"))
    if changes:
        titles[CHANGES] = "What changed"
    own = {doc: view.item_id for doc, view in site.pages.items() if view.item_id}
    own.update((doc, f"checklist:{view.item_id}") for doc, view in site.pages.items()
               if view.kind == "checklist")
    where = item_pages(site.project)
    where.update((f"checklist:{c.id}", checklist_doc(c.id)) for c in project.checklists)
    return Pages(dict(sorted(titles.items())), own, where, dict(site.project.guide.renamed_ids))


def locate(docname: str, old: Pages, new: Pages) -> str:
    """Where the page ``docname`` of an older version is in a newer one (``doc`` or ``doc#id``).

    The same page if it is still there; else the page now showing its item (following changed
    ids); else the index of its section; else the front page.
    """
    if docname in new.titles:
        return docname
    item = old.own.get(docname)
    if item:
        seen = {item}
        while item in new.renamed and new.renamed[item] not in seen:
            item = new.renamed[item]
            seen.add(item)
        if item in new.where:
            doc = new.where[item]
            return doc if new.own.get(doc) == item else f"{doc}#{item}"
    parts = docname.split("/")
    for n in range(len(parts) - 1, 0, -1):
        section = "/".join(parts[:n]) + "/index"
        if section in new.titles:
            return section
    return ROOT_DOC


def _href(from_doc: str, target: str) -> str:
    """Relative address of ``target`` (``doc`` or ``doc#id``) from the page ``from_doc``."""
    doc, _, anchor = target.partition("#")
    rel = posixpath.relpath(f"{doc}.html", posixpath.dirname(from_doc) or ".")
    return rel + (f"#{anchor}" if anchor else "")


# --- building every version ----------------------------------------------------------------

def _sync(src: Path, dst: Path) -> None:
    """Make ``dst`` hold the files of ``src`` (copying only changed ones, keeping _build)."""
    wanted = set()
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        wanted.add(rel)
        target = dst / rel
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.is_file() or target.read_bytes() != path.read_bytes():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    for path in sorted(dst.rglob("*"), reverse=True):
        rel = path.relative_to(dst)
        if rel.parts[0] == "_build" or rel.parts[:2] == ("source", "_generated"):
            continue
        if rel not in wanted:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    """Set environment variables for the duration of a build, then put them back."""
    before = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in before.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def versions_list(releases: list[Release]) -> list[dict[str, Any]]:
    """The content of ``versions.json``: newest first."""
    return [{"version": r.version, "date": r.date, "path": r.path, "latest": n == 0}
            for n, r in enumerate(releases)]


def build_all(project_dir: Path, base_url: str = "") -> int:
    """Build every stored release into ``_build/site/`` with the shared site files.

    ``base_url`` (where the site will be served) makes the sitemap's addresses absolute.
    """
    project_dir = Path(project_dir).resolve()
    releases = stored_releases(project_dir)
    if not releases:
        print(f"no released versions in {project_dir / RELEASES}; run pcsp release VERSION",
              file=sys.stderr)
        return 1
    site = project_dir / "_build" / "site"
    work = project_dir / "_build" / "releases"
    versions = versions_list(releases)
    try:
        for r in releases:
            _sync(r.folder, work / r.version)
        projects = {r.version: checked_project(work / r.version) for r in releases}
        pages = {r.version: version_pages(projects[r.version], changes=r is not releases[-1])
                 for r in releases}
        changes = {newer.version: diff_projects(projects[older.version], projects[newer.version])
                   for newer, older in zip(releases, releases[1:], strict=False)}
    except (ContentError, UnsafeIdError) as exc:
        print(f"{exc}\nthe stored sources of a release have problems; fix them with "
              "pcsp release VERSION --force", file=sys.stderr)
        return 1
    latest = releases[0]
    for r in releases:
        context = {
            "current": r.version,
            "versions": versions,
            "newer_pages": {} if r is latest else {
                doc: locate(doc, pages[r.version], pages[latest.version])
                for doc in pages[r.version].titles},
            "changes": changes.get(r.version),
        }
        context_file = work / f"{r.version}.context.json"
        context_file.write_text(json.dumps(context, indent=1, sort_keys=True),
                                encoding="utf-8")
        with _environment(**{RELEASE_CONTEXT_ENV: str(context_file)}):
            status = build_site(work / r.version, out=site / r.version,
                                epoch=clock(r.date).epoch)
        if status:
            print(f"version {r.version} did not build; the site was not updated further",
                  file=sys.stderr)
            return status
        older = [pages[o.version] for o in releases if version_key(o.version)
                 < version_key(r.version)]
        write_redirects(site / r.version, pages[r.version], older)
    _copy_dir(site / latest.version, site / "latest")
    write_site_files(site, releases, pages[latest.version], base_url)
    print(f"site with {len(releases)} version(s) in {site}; latest is {latest.version}")
    return 0


def _copy_dir(src: Path, target: Path) -> None:
    """Replace ``target`` with a copy of ``src`` (built beside it, then swapped in)."""

    staging = target.with_name(f".{target.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(src, staging, copy_function=shutil.copy2)
    replace_dir(staging, target)


# --- redirects and site files --------------------------------------------------------------

def redirect_page(href: str, link_text: str, heading: str = "This page has moved") -> str:
    """A tiny HTML page sending readers (and search engines) from an old address to ``href``.

    It works without JavaScript: a meta refresh, a canonical link and a visible link.
    """
    url, text = html.escape(href, quote=True), html.escape(link_text or "its new place")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(heading)}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f'<p>{html.escape(heading)}: go to <a href="{url}">{text}</a>.</p>\n'
        "</body>\n</html>\n")


def write_redirects(out: Path, pages: Pages, older: list[Pages]) -> list[str]:
    """In a built version, a redirect at the address of every page an older version had.

    ``older`` lists the older versions' pages, nearest first.
    """
    written = []
    for old in older:  # nearest older version first
        for doc in old.titles:
            if doc in pages.titles or doc in written:
                continue
            target = locate(doc, old, pages)
            title = pages.titles.get(target.partition("#")[0], "")
            path = out / f"{doc}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(redirect_page(_href(doc, target), title), encoding="utf-8")
            written.append(doc)
    return sorted(written)


def versions_page(releases: list[Release]) -> str:
    """The plain "all versions" page: every version with its date, newest first."""
    items = []
    for n, r in enumerate(releases):
        note = " (latest)" if n == 0 else ""
        items.append(f'<li><a href="{html.escape(r.path)}index.html">Version '
                     f"{html.escape(r.version)}</a>{note}, published "
                     f'<time datetime="{html.escape(r.date)}">{html.escape(r.date)}</time></li>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>All versions of this guide</title>\n"
        "</head>\n<body>\n<main>\n<h1>All versions of this guide</h1>\n"
        '<p><a href="latest/index.html">Read the latest version</a>.</p>\n'
        "<ul>\n" + "\n".join(items) + "\n</ul>\n</main>\n</body>\n</html>\n")


def sitemap(releases: list[Release], latest_pages: Pages, base_url: str = "") -> str:
    """``sitemap.xml``: the latest version's pages and the versions page."""
    base = base_url.rstrip("/") + "/" if base_url else ""
    lastmod = releases[0].date
    urls = [f"latest/{doc}.html" for doc in latest_pages.titles] + ["versions.html"]
    rows = [f"  <url><loc>{xml_escape(base + u)}</loc><lastmod>{lastmod}</lastmod></url>"
            for u in urls]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows) + "\n</urlset>\n")


def write_site_files(site: Path, releases: list[Release], latest_pages: Pages,
                     base_url: str = "") -> None:
    """versions.json, versions.html, sitemap.xml, the root redirect and .nojekyll."""
    files = {
        "versions.json": json.dumps(versions_list(releases), indent=2) + "\n",
        "versions.html": versions_page(releases),
        "sitemap.xml": sitemap(releases, latest_pages, base_url),
        "index.html": redirect_page("latest/index.html", "the latest version of this guide",
                                    "This guide"),
        ".nojekyll": "",
    }
    for name, text in files.items():
        (site / name).write_text(text, encoding="utf-8")
