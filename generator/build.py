"""Build the guide with Sphinx so that a failed build never damages the last good one.

Sphinx builds into a staging copy of the previous output (mtimes kept, so its
incremental rebuild still works); only a clean build (``-W``, no warnings) replaces
``_build/html``. The doctree cache lives in ``_build/doctrees``. Every date in the build
comes from the project's clock (``generator.content.clock``).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from sphinx.cmd.build import build_main

from .checks import check_project
from .content import diagnostics
from .content.clock import pinned


def build_site(project_dir: Path, out: Path | None = None, practices: Path | None = None,
               epoch: int | None = None) -> int:
    """Validate and build the guide; return a process exit code (0 on success).

    With ``practices`` (a CSV), their practice packs are published in the site too.
    ``epoch`` overrides the project's clock (a release builds at its release date).
    """
    project_dir = project_dir.resolve()
    if not (project_dir / "conf.py").is_file():
        print(f"{project_dir}: no conf.py here; is this a pcsp project folder?", file=sys.stderr)
        return 2
    project, found = check_project(project_dir)
    if diagnostics.errors_only(found) or project.guidance is None:
        print(diagnostics.format_text(found, ""), file=sys.stderr)
        print("build stopped: fix the errors above; the previous build was left as it was",
              file=sys.stderr)
        return 1
    out = (out or project_dir / "_build" / "html").resolve()
    doctrees = project_dir / "_build" / "doctrees"
    staging = out.with_name(f".{out.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    if out.is_dir():
        shutil.copytree(out, staging, copy_function=shutil.copy2)
    argv = ["-q", "-W", "-b", "html", "-c", str(project_dir), "-d", str(doctrees),
            str(project_dir / "source"), str(staging)]
    if practices is not None:
        argv[:0] = ["-D", f"pcsp_practices={Path(practices).resolve()}"]
    with pinned(project.clock.epoch if epoch is None else epoch):
        status = build_main(argv)
    if status != 0:
        shutil.rmtree(staging, ignore_errors=True)
        # A failed build may have cached pages whose warnings would not be raised again.
        shutil.rmtree(doctrees, ignore_errors=True)
        print(f"build failed; {out} still holds the last good build", file=sys.stderr)
        return 1
    # Sphinx keeps the old build info when settings change; a clean build has none.
    (staging / ".buildinfo.bak").unlink(missing_ok=True)
    replace_dir(staging, out)
    print(f"built {out}")
    return 0


def replace_dir(new: Path, target: Path) -> None:
    """Put ``new`` in place of ``target`` with two renames, so readers never see a half build."""
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)
