"""Shared pytest fixtures: where the Sphinx test roots live, a fixed 'today', the example
practice's pack. Shared helper functions are in ``helpers.py``."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from helpers import EPOCH, EXAMPLE_PRACTICE, REPO, ROOTS, pcsp

pytest_plugins = ["serving"]  # the ``preview`` fixture: a running ``pcsp serve``

# A test run started in the background by a shell (``cmd &``) begins with Ctrl+C ignored, and
# every command the tests start would inherit that, so the tests that stop a command with
# Ctrl+C would wait for ever: take Ctrl+C back (the commands then get the default again).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Builds and review-date checks read "today" from SOURCE_DATE_EPOCH; pin it so the suite
# gives the same results on any day (2025-11-25, before every review date in the fixtures).
os.environ.setdefault("SOURCE_DATE_EPOCH", EPOCH)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Folder of the Sphinx test roots (``tests/roots/test-<name>/``)."""
    return ROOTS


@pytest.fixture(scope="session")
def example_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example practice's pack (examples/practice.yaml, this repository's wording and
    templates), made once by the pcsp command."""
    out = tmp_path_factory.mktemp("packs")
    result = pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(out), cwd=REPO, check=True)
    assert f"made the pack for A81001 in {out / 'A81001'}" in result.stdout
    return out / "A81001"
