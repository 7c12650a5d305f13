"""`pcsp pack --csv` stopping cleanly and not repeating itself (issue 12): Ctrl+C and SIGTERM
stop at once with a summary, no worker outlives the command (even a killed one), the
progress counts agree with the summary, and unchanged packs are skipped, with the same bytes
as if they had been made again."""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from helpers import (
    EPOCH,
    EXAMPLE_PRACTICES_CSV,
    REPO,
    copy_project,
    edit,
    files,
    pcsp,
    pdf_text,
    practices_csv,
)

ROWS = 40
MANIFEST = ".pcsp-pack.json"
"""The file in each pack folder saying what the pack was made from (written last)."""


def many_practices(path: Path, rows: int = ROWS) -> Path:
    """The first example practice ``rows`` times, each with its own ODS code."""
    with open(EXAMPLE_PRACTICES_CSV, encoding="utf-8", newline="") as f:
        header, first, *_ = list(csv.reader(f))
    copies = []
    for n in range(rows - 1):
        row = list(first)
        row[header.index("ods_code")] = f"Y{n:05d}"
        copies.append(row)
    return practices_csv(path, 1, extra=tuple(copies))


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid``."""
    try:
        import psutil
    except ImportError:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    status = (entry / "status").read_text()
                except OSError:
                    continue
                if re.search(rf"^PPid:\s+{pid}$", status, re.M):
                    found.append(int(entry.name))
        return found
    return [c.pid for c in psutil.Process(pid).children()]


def running(pid: int) -> bool:
    """Whether a process is still there and not just waiting to be reaped."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return not re.search(r"^State:\s+Z", status, re.M)


def start_batch(csv_path: Path, out: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["SOURCE_DATE_EPOCH"] = EPOCH
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "pack", "--csv", str(csv_path), "-o", str(out),
         "--jobs", "2"], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True)


def first_pack_then_workers(process: subprocess.Popen[str], out: Path) -> list[int]:
    """Wait until the first pack is made; return the batch's child processes."""
    deadline = time.monotonic() + 120
    while not any(out.glob("*/website.txt")):  # the last file of a pack
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no pack was made"
        time.sleep(0.05)
    workers = children(process.pid)
    assert len(workers) >= 2  # two workers (and multiprocessing's resource tracker)
    return workers


def gone(pids: list[int], wait: float = 10) -> list[int]:
    """The processes of ``pids`` still running after up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while [p for p in pids if running(p)] and time.monotonic() < deadline:
        time.sleep(0.1)
    return [p for p in pids if running(p)]


def made_packs(out: Path) -> set[str]:
    """The pack folders holding a finished pack (its manifest is written last)."""
    return {p.parent.name for p in out.glob(f"*/{MANIFEST}")}


@pytest.mark.parametrize(("signum", "code", "why"), [
    (signal.SIGINT, 130, "Ctrl+C"), (signal.SIGTERM, 143, "SIGTERM")])
def test_a_stopped_batch_stops_at_once_with_its_summary(tmp_path: Path, signum: int,
                                                        code: int, why: str) -> None:
    out = tmp_path / "out"
    process = start_batch(many_practices(tmp_path / "practices.csv"), out)
    try:
        workers = first_pack_then_workers(process, out)
        stopped = time.monotonic()
        process.send_signal(signum)
        _stdout, stderr = process.communicate(timeout=30)
        took = time.monotonic() - stopped
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == code, stderr
    assert took < 10, f"took {took:.1f} s to stop"
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    summary = stderr.rstrip().splitlines()[-1]
    match = re.fullmatch(rf"stopped by {re.escape(why)}: made (\d+) of {ROWS} packs in "
                         rf"{re.escape(str(out))} in [0-9.]+ s; 0 skipped \(unchanged since they "
                         r"were made\); (\d+) "
                         r"not made \(run the same command again to make them\); 0 failed",
                         summary)
    assert match, summary
    made, not_made = int(match[1]), int(match[2])
    assert made + not_made == ROWS
    assert len(made_packs(out)) == made  # the finished packs are kept, and counted
    assert not list(out.glob("*/.*.tmp*"))  # no half-written file is left
    assert gone(workers) == []


def test_killing_the_batch_leaves_no_worker_behind(tmp_path: Path) -> None:
    out = tmp_path / "out"
    process = start_batch(many_practices(tmp_path / "practices.csv"), out)
    try:
        workers = first_pack_then_workers(process, out)
        process.kill()
        process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert gone(workers) == []


def test_the_progress_counts_agree_with_the_summary(tmp_path: Path) -> None:
    with open(EXAMPLE_PRACTICES_CSV, encoding="utf-8", newline="") as f:
        header, first, *_ = list(csv.reader(f))
    bad = list(first)
    bad[header.index("ods_code")] = "X1"
    path = practices_csv(tmp_path / "practices.csv", 2, extra=(bad,))
    result = pcsp("pack", "--csv", str(path), "-o", str(tmp_path / "out"), "--jobs", "1",
                  cwd=REPO)
    assert result.returncode == 1
    lines = result.stderr.rstrip().splitlines()
    assert lines[-2] == "3/3 packs done, 1 failed"
    assert lines[-1].startswith(f"made 2 of 3 packs in {tmp_path / 'out'} in ")
    assert lines[-1].endswith("; 0 skipped (unchanged since they were made); 1 failed (rows 4)")


def stamps(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def summary(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stderr.rstrip().splitlines()[-1]


def test_unchanged_packs_are_skipped_with_the_same_bytes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    path = practices_csv(tmp_path / "practices.csv")
    run = ("pack", "--csv", str(path), "-o", str(out), "--jobs", "2")
    assert "made 3 of 3 packs" in summary(pcsp(*run, cwd=REPO))
    before = stamps(out)
    again = summary(pcsp(*run, cwd=REPO))
    assert again.startswith(f"made 0 of 3 packs in {out} in ")
    assert again.endswith("; 3 skipped (unchanged since they were made); 0 failed")
    assert stamps(out) == before  # not even rewritten

    practices_csv(path, change={"phone": "01632 961234"})  # the first row's practice
    changed = summary(pcsp(*run, cwd=REPO))
    assert "made 1 of 3 packs" in changed and "; 2 skipped" in changed
    after = stamps(out)
    remade = {name.split("/")[0] for name in after if after[name] != before.get(name)}
    assert remade == {"A81001"}
    assert "01632 961234" in (out / "A81001" / "website.txt").read_text(encoding="utf-8")

    # Skipped or made, the bytes are those of a fresh run.
    fresh = tmp_path / "fresh"
    assert "made 3 of 3 packs" in summary(pcsp("pack", "--csv", str(path), "-o", str(fresh),
                                               cwd=REPO))

    def packs(folder: Path) -> dict[str, bytes]:
        return {k: v for k, v in files(folder).items() if not k.endswith(MANIFEST)}

    assert packs(out) == packs(fresh)

    # A pack whose files were touched is made again; so are all, for another clock.
    (out / "W12345" / "leaflet.pdf").unlink()
    assert "made 1 of 3 packs" in summary(pcsp(*run, cwd=REPO))
    assert (out / "W12345" / "leaflet.pdf").read_bytes() == (fresh / "W12345" /
                                                             "leaflet.pdf").read_bytes()
    assert "made 3 of 3 packs" in summary(pcsp(*run, cwd=REPO, epoch="1800000000"))


def test_a_changed_translation_remakes_the_packs(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    out = tmp_path / "out"
    path = practices_csv(tmp_path / "practices.csv", rows=2)  # in Wales: the second row
    run = ("pack", "--csv", str(path), "--project", str(project), "-o", str(out), "--jobs", "1")
    assert "made 2 of 2 packs" in summary(pcsp(*run, cwd=REPO))
    welsh = project / "content" / "translations" / "cy" / "patient-materials.yaml"
    edit(welsh, 'Eich canllaw i ffordd newydd', 'Newidiwyd: eich canllaw i ffordd newydd')
    again = summary(pcsp(*run, cwd=REPO))
    assert "made 2 of 2 packs" in again, again  # every pack of the project's wording
    assert "Newidiwyd" in pdf_text(out / "W12345" / "leaflet-cy.pdf")
