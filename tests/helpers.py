"""Helpers shared by the test modules: where things are, running ``pcsp``, copying projects,
reading built pages and PDFs.

Test modules import these (``from helpers import pcsp``); pytest puts ``tests/`` on the
import path. Fixtures live in ``conftest.py``.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"
ROOTS = TESTS / "roots"
MINIMAL = ROOTS / "test-minimal"
VERSIONS = TESTS / "fixtures" / "versions"
EXAMPLES = REPO / "examples"
EXAMPLE_PRACTICE = EXAMPLES / "practice.yaml"
EXAMPLE_PRACTICES_CSV = EXAMPLES / "practices.csv"

EPOCH = "1764028800"
"""2025-11-25T00:00:00Z: the 'today' of every build and check (before any review date)."""

PROJECT_PARTS = ("conf.py", "content", "checklists", "source", "_templates")
"""A project folder's sources: what a copy of this repository's guide needs."""


# ---------------------------------------------------------------- the pcsp command

def pcsp(*args: str, cwd: Path | None = None, epoch: str | None = EPOCH,
         check: bool = False) -> subprocess.CompletedProcess[str]:
    """Run the ``pcsp`` command in a fresh Python, as a user would.

    ``epoch`` is SOURCE_DATE_EPOCH for the run (None: run without it, so the guide's
    ``published`` date is 'today'); ``check`` fails the test if the command fails.
    """
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    if epoch is not None:
        env["SOURCE_DATE_EPOCH"] = epoch
    result = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                            text=True, cwd=cwd, env=env)
    if check:
        assert result.returncode == 0, f"pcsp {' '.join(args)} failed:\n{result.stderr}"
    return result


# ---------------------------------------------------------------- projects to work on

def copy_project(dest: Path, root: Path = REPO, parts: tuple[str, ...] = PROJECT_PARTS) -> Path:
    """Copy a project's sources (by default this repository's guide; never its builds or
    generated pages) to ``dest``, for a test to build or edit."""
    from generator.release import copy_sources  # (imports Sphinx: only when needed)

    return copy_sources(root, dest, parts)


def copy_root(name: str, dest: Path) -> Path:
    """A private copy of the test root ``tests/roots/test-<name>`` at ``dest``."""
    return Path(shutil.copytree(ROOTS / f"test-{name}", dest))


def minimal_project(dest: Path) -> Path:
    """The minimal test root as a project folder in the real layout (conf.py, content/,
    an empty checklists/, source/index.md), at ``dest``."""
    shutil.copytree(MINIMAL / "content", dest / "content")
    (dest / "checklists").mkdir()
    (dest / "source").mkdir()
    shutil.copy2(MINIMAL / "conf.py", dest / "conf.py")
    shutil.copy2(MINIMAL / "index.md", dest / "source" / "index.md")
    return dest


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that occurs exactly once in a file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not in {path.name} exactly once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def use_content(project: Path, version: str) -> None:
    """Replace a project's content with that of a fixture version (as an editor's edits)."""
    shutil.rmtree(project / "content")
    shutil.copytree(VERSIONS / version / "content", project / "content")


def release_fixture_versions(project: Path) -> Path:
    """The two fixture versions released side by side, as an editor would: release 1.0,
    edit the content into 1.1, release 1.1. Returns the project folder."""
    shutil.copytree(VERSIONS / "1.0", project)
    pcsp("release", "1.0", str(project), check=True)
    use_content(project, "1.1")
    pcsp("release", "1.1", str(project), check=True)
    return project


def practices_csv(path: Path, rows: int | None = None, *, change: dict[str, str] | None = None,
                  extra: tuple[list[str], ...] = ()) -> Path:
    """A CSV file of practices: the header and the first ``rows`` rows (all if None) of
    examples/practices.csv, with ``change`` (column: new value) made in the first row, then
    the ``extra`` rows."""
    with open(EXAMPLE_PRACTICES_CSV, encoding="utf-8", newline="") as f:
        header, *examples = list(csv.reader(f))
    chosen = [list(row) for row in examples[:rows]]
    for column, value in (change or {}).items():
        chosen[0][header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *chosen, *extra])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# ---------------------------------------------------------------- reading what was built

def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by relative path, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def html_pages(site: Path) -> list[Path]:
    """Every HTML page of a built site (not those under ``_static``)."""
    return sorted(p for p in site.rglob("*.html")
                  if "_static" not in p.relative_to(site).parts)


def soup(path: Path) -> BeautifulSoup:
    """A built HTML file, parsed."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def page(app: Any, docname: str) -> BeautifulSoup:
    """The built HTML page of ``docname`` in a Sphinx test app's output."""
    return soup(app.outdir / f"{docname}.html")


class _LinksAndIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.add(value)
            elif name == "href" and tag == "a" and value is not None:
                self.hrefs.append(value)

    handle_startendtag = handle_starttag


def links_and_ids(path: Path) -> tuple[list[str], set[str]]:
    """One pass over an HTML file: the ``href`` of every link, and every element ``id``."""
    parser = _LinksAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser.hrefs, parser.ids


def pdf_text(path: Path) -> str:
    """All the text a reader can copy out of a PDF, page after page."""
    import pypdf

    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def squash(text: str) -> str:
    """Text without any whitespace (or the break hints in very long words), so line wrapping
    does not matter."""
    return "".join(text.replace("\u200b", "").split())


def filled(text: str, values: dict[str, str]) -> str:
    """Wording with its ``{placeholder}``s replaced in one pass (unknown ones left as written),
    as a reader of a practice's pack sees it."""
    return re.sub(r"\{([a-z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def stand_in_translation(project: Path, code: str, mark: str) -> Path:
    """Start a translation with ``pcsp translation`` and give every item a stand-in: the
    English with ``mark`` before each text. Returns the translation file."""
    import yaml

    from generator.content.project import load_project

    assert pcsp("translation", code, str(project)).returncode == 0
    path = project / "content" / "translations" / code / "patient-materials.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    wording = load_project(project).wording
    assert wording is not None
    for item in data["items"]:
        english = wording.items[item["id"]]
        if isinstance(english, str):
            item["text"] = f"{mark} {english}"
        elif isinstance(english[0], dict):
            item["entries"] = [{"id": e["id"], "title": f"{mark} {e['title']}",
                                "text": f"{mark} {e['text']}"} for e in english]
        else:
            item["points"] = [f"{mark} {p}" for p in english]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000),
                    encoding="utf-8")
    return path
