"""Build the guide with Sphinx so that a failed build never damages the last good one.

Sphinx builds into a staging copy of the previous output (mtimes kept, so its
incremental rebuild still works; ``_static`` is left out and copied afresh, and symbolic
links are never copied or followed); only a clean build (warnings are errors) replaces the
output folder, ``_build/html`` unless ``-o`` says otherwise. Before the swap, every file of
the copy that the new build did not write and does not list (pages of removed content,
redirect pages, images no page uses) is removed, so the output equals a clean build's.

The doctree cache lives in ``_build/doctrees`` and belongs to one output folder (named in
``_build/doctrees/.pcsp-output``): building into another folder starts the cache afresh.
Every date in the build comes from the project's clock (``generator.content.clock``).

Failures are reported as plain sentences, never as Sphinx's crash report: content and
practices-CSV problems as ``file:line:column`` diagnostics, a file that cannot be written by
its name and the reason.
"""

from __future__ import annotations

import errno
import os
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.search import js_index
from sphinx.util.docutils import docutils_namespace, patch_docutils

from .checks import check_project
from .content import diagnostics
from .content.clock import ClockError, pinned
from .content.diagnostics import ContentError, describe_os_error
from .site.practice_pack import read_practices

PROTECTED = ("conf.py", "content", "checklists", "source", "_templates", "releases",
             "_build/doctrees", "_build/releases")
"""Parts of a project that ``-o`` may not point into (the build replaces its output folder)."""

FRESH = ("_static",)
"""Top-level output folders not copied from the previous build: Sphinx writes all of them."""

OWN = ("packs", "print")
"""Top-level output folders that the extension keeps in order itself (the published packs
and the printable guide)."""

OUTPUT_MARK = ".pcsp-output"
"""File in the doctrees folder naming the output folder the cached doctrees were built for."""


class OutputError(Exception):
    """An output folder that cannot be used; the message is one sentence saying why."""


class BuildFailed(Exception):
    """A build that did not finish; the message says why in a few words ('' when Sphinx or
    the checks have already said why on stderr)."""


def output_problem(project_dir: Path, out: Path) -> str:
    """Why ``out`` cannot be the output folder of a build of ``project_dir`` ('' if it can)."""
    project_dir = project_dir.resolve()
    try:
        resolved = out.resolve()
        is_dir, exists = resolved.is_dir(), resolved.exists() or resolved.is_symlink()
    except (OSError, RuntimeError):
        return (f"-o {out}: this path is a symbolic link that leads round in a loop; give a "
                "real folder")
    default = project_dir / "_build" / "html"
    if resolved == project_dir or project_dir.is_relative_to(resolved):
        return (f"-o {out} is the project folder or holds it; the build replaces its output "
                f"folder completely, so give a folder of its own, such as {default}")
    for part in PROTECTED:
        inside = project_dir / part
        if resolved == inside or resolved.is_relative_to(inside) or inside.is_relative_to(
                resolved):
            return (f"-o {out} is or holds the project's {part}, which the build would "
                    f"replace; give a folder of its own, such as {default}")
    if exists and not is_dir:
        return (f"-o {out} is a file, not a folder: give a folder for the website (it is "
                "made if missing), or move the file away first")
    if is_dir:
        try:
            has_files = next(resolved.iterdir(), None) is not None
        except OSError as exc:
            return f"-o {out}: {describe_os_error(exc, 'cannot read')}"
        if has_files and not (resolved / ".buildinfo").is_file():
            return (f"-o {out} already holds files that are not a website built by pcsp, and "
                    "the build replaces the whole folder; give a new or empty folder")
    return ""


def output_folder(project_dir: Path, out: Path | None) -> Path:
    """The output folder (resolved), or raise :class:`OutputError` saying why it cannot be."""
    out = Path(out) if out is not None else project_dir / "_build" / "html"
    problem = output_problem(project_dir, out)
    if problem:
        raise OutputError(problem)
    return out.resolve()


def kept_note(out: Path) -> str:
    """What a failed build leaves, truthfully: the last good build, or nothing at all."""
    if out.is_dir():
        return f"{out} still holds the last good build"
    return f"there is no earlier build in {out}, and nothing was written there"


def practices_problem(csv_path: Path) -> str:
    """Every problem with a practices CSV, as plain lines, or '' if its packs can be made."""
    if not csv_path.exists():
        return (f"--practices {csv_path}: there is no such file; give the path of a practices "
                "CSV file (see examples/practices.csv)")
    if csv_path.is_dir():
        return (f"--practices {csv_path} is a folder; give the path of a practices CSV file "
                "(see examples/practices.csv)")
    try:
        read_practices(csv_path)
    except ContentError as exc:
        return "\n".join(d.format() for d in exc.diagnostics)
    except OSError as exc:
        return f"--practices: {describe_os_error(exc, 'cannot read')}"
    return ""


def build_site(project_dir: Path, out: Path | None = None, practices: Path | None = None,
               epoch: int | None = None) -> int:
    """Validate and build the guide; return a process exit code (0 on success).

    With ``practices`` (a CSV), their practice packs are published in the site too.
    ``epoch`` overrides the project's clock (a release builds at its release date).
    """
    project_dir = Path(project_dir).resolve()
    if not (project_dir / "conf.py").is_file():
        print(f"{project_dir}: no conf.py here; is this a pcsp project folder?", file=sys.stderr)
        return 2
    try:
        out = output_folder(project_dir, out)
    except OutputError as exc:
        print(f"pcsp build: {exc}", file=sys.stderr)
        return 2
    project, found = check_project(project_dir)
    kept = kept_note(out)
    if diagnostics.errors_only(found) or project.guidance is None:
        print(diagnostics.format_text(found, ""), file=sys.stderr)
        print(f"build stopped: fix the errors above; {kept}", file=sys.stderr)
        return 1
    if practices is not None:
        practices = Path(practices).resolve()
        problem = practices_problem(practices)
        if problem:
            print(problem, file=sys.stderr)
            print(f"build stopped: fix the practices file {practices}; {kept}",
                  file=sys.stderr)
            return 1
    try:
        staging = stage_build(project_dir, out, practices,
                              project.clock.epoch if epoch is None else epoch)
    except BuildFailed as exc:
        print(f"build failed{': ' if str(exc) else ''}{exc}; {kept_note(out)}", file=sys.stderr)
        return 1
    try:
        replace_dir(staging, out)
    except OSError as exc:
        discard(staging, project_dir)
        print(f"build failed: {describe_os_error(exc, 'could not put the new build in place at')}"
              f"; {kept_note(out)}", file=sys.stderr)
        return 1
    print(f"built {out}")
    return 0


def doctrees_dir(project_dir: Path) -> Path:
    """Where a project's doctree cache lives."""
    return Path(project_dir) / "_build" / "doctrees"


def discard(staging: Path, project_dir: Path) -> None:
    """Throw away a build that is not used, and the doctrees cached for it (they describe
    pages that were never published, so the next build must not trust them)."""
    remove(staging)
    remove(doctrees_dir(project_dir))


def stage_build(project_dir: Path, out: Path, practices: Path | None, epoch: int) -> Path:
    """Build the checked project into a staging folder beside ``out`` and return it; raise
    :class:`BuildFailed` if the build failed (nothing is left behind)."""
    staging = out.with_name(f".{out.name}.staging")
    doctrees = doctrees_dir(project_dir)
    built = False
    try:
        remove(staging)
        seeded = seed(out, staging)
        _match_cache(doctrees, out)
        with pinned(epoch):
            built = run_sphinx(project_dir, staging, doctrees, practices, seeded)
        if built:
            doctrees.mkdir(parents=True, exist_ok=True)
            (doctrees / OUTPUT_MARK).write_text(str(out), encoding="utf-8")
    except OSError as exc:  # name the output folder, not the hidden one beside it
        raise BuildFailed(describe_os_error(exc).replace(str(staging), str(out))) from None
    finally:
        if not built:
            discard(staging, project_dir)
    if not built:
        raise BuildFailed("")
    return staging


def _match_cache(doctrees: Path, out: Path) -> None:
    """Start the doctree cache afresh unless it was built for ``out``."""
    mark = doctrees / OUTPUT_MARK
    if not doctrees.exists():
        return
    try:
        same = mark.read_text(encoding="utf-8") == str(out)
    except (OSError, UnicodeDecodeError):
        same = False
    if not same:
        remove(doctrees)


def seed(out: Path, staging: Path) -> dict[str, int]:
    """Copy the previous output into ``staging`` (regular files and folders only, mtimes kept,
    never following a symbolic link, leaving out :data:`FRESH`); return each copied file's
    modification time (ns) by its path relative to the output."""
    staging.mkdir(parents=True)
    copied: dict[str, int] = {}
    if not out.is_dir():
        return copied

    def walk(src: Path, dst: Path, rel: str) -> None:
        with os.scandir(src) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                name = f"{rel}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    if not rel and entry.name in FRESH:
                        continue
                    (dst / entry.name).mkdir()
                    walk(Path(entry.path), dst / entry.name, f"{name}/")
                elif entry.is_file(follow_symlinks=False):
                    shutil.copy2(entry.path, dst / entry.name, follow_symlinks=False)
                    copied[name] = (dst / entry.name).stat().st_mtime_ns

    walk(out, staging, "")
    return copied


@contextmanager
def _sphinx_output() -> Iterator[None]:
    """Plain Sphinx messages (no colour codes) unless stderr is a terminal, as sphinx-build."""
    try:
        from sphinx._cli.util.colour import (
            disable_colour,
            enable_colour,
            terminal_supports_colour,
        )
    except ImportError:  # a Sphinx without these: it decides itself
        yield
        return
    plain = not (sys.stderr.isatty() and terminal_supports_colour())
    if plain:
        disable_colour()
    try:
        yield
    finally:
        if plain:
            enable_colour()


def run_sphinx(project_dir: Path, outdir: Path, doctrees: Path, practices: Path | None,
               seeded: dict[str, int]) -> bool:
    """Run Sphinx's HTML build (warnings are errors); on success remove the files of
    ``seeded`` that the build neither wrote nor lists. Say on stderr why a build failed."""
    overrides = {"pcsp_practices": str(practices)} if practices is not None else {}
    try:
        with _sphinx_output(), patch_docutils(project_dir), docutils_namespace():
            app = Sphinx(srcdir=project_dir / "source", confdir=project_dir, outdir=outdir,
                         doctreedir=doctrees, buildername="html", confoverrides=overrides,
                         status=None, warning=sys.stderr, freshenv=False,
                         warningiserror=True)
            app.build()
            if app.statuscode != 0:
                return False
            prune(outdir, seeded, expected_files(app, outdir))
            drop_stale_search_terms(outdir / "searchindex.js")
            # Sphinx keeps the old build info when settings change; a clean build has none.
            (outdir / ".buildinfo.bak").unlink(missing_ok=True)
            return True
    except SphinxError as exc:
        print(sphinx_failure(exc), file=sys.stderr)
    except ContentError as exc:
        print("\n".join(d.format() for d in exc.diagnostics), file=sys.stderr)
    except ClockError as exc:
        print(exc, file=sys.stderr)
    except OSError as exc:
        print(describe_os_error(exc, "could not use"), file=sys.stderr)
    except RecursionError:
        print("the build went too deep (a page that includes itself?)", file=sys.stderr)
    return False


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and the exceptions behind it (Sphinx's ``orig_exc``, causes, contexts)."""
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop(0)
        if e is None or id(e) in seen:
            continue
        seen.add(id(e))
        yield e
        todo += [getattr(e, "orig_exc", None), e.__cause__,
                 None if e.__suppress_context__ else e.__context__]


def sphinx_failure(exc: Exception) -> str:
    """A Sphinx error as plain text: the content problem, file or message behind it."""
    for cause in _causes(exc):
        if isinstance(cause, ContentError):
            return "\n".join(d.format() for d in cause.diagnostics)
        if isinstance(cause, ClockError):
            return str(cause)
        if isinstance(cause, OSError):
            return describe_os_error(cause, "could not use")
    inner = getattr(exc, "orig_exc", None)
    if inner is not None:  # an unexpected error in an extension: say what it was, briefly
        return (f"an extension failed with {type(inner).__name__}: {inner}; this is a fault "
                "in pcsp or the extension, please report it")
    message = getattr(exc, "message", None) or str(exc)
    return message if message.startswith("pcsp") else f"{exc.category}: {message}"


def expected_files(app: Any, outdir: Path) -> set[str]:
    """Files a clean build would have that an incremental one may not rewrite: every page of
    the project, its images, downloads and ``html_extra_path`` files."""
    expected = set()
    for doc in app.env.found_docs:
        page = Path(app.builder.get_outfilename(doc))
        if page.is_relative_to(outdir):
            expected.add(page.relative_to(outdir).as_posix())
    expected |= {f"_images/{name}" for _docs, name in app.env.images.values()}
    expected |= {f"_downloads/{dest}" for _docs, dest in app.env.dlfiles.values()}
    for extra in app.config.html_extra_path:
        root = Path(app.confdir) / extra
        if root.is_dir():
            expected |= {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        elif root.is_file():
            expected.add(root.name)
    return expected


def drop_stale_search_terms(index: Path) -> bool:
    """Remove the words no page has any more from Sphinx's search index, as a clean build
    would not have them; return whether the index changed.

    An incremental build starts from the previous index and forgets the pages it rebuilt or
    lost, but keeps their words with an empty list of pages.
    """
    try:
        data = js_index.loads(index.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    changed = False
    for key in ("terms", "titleterms"):
        words = data.get(key)
        if isinstance(words, dict):
            stale = [word for word, pages in words.items() if pages == []]
            for word in stale:
                del words[word]
            changed = changed or bool(stale)
    if changed:
        index.write_text(js_index.dumps(data), encoding="utf-8")
    return changed


def prune(outdir: Path, seeded: dict[str, int], expected: set[str]) -> list[str]:
    """Remove the files copied from the previous build that this build neither wrote (same
    modification time) nor lists in ``expected``, then any folder left empty; return them.
    :data:`OWN` folders are left to the extension."""
    removed = []
    for rel, mtime in seeded.items():
        if rel in expected or rel.split("/", 1)[0] in OWN:
            continue
        path = outdir / rel
        try:
            st = path.lstat()
        except FileNotFoundError:
            continue
        if st.st_mtime_ns == mtime:
            path.unlink()
            removed.append(rel)
    for rel in sorted({str(Path(r).parent) for r in removed}, key=len, reverse=True):
        folder = outdir / rel
        while folder != outdir and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed


def remove(path: Path) -> None:
    """Remove a file, a link or a folder (never following a link); nothing if it is absent."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` with two renames, so readers never see a half build.

    ``target`` must be a folder (or absent): a file there is never moved aside.
    """
    if (target.exists() or target.is_symlink()) and not target.is_dir():
        raise FileExistsError(errno.EEXIST, "a file is in the way", str(target))
    old = target.with_name(f".{target.name}.old")
    remove(old)
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except OSError:
        if old.exists() and not target.exists():
            old.rename(target)
        raise
    remove(old)
