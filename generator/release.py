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

Every version is built beside the published site first; only when all of them have built
are they swapped in, so a failed release or rebuild leaves the published site as it was.

Every page's version switcher links to the same page in each other version (or where its
item moved, or its section's index, or the home page), worked out here at build time.
``pcsp withdraw`` marks a version withdrawn in its ``release.json``: its pages still build,
each with a banner saying when and why and linking to the same page in the latest version,
and it is never the latest. ``pcsp withdraw --delete`` removes its folder from
``releases/``; a version whose folder is gone is removed from the site.

A stored release's folder is named after its version, and its ``release.json`` must say
that version and a date: a malformed one (such as a git merge conflict) stops the build with
a sentence naming the file; a folder whose name is not a version (``releases/1.0 copy``) is
ignored with a warning.
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

from .build import BuildFailed, discard, remove, replace_dir, stage_build
from .checks import check_project, checked_project
from .content import diagnostics
from .content.clock import clock
from .content.diagnostics import ContentError, describe_os_error
from .content.project import Project
from .content.releases import (
    RELEASE_FILE,
    RELEASES,
    VERSION_PATTERN,
    Release,
    ReleaseError,
    latest_release,
    read_release,
    stored_releases,
    version_key,
)
from .diff import diff_projects
from .site.config import RELEASE_CONTEXT_ENV
from .site.pages import CHANGES, UnsafeIdError, checklist_doc, item_pages
from .site.views import site_views

STORED = ("conf.py", "content", "checklists", "source")
"""What a release stores (``source/_generated`` is left out: it is made at build time)."""
ROOT_DOC = "index"


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


def release_meta(version: str, date: str, withdrawn_on: str = "",
                 reason: str = "") -> dict[str, Any]:
    """The content of a release's ``release.json``."""
    meta: dict[str, Any] = {"version": version, "date": date}
    if withdrawn_on:
        meta["withdrawn"] = {"date": withdrawn_on, "reason": reason}
    return meta


def store_release(project_dir: Path, version: str, date: str,
                  withdrawn: tuple[str, str] = ("", "")) -> Path:
    """Copy the project's sources into ``releases/<version>/`` with its ``release.json``
    (``withdrawn``: the date and reason of a withdrawal to keep, if any)."""
    target = Path(project_dir) / RELEASES / version
    staging = target.with_name(f".{version}.staging")
    remove(staging)
    try:
        copy_sources(project_dir, staging)
        meta = release_meta(version, date, *withdrawn)
        (staging / RELEASE_FILE).write_text(json.dumps(meta, indent=2) + "\n",
                                            encoding="utf-8")
        remove(target)
        staging.rename(target)
    finally:
        remove(staging)
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
    """Store the project's sources as ``version`` and rebuild the site; return an exit code.

    If anything fails (or the release is stopped), ``releases/`` is put back as it was; the
    published site is only changed once every version has built.
    """
    project_dir = Path(project_dir).resolve()
    if not (project_dir / "conf.py").is_file():
        print(f"{project_dir}: no conf.py here; is this a pcsp project folder?", file=sys.stderr)
        return 2
    problem, date = _release_problem(project_dir, version, date, force)
    problem = base_url_problem(base_url) or problem
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if force:  # build this version's pages afresh (a cache only; the published site stays)
        remove(project_dir / "_build" / "releases" / version)
    stored = project_dir / RELEASES / version
    replaced = stored.with_name(f".{version}.replaced")
    existed, moved = stored.exists(), False
    status = 1
    try:
        withdrawn = ("", "")
        if existed:  # a withdrawn version stays withdrawn when replaced
            try:
                old = read_release(stored)
                withdrawn = (old.withdrawn_on, old.withdrawn_reason)
            except ReleaseError:
                pass
        remove(replaced)
        if existed:
            stored.rename(replaced)
            moved = True
        store_release(project_dir, version, date, withdrawn)
        status = build_all(project_dir, base_url)
    except OSError as exc:
        print(describe_os_error(exc), file=sys.stderr)
        status = 1
    finally:
        if status:  # a release that does not build (or is stopped) is not kept
            if stored.exists() and (moved or not existed):
                remove(stored)
            if moved:
                replaced.rename(stored)
            print(f"release {version} undone: {RELEASES}/ is as it was", file=sys.stderr)
    if status:
        return status
    remove(replaced)
    print(f"released {version} (dated {date}): commit {RELEASES}/{version}/ so this version "
          "can be rebuilt exactly")
    return 0


# --- withdrawing or deleting a release -----------------------------------------------------

def _withdraw_problem(releases: list[Release], version: str, delete: bool, date: str) -> str:
    """Why ``version`` cannot be withdrawn (or deleted) on ``date``, or ''."""
    known = {r.version: r for r in releases}
    action = "delete" if delete else "withdraw"
    if version not in known:
        listed = ", ".join(sorted(known, key=version_key)) or "none yet"
        return (f"there is no released version {version} to {action} in {RELEASES}/ "
                f"(released: {listed})")
    if not any(r.version != version and not r.withdrawn for r in releases):
        done = "deleted" if delete else "withdrawn"
        return (f"version {version} cannot be {done}: it is the only version readers could be "
                "sent to, so release a newer version first")
    if delete:
        return ""
    r = known[version]
    if r.withdrawn:
        return (f"version {version} was already withdrawn on {r.withdrawn_on}: to change the "
                f"date or reason, edit \"withdrawn\" in {RELEASES}/{version}/{RELEASE_FILE}")
    try:
        if not DATE.fullmatch(date):
            raise ValueError(date)
        datetime.date.fromisoformat(date)
    except ValueError:
        return f"--date {date} is not a date written YYYY-MM-DD"
    if date < r.date:
        return f"--date {date} is before version {version} was released ({r.date})"
    return ""


DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def withdraw_release(project_dir: Path, version: str, reason: str = "",
                     date: str | None = None, delete: bool = False,
                     base_url: str = "") -> int:
    """Withdraw ``version`` (or, with ``delete``, remove its stored sources) and rebuild the
    site; return an exit code.

    A withdrawn version stays published: ``"withdrawn": {"date", "reason"}`` is added to its
    ``release.json``, and its pages then say so and link to the latest version. Deleting
    removes ``releases/<version>/``, so the rebuild removes it from the site. Either way, if
    the rebuild fails, ``releases/`` is put back as it was.
    """
    project_dir = Path(project_dir).resolve()
    problem = base_url_problem(base_url)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    try:
        releases = stored_releases(project_dir, warn=sys.stderr)
    except ReleaseError as exc:
        print(f"{exc}; nothing was withdrawn", file=sys.stderr)
        return 1
    date = date or clock(datetime.date.today().isoformat()).today.isoformat()
    problem = _withdraw_problem(releases, version, delete, date)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    stored = project_dir / RELEASES / version
    meta_file = stored / RELEASE_FILE
    aside = stored.with_name(f".{version}.deleted")
    before = b""
    status = 1
    try:
        if delete:
            remove(aside)
            stored.rename(aside)
        else:
            before = meta_file.read_bytes()
            r = next(r for r in releases if r.version == version)
            meta = release_meta(version, r.date, date, reason.strip())
            meta_file.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n",
                                 encoding="utf-8")
        status = build_all(project_dir, base_url)
    except OSError as exc:
        print(describe_os_error(exc), file=sys.stderr)
        status = 1
    finally:
        if status:
            if delete and aside.exists() and not stored.exists():
                aside.rename(stored)
            elif before:
                meta_file.write_bytes(before)
            print(f"{'deleting' if delete else 'withdrawing'} {version} undone: {RELEASES}/ is "
                  "as it was", file=sys.stderr)
    if status:
        return status
    if delete:
        remove(aside)
        print(f"deleted version {version}: {RELEASES}/{version}/ is gone and the site no longer "
              f"has it; commit the removal (git rm -r {RELEASES}/{version})")
    else:
        print(f"withdrew version {version} (on {date}): its pages now say so and link to the "
              f"latest version; commit {RELEASES}/{version}/{RELEASE_FILE}")
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


def _same_item(item: str, old: Pages, new: Pages) -> str:
    """The id the item ``item`` of one version has in another: following its changed ids
    forward (``new`` is newer) or back (``new`` is older); '' if it is not there."""
    seen = {item}
    ahead = item
    while ahead in new.renamed and new.renamed[ahead] not in seen:
        ahead = new.renamed[ahead]
        seen.add(ahead)
    if ahead in new.where:
        return ahead
    earlier, seen = [item], {item}
    while earlier:  # the ids it had before (recorded in the newer version, ``old``)
        current = earlier.pop(0)
        if current in new.where:
            return current
        for was, now in sorted(old.renamed.items()):
            if now == current and was not in seen:
                seen.add(was)
                earlier.append(was)
    return ""


def locate(docname: str, old: Pages, new: Pages) -> str:
    """Where the page ``docname`` of one version is in another (``doc`` or ``doc#id``).

    The same page if it is there; else the page showing its item there (following changed
    ids forward to a newer version, or back to an older one); else the index of its section;
    else the front page.
    """
    if docname in new.titles:
        return docname
    item = old.own.get(docname)
    if item:
        item = _same_item(item, old, new)
        if item:
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
    """Every version, newest first, as the version switcher on each page gets them; the
    latest is the newest not withdrawn, and a withdrawn one has ``withdrawn`` (date, reason)."""
    latest = latest_release(releases)
    entries = []
    for r in releases:
        entry: dict[str, Any] = {"version": r.version, "date": r.date, "path": r.path,
                                 "latest": r is latest}
        if r.withdrawn:
            entry["withdrawn"] = {"date": r.withdrawn_on, "reason": r.withdrawn_reason}
        entries.append(entry)
    return entries


def _entry_name(entry: dict[str, Any]) -> str:
    """A version's name in ``versions.json``: ``1.1 (latest)``, ``1.0 (withdrawn)`` or ``1.0``."""
    note = " (latest)" if entry["latest"] else " (withdrawn)" if entry.get("withdrawn") else ""
    return entry["version"] + note


def versions_json(releases: list[Release], base_url: str = "") -> list[dict[str, Any]]:
    """The content of ``versions.json``: our keys, plus ``name``, ``url`` and ``preferred`` as
    the pydata-sphinx-theme version switcher reads them, so other tools can use the file."""
    base = base_url.rstrip("/") + "/" if base_url else ""
    return [{**entry, "name": _entry_name(entry), "url": base + entry["path"],
             "preferred": entry["latest"]} for entry in versions_list(releases)]


CANONICAL = re.compile(r'<link rel="canonical" href="[^"]*">\n')
"""The canonical link :func:`add_canonical_links` puts in a page (replaced when rebuilt)."""


def add_canonical_links(staging: Path, version: str, pages: Pages, latest: Pages,
                        base_url: str = "") -> None:
    """Give each page of a version a canonical link to its page in the latest version (the
    page its item moved to, or its section), so search engines send readers there."""
    base = base_url.rstrip("/") + "/" if base_url else ""
    for doc in pages.titles:
        path = staging / f"{doc}.html"
        if not path.is_file():
            continue
        target = f"{LATEST}/{locate(doc, pages, latest).partition('#')[0]}.html"
        href = base + target if base else posixpath.relpath(
            target, posixpath.dirname(f"{version}/{doc}"))
        html = CANONICAL.sub("", path.read_text(encoding="utf-8"), count=1)  # (a kept page's)
        if "</head>" in html:
            path.write_text(html.replace(
                "</head>", f'<link rel="canonical" href="{xml_escape(href)}">\n</head>', 1),
                encoding="utf-8")


LATEST = "latest"
"""Folder of the site holding a copy of the newest version."""


FULL_ADDRESS = re.compile(r"https?://[^\s/?#]+(/[^\s?#]*)?")
"""A web address a sitemap and canonical links can use: scheme, host and an optional path."""


def base_url_problem(base_url: str) -> str:
    """What is wrong with a ``--base-url``, or '' (none given is fine)."""
    if not base_url or FULL_ADDRESS.fullmatch(base_url):
        return ""
    return (f"--base-url '{base_url}' is not a full web address: give the address the site "
            "will be served from, starting with https://, such as https://example.org/guide/")


def build_all(project_dir: Path, base_url: str = "") -> int:
    """Build every stored release into ``_build/site/`` with the shared site files.

    ``base_url`` (where the site will be served) makes the sitemap's addresses absolute.
    Every version is built beside the site; only when all have built are they swapped in,
    and published versions no longer in ``releases/`` are removed.
    """
    project_dir = Path(project_dir).resolve()
    if base_url_problem(base_url):
        print(base_url_problem(base_url), file=sys.stderr)
        return 2
    site = project_dir / "_build" / "site"
    unchanged = (f"the published site in {site} was left as it was" if site.is_dir()
                 else "nothing was published")
    try:
        releases = stored_releases(project_dir, warn=sys.stderr)
    except ReleaseError as exc:
        print(f"{exc}; {unchanged}", file=sys.stderr)
        return 1
    if not releases:
        print(f"no released versions in {project_dir / RELEASES}; run pcsp release VERSION",
              file=sys.stderr)
        return 1
    latest = latest_release(releases)
    if latest is None:
        print(f"every version in {project_dir / RELEASES} is withdrawn, so readers would have "
              "no version to go to: release a new version, or take \"withdrawn\" out of one "
              f"version's {RELEASE_FILE}; {unchanged}", file=sys.stderr)
        return 1
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
    except OSError as exc:
        print(f"{describe_os_error(exc)}; {unchanged}", file=sys.stderr)
        return 1
    staged: dict[str, Path] = {}
    swapped: list[str] = []
    try:
        for r in releases:
            try:
                staged[r.version] = _stage_version(r, releases, latest, work, site,
                                                   versions, pages, changes, base_url)
            except BuildFailed as exc:
                print(f"version {r.version} did not build{': ' if str(exc) else ''}{exc}; "
                      f"{unchanged}", file=sys.stderr)
                return 1
        newest = site / f".{LATEST}.staging"
        remove(newest)
        staged[LATEST] = newest
        shutil.copytree(staged[latest.version], newest, copy_function=shutil.copy2)
        for version, staging in staged.items():
            replace_dir(staging, site / version)
            swapped.append(version)
        note = write_site_files(site, releases, pages[latest.version], base_url)
        if note:
            print(note)
        for gone in remove_gone(site, work, releases):
            print(f"removed version {gone} from the site: it is no longer in {RELEASES}/")
    except OSError as exc:
        done = (f"only {', '.join(swapped)} were updated in {site}" if swapped else unchanged)
        print(f"{describe_os_error(exc)}; {done}", file=sys.stderr)
        return 1
    finally:
        for version, staging in staged.items():
            if version not in swapped:
                if version == LATEST:
                    remove(staging)
                else:
                    discard(staging, work / version)
    print(f"site with {len(releases)} version(s) in {site}; latest is {latest.version}")
    return 0


def switch_targets(here: Pages, there: Pages) -> dict[str, str]:
    """For the version switcher: where each page of one version is in another (``doc`` or
    ``doc#id``), for the pages that are not at the same address there."""
    targets = {doc: locate(doc, here, there) for doc in here.titles}
    return {doc: target for doc, target in targets.items() if target != doc}


def _stage_version(r: Release, releases: list[Release], latest: Release, work: Path,
                   site: Path, versions: list[dict[str, Any]], pages: dict[str, Pages],
                   changes: dict[str, Any], base_url: str = "") -> Path:
    """Build one version beside the site, with canonical links to the latest version and its
    redirect pages; return the staged folder, or raise :class:`BuildFailed`.

    Each page's switcher links to its place in every other version (``switch``: version ->
    page -> target, for the pages not at the same address there)."""
    context = {
        "current": r.version,
        "versions": versions,
        "switch": {o.version: switch_targets(pages[r.version], pages[o.version])
                   for o in releases if o is not r},
        "changes": changes.get(r.version),
    }
    context_file = work / f"{r.version}.context.json"
    context_file.write_text(json.dumps(context, indent=1, sort_keys=True), encoding="utf-8")
    with _environment(**{RELEASE_CONTEXT_ENV: str(context_file)}):
        staging = stage_build(work / r.version, site / r.version, None, clock(r.date).epoch)
    older = [pages[o.version] for o in releases
             if version_key(o.version) < version_key(r.version)]
    if r is latest:  # what latest/ showed while a newer, now withdrawn, version was latest
        older += [pages[o.version] for o in reversed(releases)
                  if version_key(o.version) > version_key(r.version)]
    try:
        add_canonical_links(staging, r.version, pages[r.version], pages[latest.version],
                            base_url)
        write_redirects(staging, pages[r.version], older)
    except BaseException:
        discard(staging, work / r.version)
        raise
    return staging


def remove_gone(site: Path, work: Path, releases: list[Release]) -> list[str]:
    """Remove from the site (and the build cache) every version folder whose release is no
    longer stored; only folders named like versions are touched. Return those versions."""
    kept = {r.version for r in releases}
    gone = []
    for entry in sorted(site.iterdir()) if site.is_dir() else ():
        if VERSION_PATTERN.fullmatch(entry.name) and entry.name not in kept \
                and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
            gone.append(entry.name)
    for entry in sorted(work.iterdir()) if work.is_dir() else ():
        version = entry.name.removesuffix(".context.json")
        if VERSION_PATTERN.fullmatch(version) and version not in kept:
            remove(entry)
    return sorted(gone, key=version_key)


# --- redirects and site files --------------------------------------------------------------

def redirect_page(href: str, link_text: str, heading: str = "This page has moved") -> str:
    """A tiny HTML page sending readers (and search engines) from an old address to ``href``.

    It works without JavaScript: a meta refresh, a canonical link and a visible link. With
    JavaScript, a link's ``#fragment`` (an item on the old page) is carried to the new page.
    """
    url, text = html.escape(href, quote=True), html.escape(link_text or "its new place")
    target = json.dumps(href).replace("<", "\\u003c").replace(">", "\\u003e")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(heading)}</title>\n"
        f"<script>var to={target};if(location.hash.length>1){{to=to.split('#')[0]"
        "+location.hash}location.replace(to)</script>\n"
        f'<meta http-equiv="refresh" content="0; url={url}">\n'
        f'<link rel="canonical" href="{url}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n"
        f'<p>{html.escape(heading)}: go to <a href="{url}">{text}</a>.</p>\n'
        "</body>\n</html>\n")


def write_redirects(out: Path, pages: Pages, older: list[Pages]) -> list[str]:
    """In a built version, a redirect at the address of every page an older version had.

    ``older`` lists the older versions' pages, nearest first (for the latest version, then
    those of newer, withdrawn versions, whose pages were once at its ``latest/`` addresses).
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
    latest = latest_release(releases)
    for r in releases:
        note = " (latest)" if r is latest else ""
        withdrawn = ""
        if r.withdrawn:
            reason = f": {html.escape(r.withdrawn_reason)}" if r.withdrawn_reason else ""
            withdrawn = (f'; <strong>withdrawn</strong> <time datetime="{r.withdrawn_on}">'
                         f"{r.withdrawn_on}</time>{reason}")
        items.append(f'<li><a href="{html.escape(r.path)}index.html">Version '
                     f"{html.escape(r.version)}</a>{note}, published "
                     f'<time datetime="{html.escape(r.date)}">{html.escape(r.date)}</time>'
                     f"{withdrawn}</li>")
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
    lastmod = (latest_release(releases) or releases[0]).date
    urls = [f"latest/{doc}.html" for doc in latest_pages.titles] + ["versions.html"]
    rows = [f"  <url><loc>{xml_escape(base + u)}</loc><lastmod>{lastmod}</lastmod></url>"
            for u in urls]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            + "\n".join(rows) + "\n</urlset>\n")


def write_site_files(site: Path, releases: list[Release], latest_pages: Pages,
                     base_url: str = "") -> str:
    """versions.json, versions.html, the root redirect, .nojekyll and, given the address the
    site is served from, sitemap.xml (a sitemap must give full addresses). Without one, an
    old sitemap.xml is removed; returns a sentence saying so, or ''."""
    files = {
        "versions.json": json.dumps(versions_json(releases, base_url), indent=2) + "\n",
        "versions.html": versions_page(releases),
        "index.html": redirect_page("latest/index.html", "the latest version of this guide",
                                    "This guide"),
        ".nojekyll": "",
    }
    note = ""
    if base_url:
        files["sitemap.xml"] = sitemap(releases, latest_pages, base_url)
    else:
        old = site / "sitemap.xml"
        note = ("no sitemap.xml was written (" + ("the old one was removed, " if old.is_file()
                else "") + "as a sitemap needs full addresses): give the address the site "
                "will be served from with --base-url, such as https://example.org/guide/")
        old.unlink(missing_ok=True)
    for name, text in files.items():
        (site / name).write_text(text, encoding="utf-8")
    return note
