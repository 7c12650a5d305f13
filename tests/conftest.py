"""Shared pytest fixtures: where the Sphinx test roots live."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Folder of the Sphinx test roots (``tests/roots/test-<name>/``)."""
    return Path(__file__).parent / "roots"
