"""Benchmark the guide build against bare Sphinx; prints figures, asserts nothing.

Usage: .venv/bin/python benchmarks/site.py [--runs N]

Prints, in one run (each figure the median of --runs runs; each command a fresh process,
the guide and the bare project run back to back so both see the same machine load):

- clean build: ``pcsp build`` with an empty _build, and bare Sphinx + MyST with the same
  number of plain pages and the same theme (the floor); goal: ratio <= 1.5;
- edit-to-rebuild: ``pcsp build`` after editing one YAML field, and bare Sphinx after
  editing one page; goal: ratio <= 1.0;
- no-op: both again with nothing changed; goal: ratio <= 1.2;
- ``pcsp serve``: from saving a YAML edit to the server giving the changed page (the open
  page notices within the browser's 0.25 s poll, added in the last column); goal < 1.5 s;
- the printable guide (the whole guide, each stage and each blank checklist as PDFs): the CPU
  time of making them all from scratch, which a clean build spends in a thread while Sphinx
  reads (an edit remakes only the PDFs whose content changed).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.release import copy_sources  # noqa: E402
from generator.serve import BUILD_ID_PATH  # noqa: E402

BROWSER_POLL = 0.25
"""How often an open page asks ``pcsp serve`` for the build id (see generator/serve.py)."""


def timed(cmd: list[str]) -> float:
    """Run a command as a fresh process; return wall-clock seconds (stop if it fails)."""
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stderr}")
    return took


def bare_project(dest: Path, pages: int) -> None:
    """A plain MyST project with ``pages`` pages of a few paragraphs each, same theme."""
    dest.mkdir()
    (dest / "conf.py").write_text(
        'project = "Bare"\nextensions = ["myst_parser"]\nhtml_theme = "furo"\n')
    names = [f"page-{i:03d}" for i in range(pages - 1)]
    toc = "\n".join(names)
    (dest / "index.md").write_text(f"# Bare\n\n```{{toctree}}\n{toc}\n```\n")
    for name in names:
        edit_bare_page(dest / f"{name}.md", 0)


def edit_bare_page(path: Path, n: int) -> None:
    """Write (or rewrite) a bare page; ``n`` changes its first paragraph."""
    para = "Plain text about care and support planning, repeated to fill a page. " * 12
    body = "\n\n".join(f"## Part {j}\n\n{para}" for j in range(6))
    path.write_text(f"# {path.stem}\n\nEdit number {n}.\n\n{body}\n")


def edit_one_field(project: Path, n: int) -> str:
    """Change the first activity summary in content/stages.yaml; return the new text."""
    path = project / "content" / "stages.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    text = f"Benchmark edit number {n} of this activity summary."
    seen_activities = False
    for i, line in enumerate(lines):
        seen_activities = seen_activities or line.strip().startswith("activities:")
        if seen_activities and line.strip().startswith("summary:"):
            indent = line[: len(line) - len(line.lstrip())]
            lines[i] = f"{indent}summary: {text}\n"
            break
    path.write_text("".join(lines), encoding="utf-8")
    return text


def html_pages(out: Path) -> int:
    """Pages a reader can open (not search or index pages)."""
    skip = {"search.html", "genindex.html"}
    return sum(1 for p in out.rglob("*.html") if p.name not in skip and "_static" not in p.parts)


def fetch(url: str) -> str:
    """The body of ``url`` (from the local preview server)."""
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (127.0.0.1 only)
        return response.read().decode("utf-8")


def wait_for(check: Callable[[], bool], limit: float = 60.0) -> None:
    """Poll ``check`` every 10 ms until it is true (stop after ``limit`` seconds)."""
    end = time.perf_counter() + limit
    while not check():
        if time.perf_counter() > end:
            sys.exit("pcsp serve did not show the change in time")
        time.sleep(0.01)


def serve_latencies(project: Path, runs: int) -> list[float]:
    """Seconds from saving a YAML edit to ``pcsp serve`` giving the changed page, per run."""
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", str(project), "--port", "0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert server.stdout is not None
        line = ""
        while "serving" not in line:
            line = server.stdout.readline()
            if not line:
                sys.exit("pcsp serve stopped before serving")
        base = re.search(r"http://[0-9.:]+/", line)
        assert base is not None
        page = "_generated/stages/set-up.html"  # where the first activity is shown
        times = []
        for n in range(runs):
            build_id = fetch(base.group() + BUILD_ID_PATH.lstrip("/"))
            time.sleep(0.5)  # a save comes some time after the last one
            start = time.perf_counter()
            text = edit_one_field(project, 1000 + n)
            wait_for(lambda seen=build_id: fetch(base.group() + BUILD_ID_PATH.lstrip("/")) != seen)
            if text not in fetch(base.group() + page):
                sys.exit("pcsp serve rebuilt but the page does not show the edit")
            times.append(time.perf_counter() - start)
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def printable_guide_cpu() -> tuple[float, int]:
    """CPU seconds to make every printable PDF from scratch in a fresh process, and how many."""
    code = ("import sys, time; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
            "from generator.content.project import load_project; "
            "from generator.packs.guide import guide_pdf_files; "
            "from generator.site.print_guide import print_words; "
            "p = load_project(Path(sys.argv[1])); t = time.process_time(); "
            "files = guide_pdf_files(p, print_words()); print(time.process_time() - t, len(files))")
    out = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0]), int(out[1])


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764028800")
    pcsp = [sys.executable, "-m", "generator", "build"]
    sphinx = [sys.executable, "-m", "sphinx", "-q", "-b", "html"]
    figures: dict[str, list[float]] = {k: [] for k in (
        "guide clean", "bare clean", "guide edit", "bare edit", "guide no-op", "bare no-op")}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pages = 0
        for run in range(runs):
            guide, bare = root / f"guide-{run}", root / f"bare-{run}"
            guide.mkdir()
            copy_sources(ROOT, guide)
            figures["guide clean"].append(timed([*pcsp, str(guide)]))
            pages = pages or html_pages(guide / "_build" / "html")
            bare_project(bare, pages)
            bare_build = [*sphinx, str(bare), str(bare / "_build" / "html")]
            figures["bare clean"].append(timed(bare_build))
            edit_one_field(guide, run)
            figures["guide edit"].append(timed([*pcsp, str(guide)]))
            edit_bare_page(bare / "page-001.md", run + 1)
            figures["bare edit"].append(timed(bare_build))
            figures["guide no-op"].append(timed([*pcsp, str(guide)]))
            figures["bare no-op"].append(timed(bare_build))
        serve = serve_latencies(root / "guide-0", runs)
    med = {k: statistics.median(v) for k, v in figures.items()}
    print(f"pages: {pages}   runs: {runs}   cores: {os.cpu_count()}   "
          f"load: {os.getloadavg()[0]:.2f}")
    print(f"{'':34}{'guide':>8}{'bare':>8}{'ratio':>8}  goal")
    for label, key, goal in (("clean build", "clean", "<= 1.5"),
                             ("rebuild after one edit", "edit", "<= 1.0"),
                             ("no-op build", "no-op", "<= 1.2")):
        guide_s, bare_s = med[f"guide {key}"], med[f"bare {key}"]
        print(f"{label:34}{guide_s:7.2f}s{bare_s:7.2f}s{guide_s / bare_s:8.2f}  {goal}")
    printed = [printable_guide_cpu() for _ in range(runs)]
    serve_s = statistics.median(serve)
    print(f"{'pcsp serve: save to changed page':34}{serve_s:7.2f}s  (max {max(serve):.2f} s; "
          f"with the page's poll: {serve_s + BROWSER_POLL:.2f} s)  goal < 1.5 s")
    cpu = statistics.median(c for c, _ in printed)
    print(f"{'printable guide, made from scratch':34}{cpu:7.2f}s CPU for {printed[0][1]} PDFs "
          "(in a thread beside Sphinx in a clean build)")


if __name__ == "__main__":
    main()
