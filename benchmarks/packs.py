"""Time practice packs: one pack in a fresh process, a 500-practice CSV in parallel (English
only, then with Welsh as well, to give the cost of each extra language, then with large print
and easy read, to give their cost), and the Typst engine alone on the same documents (the
floor). Prints the timings; asserts nothing.

Wall-clock times suffer when other work shares the machine, so CPU times (which do not) are
printed too, with the load average; ``--repeat N`` keeps the best of N runs of each.

Run: .venv/bin/python benchmarks/packs.py [--practices N] [--jobs N] [--repeat N]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.content.project import load_project  # noqa: E402
from generator.packs.pack import PackBuilder  # noqa: E402
from generator.packs.profile import load_practices_csv  # noqa: E402

ALL_PRACTICES = 6300
"""Roughly the number of GP practices in England."""


def children_cpu() -> float:
    """CPU seconds used so far by finished child processes (and their own children)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def pcsp(*args: str) -> tuple[float, float]:
    """Run ``pcsp`` in a fresh process; return its wall-clock and CPU time in seconds."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764028800"}
    cpu, start = children_cpu(), time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "generator", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    took = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"pcsp {' '.join(args)} failed:\n{result.stderr}")
    return took, children_cpu() - cpu


def make_csv(path: Path, count: int, languages: str = "", formats: str = "") -> None:
    """A CSV of ``count`` made-up practices, varied from the example's first row, that can help
    in ``languages`` (codes separated by semicolons; none: English only) and ask for
    ``formats`` (large-print; easy-read; none: the standard documents only)."""
    with open(ROOT / "examples" / "practices.csv", encoding="utf-8", newline="") as f:
        header, first, *_ = list(csv.reader(f))
    rows = []
    for n in range(count):
        row = list(first)
        row[header.index("name")] = f"Benchmark Practice {n} of Newtown"
        row[header.index("ods_code")] = f"Y{n:05d}"
        row[header.index("languages")] = languages
        row[header.index("formats")] = formats
        row[header.index("results_sent_days_before")] = str(7 + n % 8)
        rows.append(row)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def engine_only(csv_path: Path) -> tuple[float, float]:
    """Compile every Typst document of every row back to back with one compiler: no Python
    around it (no wording, HTML, zip or file writes timed). Returns wall and CPU seconds."""
    builder = PackBuilder(load_project(ROOT))
    jobs = []
    for row in load_practices_csv(csv_path):
        assert row.practice is not None
        jobs += builder.compile_jobs(row.practice)
    cpu, start = time.process_time(), time.perf_counter()
    for doc, data in jobs:
        builder.compile(doc, data)
    return time.perf_counter() - start, time.process_time() - cpu


def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The lowest wall time and the lowest CPU time of several runs."""
    return min(r[0] for r in runs), min(r[1] for r in runs)


def main() -> None:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--practices", type=int, default=500)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--repeat", type=int, default=1, help="keep the best of N runs")
    args = parser.parse_args()
    n, jobs = args.practices, args.jobs
    load_before = os.getloadavg()[0]
    ones, batches, floors, welsh, formats = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path, welsh_csv = Path(tmp) / "practices.csv", Path(tmp) / "welsh.csv"
        formats_csv = Path(tmp) / "formats.csv"
        make_csv(csv_path, n)
        make_csv(welsh_csv, n, languages="cy")
        make_csv(formats_csv, n, formats="large-print; easy-read")
        for attempt in range(args.repeat):
            out = Path(tmp) / f"out{attempt}"
            ones.append(pcsp("pack", "examples/practice.yaml", "-o", str(out)))
            batches.append(pcsp("pack", "--csv", str(csv_path), "-o", str(out),
                                "--jobs", str(jobs)))
            welsh.append(pcsp("pack", "--csv", str(welsh_csv), "-o", str(Path(tmp) / "cy"),
                              "--jobs", str(jobs)))
            formats.append(pcsp("pack", "--csv", str(formats_csv), "-o",
                                str(Path(tmp) / "formats"), "--jobs", str(jobs)))
            floors.append(engine_only(csv_path))
    (one, one_cpu), (batch, batch_cpu), (floor, floor_cpu) = best(ones), best(batches), best(floors)
    extra, extra_cpu = (w - b for w, b in zip(best(welsh), (batch, batch_cpu), strict=True))
    more, more_cpu = (f - b for f, b in zip(best(formats), (batch, batch_cpu), strict=True))
    per_pack, cpu_pack = batch / n, batch_cpu / n
    print(f"load average: {load_before:.2f} before, {os.getloadavg()[0]:.2f} after "
          f"({os.cpu_count()} cores); best of {args.repeat} run(s)")
    print(f"the example practice's pack (English, Welsh, Polish, Urdu, large print and easy "
          f"read; fresh process): {one:.2f} s wall, {one_cpu:.2f} s CPU")
    print(f"{n} packs from CSV, --jobs {jobs}:{'':>12}{batch:7.2f} s wall "
          f"({per_pack * 1000:.0f} ms a pack), {batch_cpu:.1f} s CPU ({cpu_pack * 1000:.0f} ms "
          f"a pack)")
    print(f"engine only, same documents back to back: {floor:7.2f} s wall "
          f"({floor / n * 1000:.0f} ms a pack), {floor_cpu:.1f} s CPU "
          f"({floor_cpu / n * 1000:.0f} ms a pack)")
    print(f"ratio, batch / engine only:               {batch_cpu / floor_cpu:7.2f} CPU "
          f"(wall: batch / (engine / {jobs} cores) = {batch / (floor / jobs):.2f})")
    print(f"projected for {ALL_PRACTICES:,} practices, --jobs {jobs}:   "
          f"{per_pack * ALL_PRACTICES / 60:7.1f} min wall "
          f"(from CPU time: {cpu_pack * ALL_PRACTICES / jobs / 60:.1f} min)")
    print(f"each extra language (Welsh), {n} packs:    {extra:+7.2f} s wall "
          f"({extra / n * 1000:+.0f} ms a pack), {extra_cpu:+.1f} s CPU; projected "
          f"{extra / n * ALL_PRACTICES / 60:+.1f} min for {ALL_PRACTICES:,} practices")
    print(f"large print and easy read, {n} packs:      {more:+7.2f} s wall "
          f"({more / n * 1000:+.0f} ms a pack), {more_cpu:+.1f} s CPU; projected "
          f"{more / n * ALL_PRACTICES / 60:+.1f} min for {ALL_PRACTICES:,} practices")


if __name__ == "__main__":
    main()
