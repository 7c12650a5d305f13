"""Benchmark the guide build; prints figures, asserts nothing.

Usage: python benchmarks/site.py [--runs N]

Prints, in one run:
- the clean build time of the guide (``pcsp build`` as a fresh process, empty _build);
- the clean build time of a bare Sphinx + MyST project with the same number of plain
  pages and the same theme (the floor);
- their ratio (goal <= 1.5);
- the rebuild time after editing one YAML field (goal <= 1.5 s on 2 cores).
Each figure is the median of --runs runs (default 3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from generator.release import copy_sources

REPO = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], cwd: Path) -> float:
    """Run a command as a fresh process; return wall-clock seconds (fail loudly if it fails)."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start




def bare_project(dest: Path, pages: int) -> None:
    """A plain MyST project with ``pages`` pages of a few paragraphs each, same theme."""
    (dest / "conf.py").write_text(
        'project = "Bare"\nextensions = ["myst_parser"]\nhtml_theme = "furo"\n')
    names = [f"page-{i:03d}" for i in range(pages - 1)]
    toc = "\n".join(names)
    (dest / "index.md").write_text(f"# Bare\n\n```{{toctree}}\n{toc}\n```\n")
    para = "Plain text about care and support planning, repeated to fill a page. " * 12
    for name in names:
        body = "\n\n".join(f"## Part {j}\n\n{para}" for j in range(6))
        (dest / f"{name}.md").write_text(f"# {name}\n\n{body}\n")


def edit_one_field(project: Path, n: int) -> None:
    """Change the text of the first activity summary in content/stages.yaml."""
    path = project / "content" / "stages.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    seen_activities = False
    for i, line in enumerate(lines):
        seen_activities = seen_activities or line.strip().startswith("activities:")
        if seen_activities and line.strip().startswith("summary:"):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f"{indent}summary: Benchmark edit number {n} of this activity summary.\n"
            break
    path.write_text("".join(lines), encoding="utf-8")


def html_pages(out: Path) -> int:
    """Pages a reader can open (not search or index pages)."""
    skip = {"search.html", "genindex.html"}
    return sum(1 for p in out.rglob("*.html") if p.name not in skip and "_static" not in p.parts)


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764028800")
    pcsp = [sys.executable, "-m", "generator", "build"]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        clean, rebuild = [], []
        for run in range(runs):
            project = root / f"guide-{run}"
            project.mkdir()
            copy_sources(REPO, project)
            clean.append(timed([*pcsp, str(project)], REPO))
            edit_one_field(project, run)
            rebuild.append(timed([*pcsp, str(project)], REPO))
        pages = html_pages(root / "guide-0" / "_build" / "html")
        bare_times = []
        for run in range(runs):
            bare = root / f"bare-{run}"
            bare.mkdir()
            bare_project(bare, pages)
            bare_times.append(timed(
                [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(bare),
                 str(bare / "_build" / "html")], REPO))
    guide_s, bare_s, rebuild_s = (statistics.median(x) for x in (clean, bare_times, rebuild))
    print(f"pages: {pages}   runs: {runs}   cores: {os.cpu_count()}")
    print(f"clean build, guide (pcsp build):        {guide_s:6.2f} s")
    print(f"clean build, bare Sphinx, same pages:   {bare_s:6.2f} s   (floor)")
    print(f"ratio guide / bare:                     {guide_s / bare_s:6.2f}     (goal <= 1.5)")
    print(f"rebuild after editing one YAML field:   {rebuild_s:6.2f} s   (goal <= 1.5 s)")


if __name__ == "__main__":
    main()
