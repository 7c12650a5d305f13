"""Shared pytest fixtures: where the Sphinx test roots live, and a fixed 'today'."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Builds and review-date checks read "today" from SOURCE_DATE_EPOCH; pin it so the suite
# gives the same results on any day (2025-11-25, before every review date in the fixtures).
os.environ.setdefault("SOURCE_DATE_EPOCH", "1764028800")


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Folder of the Sphinx test roots (``tests/roots/test-<name>/``)."""
    return Path(__file__).parent / "roots"
