"""The one clock: "today" for review dates and the date stamped on everything built.

It is ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when that is set, else midnight UTC on
the guide's ``published`` date (or, for a stored release, its release date). So the same
sources always give the same bytes, and a scheduled rebuild with
``SOURCE_DATE_EPOCH=$(date +%s)`` shows the overdue-review banner once the date has passed.
Validate, build, pack, release and rebuild all read the date here.
"""

from __future__ import annotations

import calendar
import datetime
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

ENV = "SOURCE_DATE_EPOCH"


def date_epoch(date: str) -> int:
    """Seconds since 1970 at midnight UTC on a YYYY-MM-DD date."""
    day = datetime.date.fromisoformat(date)
    return calendar.timegm(day.timetuple())


@dataclass(frozen=True)
class Clock:
    """A moment (seconds since 1970, UTC) and where it came from."""

    epoch: int
    source: str
    """``SOURCE_DATE_EPOCH`` or the date it defaulted to."""

    @property
    def today(self) -> datetime.date:
        """The day (UTC) review dates are compared with."""
        return datetime.datetime.fromtimestamp(self.epoch, tz=datetime.UTC).date()


def clock(default_date: str) -> Clock:
    """``SOURCE_DATE_EPOCH`` if set to a whole number, else midnight UTC on ``default_date``."""
    value = os.environ.get(ENV, "").strip()
    if value.isdigit():
        return Clock(int(value), ENV)
    return Clock(date_epoch(default_date), default_date)


@contextmanager
def pinned(epoch: int) -> Iterator[None]:
    """Set ``SOURCE_DATE_EPOCH`` while the block runs (Sphinx reads it too), then restore it."""
    before = os.environ.get(ENV)
    os.environ[ENV] = str(epoch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(ENV, None)
        else:
            os.environ[ENV] = before
