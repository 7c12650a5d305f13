"""Time practice packs: one pack in a fresh process, a 500-practice CSV in parallel, and the
Typst engine alone on the same documents (the floor). Prints the timings; asserts nothing.

Run: .venv/bin/python benchmarks/packs.py [--practices N] [--jobs N]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.packs.pack import DOCUMENTS, PackBuilder, practice_data  # noqa: E402
from generator.packs.profile import load_practices_csv  # noqa: E402
from generator.packs.render import Renderer  # noqa: E402
from generator.packs.wording import fill  # noqa: E402

ALL_PRACTICES = 6300
"""Roughly the number of GP practices in England."""


def pcsp(*args: str) -> float:
    """Run ``pcsp`` in a fresh process; return its wall-clock time in seconds."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764028800"}
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    took = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"pcsp {' '.join(args)} failed:\n{result.stderr}")
    return took


def make_csv(path: Path, count: int) -> None:
    """A CSV of ``count`` made-up practices, varied from the example's first row."""
    with open(ROOT / "examples" / "practices.csv", encoding="utf-8", newline="") as f:
        header, first, *_ = list(csv.reader(f))
    rows = []
    for n in range(count):
        row = list(first)
        row[header.index("name")] = f"Benchmark Practice {n} of Newtown"
        row[header.index("ods_code")] = f"Y{n:05d}"
        row[header.index("results_sent_days_before")] = str(7 + n % 8)
        rows.append(row)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def engine_only(csv_path: Path) -> float:
    """Compile every Typst document of every row back to back with one compiler: no Python
    around it (no wording, HTML, zip or file writes timed)."""
    builder = PackBuilder(ROOT)
    renderer = Renderer(ROOT / "_templates")
    jobs = []
    for row in load_practices_csv(csv_path):
        assert row.practice is not None
        texts = fill(builder.wording, row.practice, for_print=True)
        base = {"practice": practice_data(row.practice), "text": texts, "logo": None}
        for doc in DOCUMENTS:
            if doc.kind in ("pdf", "png"):
                jobs.append((doc, {**base, "title": texts[doc.title_id], **doc.options}))
    start = time.perf_counter()
    for doc, data in jobs:
        (renderer.pdf if doc.kind == "pdf" else renderer.png)(doc.template, data)
    return time.perf_counter() - start


def main() -> None:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--practices", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    n, jobs = args.practices, args.jobs
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        one = pcsp("pack", "examples/practice.yaml", "-o", str(out))
        csv_path = Path(tmp) / "practices.csv"
        make_csv(csv_path, n)
        batch = pcsp("pack", "--csv", str(csv_path), "-o", str(out), "--jobs", str(jobs))
        floor = engine_only(csv_path)
    per_pack = batch / n
    print(f"one pack, fresh process (startup included): {one:7.2f} s")
    print(f"{n} packs from CSV, --jobs {jobs}:{'':>12}{batch:7.2f} s "
          f"({per_pack * 1000:.0f} ms a pack)")
    print(f"engine only, same documents back to back: {floor:7.2f} s "
          f"({floor / n * 1000:.0f} ms a pack; / {jobs} cores = {floor / jobs:.2f} s)")
    print(f"ratio, batch / engine only:               {batch / floor:7.2f} "
          f"(batch / engine shared over {jobs} cores: {batch / (floor / jobs):.2f})")
    print(f"projected for {ALL_PRACTICES:,} practices, --jobs {jobs}:   "
          f"{per_pack * ALL_PRACTICES / 60:7.1f} min")


if __name__ == "__main__":
    main()
