"""Diagnostics: one problem found in an input file, with where it is and how to fix it."""

from __future__ import annotations

import difflib
import errno
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem at ``file:line:column`` (1-based), with a message and an optional fix hint."""

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: Severity = "error"

    def format(self) -> str:
        """Render as ``file:line:col: error: message`` plus a hint line, as editors expect."""
        text = f"{self.file}:{self.line}:{self.column}: {self.severity}: {self.message}"
        return f"{text}\n    hint: {self.hint}" if self.hint else text


class ContentError(Exception):
    """Raised when input cannot be used; carries every diagnostic found, not just the first."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """Return a "did you mean 'x'?" hint for the closest choice, or an empty string."""
    close = difflib.get_close_matches(str(word), sorted(set(choices)), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def errors_only(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Keep the diagnostics that stop a build."""
    return [d for d in diagnostics if d.severity == "error"]


def format_text(diagnostics: list[Diagnostic], clean_summary: str) -> str:
    """All diagnostics as text, then a one-line summary."""
    lines = [d.format() for d in sorted(diagnostics)]
    errors = len(errors_only(diagnostics))
    warnings = len(diagnostics) - errors
    if not diagnostics:
        lines.append(clean_summary)
    else:
        lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def format_json(diagnostics: list[Diagnostic]) -> str:
    """All diagnostics as a JSON document for tools."""
    items = [asdict(d) for d in sorted(diagnostics)]
    return json.dumps({"diagnostics": items, "errors": len(errors_only(diagnostics))}, indent=2)


def describe_os_error(exc: OSError, doing: str = "could not write") -> str:
    """An OSError as a plain sentence: what could not be done to which file, why, what to do."""
    where = exc.filename if exc.filename is not None else "a file"
    reason = (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")
    fix = {
        errno.ENOSPC: "free some disk space and try again",
        errno.EDQUOT: "free some disk space and try again",
        errno.EACCES: "choose a folder you may write to",
        errno.EPERM: "choose a folder you may write to",
        errno.EROFS: "choose a folder on a disk that is not read-only",
        errno.ELOOP: "remove the symbolic link that leads round in a loop",
        errno.ENOENT: "check that the folder exists and can hold files",
    }.get(exc.errno or 0, "check the file and the folder it is in")
    return f"{doing} {where}: {reason.lower()}; {fix}"
