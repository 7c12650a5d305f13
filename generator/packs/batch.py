"""Many practices from one CSV file: packs made in parallel processes, one row at a time.

A row that fails (bad data, or a template that cannot be compiled) is reported with its
reason and the rest carry on. Progress goes to stderr: a bar on a terminal, plain lines
otherwise. The exit code is 1 if any row failed.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..content.diagnostics import ContentError
from ..content.project import Project
from .pack import PackBuilder
from .profile import CsvRow, Practice, load_practices_csv
from .render import RenderError

_builder: PackBuilder | None = None


@dataclass(frozen=True)
class RowOutcome:
    """What happened to one CSV row."""

    row: int
    label: str
    error: str = ""


def _init_worker(project: Project) -> None:
    """Make this worker process's pack builder (and so its one Typst compiler)."""
    global _builder
    _builder = PackBuilder(project)


def _build_row(row: int, practice: Practice, out_dir: Path) -> RowOutcome:
    """Build one row's pack in a worker; any failure becomes the row's error message."""
    assert _builder is not None
    try:
        _builder.build(practice, out_dir)
    except (RenderError, OSError, ValueError) as exc:
        return RowOutcome(row, practice.ods_code, str(exc) or type(exc).__name__)
    return RowOutcome(row, practice.ods_code)


def _build_rows(rows: list[tuple[int, Practice]], out_dir: Path) -> list[RowOutcome]:
    """Build a chunk of rows in a worker (one message each way for several packs)."""
    return [_build_row(row, practice, out_dir) for row, practice in rows]


def chunk_size(rows: int, jobs: int) -> int:
    """Rows sent to a worker at once: up to 8, but at least about 8 chunks per worker so the
    work stays evenly spread and the progress bar moves."""
    return max(1, min(8, rows // (jobs * 8)))


class Progress:
    """Progress on stderr: a redrawn bar on a terminal, a line every 5% otherwise."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.stream, self.done, self.failed = total, stream, 0, 0
        self.tty = stream.isatty()
        self.step = max(1, total // 20)
        self.start = time.monotonic()

    def update(self, failed: bool) -> None:
        """Count one finished row and show it."""
        self.done += 1
        self.failed += failed
        if self.tty:
            filled = round(30 * self.done / self.total) if self.total else 30
            bar = "#" * filled + "-" * (30 - filled)
            end = "\n" if self.done == self.total else ""
            self.stream.write(f"\r[{bar}] {self.done}/{self.total} packs, {self.failed} failed"
                              + end)
            self.stream.flush()
        elif self.done % self.step == 0 or self.done == self.total:
            self.stream.write(f"{self.done}/{self.total} packs done, {self.failed} failed\n")
            self.stream.flush()


def run_batch(csv_path: Path, out_dir: Path, project: Project, jobs: int | None = None,
              stream: TextIO = sys.stderr) -> int:
    """Make a pack for every row of ``csv_path``; return the exit code (1 if any row failed)."""
    start = time.monotonic()
    try:
        rows = load_practices_csv(csv_path, str(csv_path))
        builder = PackBuilder(project)
    except ContentError as exc:
        for d in exc.diagnostics:
            stream.write(d.format() + "\n")
        stream.write("no packs made: fix the problems above\n")
        return 1
    outcomes: list[RowOutcome] = []
    for bad in (r for r in rows if r.practice is None):
        reason = "\n".join(d.format() for d in bad.diagnostics)
        outcomes.append(RowOutcome(bad.row, bad.label, reason))
        _report(outcomes[-1], stream)
    good = [r for r in rows if r.practice is not None]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(good) or 1))
    progress = Progress(len(good), stream)
    for outcome in _build_all(good, builder, out_dir, project, jobs):
        outcomes.append(outcome)
        if outcome.error:
            if progress.tty:
                stream.write("\n")
            _report(outcome, stream)
        progress.update(bool(outcome.error))
    failed = sorted(o.row for o in outcomes if o.error)
    made = len(outcomes) - len(failed)
    took = time.monotonic() - start
    summary = f"made {made} of {len(outcomes)} packs in {out_dir} in {took:.1f} s"
    if failed:
        summary += f"; {len(failed)} failed (rows {', '.join(map(str, failed))})"
    stream.write(summary + "\n")
    return 1 if failed or not outcomes else 0


def build_packs(rows: list[CsvRow], out_dir: Path, project: Project,
                jobs: int | None = None) -> list[RowOutcome]:
    """Make the packs of checked CSV rows (in parallel); every row's outcome, in row order."""
    good = [r for r in rows if r.practice is not None]
    builder = PackBuilder(project)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(good) or 1))
    return sorted(_build_all(good, builder, out_dir, project, jobs), key=lambda o: o.row)


def _build_all(rows: list[CsvRow], builder: PackBuilder, out_dir: Path, project: Project,
               jobs: int):
    """Yield each row's outcome as it finishes, in this process or in ``jobs`` worker processes."""
    if jobs == 1:
        global _builder
        _builder = builder
        for r in rows:
            assert r.practice is not None
            yield _build_row(r.row, r.practice, out_dir)
        return
    # Fresh (spawned) workers: each makes its own Typst compiler, never a forked copy of one.
    context = multiprocessing.get_context("spawn")
    size = chunk_size(len(rows), jobs)
    chunks = [[(r.row, r.practice) for r in rows[i:i + size]] for i in range(0, len(rows), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                             initargs=(project,)) as pool:
        futures = {pool.submit(_build_rows, chunk, out_dir): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                yield from future.result()
            except Exception as exc:  # a worker died: report its rows, keep going
                for row, practice in futures[future]:
                    assert practice is not None
                    yield RowOutcome(row, practice.ods_code, f"worker failed: {exc!r}")


def _report(outcome: RowOutcome, stream: TextIO) -> None:
    label = f" ({outcome.label})" if outcome.label else ""
    stream.write(f"row {outcome.row}{label} failed:\n{outcome.error}\n")
