"""The one clock: "today" for review dates and the date stamped on everything built.

It is ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when that is set, else midnight UTC on
the guide's ``published`` date (or, for a stored release, its release date). So the same
sources always give the same bytes, and a scheduled rebuild with
``SOURCE_DATE_EPOCH=$(date +%s)`` shows the overdue-review banner once the date has passed.
Validate, build, pack, release and rebuild all read the date here.

A ``SOURCE_DATE_EPOCH`` that is set but is not a whole number of seconds (empty, a date, a
negative or absurdly large number) is an error, never silently ignored: :func:`clock` raises
:class:`ClockError`, and the ``pcsp`` command checks it first with :func:`clock_problem`.
"""

from __future__ import annotations

import calendar
import datetime
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

ENV = "SOURCE_DATE_EPOCH"

MAX_EPOCH = 253402300799
"""The last second of the year 9999: the latest moment a date can be written for."""


class ClockError(ValueError):
    """``SOURCE_DATE_EPOCH`` is set to something that is not a moment; the message says how
    to fix it."""


def clock_problem() -> str:
    """Why ``SOURCE_DATE_EPOCH`` cannot be used (one sentence), or '' if it is unset or good."""
    if ENV not in os.environ:
        return ""
    value = os.environ[ENV].strip()
    if value.isascii() and value.isdigit() and len(value) <= 12 and int(value) <= MAX_EPOCH:
        return ""
    shown = f"set to {value[:40]!r}" if value else "set but empty"
    return (f"{ENV} is {shown}: it must be a whole number of seconds since 1 January 1970 UTC, "
            f"such as 1764028800 (export {ENV}=$(date +%s)), or not set at all")


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
    """``SOURCE_DATE_EPOCH`` if set, else midnight UTC on ``default_date``.

    Raises :class:`ClockError` if ``SOURCE_DATE_EPOCH`` is set but not a whole number of
    seconds since 1970.
    """
    if ENV not in os.environ:
        return Clock(date_epoch(default_date), default_date)
    problem = clock_problem()
    if problem:
        raise ClockError(problem)
    return Clock(int(os.environ[ENV]), ENV)


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
