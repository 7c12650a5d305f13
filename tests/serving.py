"""A running ``pcsp serve`` for tests, and waiting on it (generous limits, not timings)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from bs4 import BeautifulSoup

from helpers import EPOCH, VERSIONS

LIMIT = 180.0
"""Seconds a build may take on a busy machine (a generous limit, not a timing)."""
STAGE_PAGE = "/_generated/stages/set-up.html"
T = TypeVar("T")


def wait_for(condition: Callable[[], T], what: str, limit: float = LIMIT) -> T:
    """Poll ``condition`` until it returns something true (a generous limit, not a timing)."""
    end = time.monotonic() + limit
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}")


def get(url: str) -> tuple[int, str]:
    """Status and text of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


class Preview:
    """A running ``pcsp serve`` of ``project``, its output in a file (so a full pipe never
    blocks it)."""

    def __init__(self, project: Path, log: Path):
        self.project, self.log = project, log
        self._output = open(log, "w", encoding="utf-8")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(project), "--port", "0"],
            stdout=self._output, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
        found = wait_for(lambda: self.process.poll() is not None and "exit" or re.search(
            r"at http://127\.0\.0\.1:(\d+)/", self.output()), "the serving line")
        assert found != "exit", self.output()
        self.port = int(found.group(1))
        self.base = f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def status(self) -> dict:
        return json.loads(get(f"{self.base}/_pcsp/status")[1])

    def page(self, path: str = STAGE_PAGE) -> tuple[int, BeautifulSoup]:
        code, text = get(f"{self.base}{path}")
        return code, BeautifulSoup(text, "html.parser")

    def after_report(self, change: Callable[[], None]) -> dict:
        """Make ``change`` and wait for the build it starts to report; return the status."""
        before = self.status()["report"]
        change()
        return wait_for(lambda: (s := self.status())["report"] != before and s, "a rebuild")

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=60)
        self._output.close()
        return code


def previewing(folder: Path) -> Iterator[Preview]:
    """A preview of a copy of the fixture guide 1.0 in ``folder`` while the caller runs; it
    must stop cleanly and print no traceback."""
    running = Preview(shutil.copytree(VERSIONS / "1.0", folder / "project"),
                      folder / "serve.log")
    yield running
    assert running.stop() == 0, running.output()
    assert "Traceback" not in running.output()


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    """A preview of a copy of the fixture guide 1.0 (see :func:`previewing`)."""
    yield from previewing(tmp_path)
