"""Read YAML files safely into plain data, remembering where every value came from.

This is the only module that touches YAML. It refuses what a content file never
needs and what could hurt: anchors and aliases (so a "billion laughs" file fails at
its first anchor), explicit tags, duplicate keys, tabs in indentation, bytes that
are not UTF-8 and files larger than :data:`MAX_FILE_BYTES`.

Every input file (YAML here, and the practices CSV and logos in ``packs/``) is read with
:func:`read_capped`: only a regular file is read, and never more than its limit, so a folder,
a pipe or ``/dev/zero`` given as a file is refused with a plain message instead of hanging or
filling the memory.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import ContentError, Diagnostic

MAX_FILE_BYTES = 1_000_000
"""Content files are prose, not data dumps: anything bigger is a mistake."""

MAX_DEPTH = 20
"""Content nests a few levels deep; far deeper nesting is a mistake (or an attack on the parser)."""

DataPath = tuple[str | int, ...]

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass
class SourceFile:
    """Plain data read from one YAML file, with the position of every value and key."""

    name: str
    data: Any
    value_marks: dict[DataPath, Mark] = field(default_factory=dict)
    key_marks: dict[DataPath, Mark] = field(default_factory=dict)
    digest: str = ""
    """SHA-256 of the bytes read (empty for text that came from no file)."""

    def mark(self, path: DataPath, *, key: bool = False) -> Mark:
        """Position of the value (or key) at ``path``, falling back to its nearest parent."""
        marks = self.key_marks if key else self.value_marks
        probe = tuple(path)
        while probe:
            if probe in marks:
                return marks[probe]
            if not key and probe in self.key_marks:
                return self.key_marks[probe]
            probe = probe[:-1]
        return self.value_marks.get((), Mark(1, 1))

    def diagnostic(self, path: DataPath, message: str, hint: str = "", *, key: bool = False,
                   severity: str = "error") -> Diagnostic:
        """A diagnostic pointing at the value (or key) at ``path``."""
        m = self.mark(path, key=key)
        return Diagnostic(self.name, m.line, m.column, message, hint, severity)  # type: ignore[arg-type]


class FileProblem(Exception):
    """A file that cannot be read as an input: what is wrong and how to fix it."""

    def __init__(self, message: str, hint: str):
        super().__init__(message)
        self.message, self.hint = message, hint

    def diagnostic(self, name: str) -> Diagnostic:
        """The problem as a diagnostic at the start of the file ``name``."""
        return Diagnostic(name, 1, 1, self.message, self.hint)


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
    | getattr(os, "O_BINARY", 0)
"""Open without waiting for a pipe's writer or taking a terminal (checked as a file after)."""


def read_capped(path: Path, limit: int, *, fix: str = "split it into smaller files") -> bytes:
    """The bytes of the regular file at ``path``; raise :class:`FileProblem` if it is missing,
    a folder, anything but a regular file (a device, pipe or socket) or more than ``limit``
    bytes long. ``fix`` is the hint for a file that is too big.

    At most ``limit + 1`` bytes are ever read, whatever the file system says of its size.
    """
    path = Path(path)
    try:
        _check_regular(os.stat(path), limit, fix)
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        if path.is_symlink():
            raise FileProblem("this is a link to a file that does not exist",
                              f"point the link at a file, or put the file itself at {path}"
                              ) from None
        raise FileProblem("file not found",
                          f"check the name and the folder; looked for {path.absolute()}"
                          ) from None
    except OSError as exc:
        raise _unreadable(exc) from None
    chunks: list[bytes] = []
    try:
        _check_regular(os.fstat(fd), limit, fix)  # the file opened is the one checked
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise _unreadable(exc) from None
    finally:
        os.close(fd)
    raw = b"".join(chunks)
    if len(raw) > limit:  # it grew while being read
        raise FileProblem(f"file is more than {limit:,} bytes; the limit is {limit:,}", fix)
    return raw


def _check_regular(info: os.stat_result, limit: int, fix: str) -> None:
    """Refuse a folder, a device, a pipe or a socket, and a file over ``limit`` bytes."""
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem("this is a folder, not a file",
                          "give the path of a file, or rename the folder")
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem("this is not a regular file (it is a device, a pipe or a socket)",
                          "give the path of a file saved on disk")
    if info.st_size > limit:  # checked before reading, so a huge file is never loaded
        raise FileProblem(f"file is {info.st_size:,} bytes; the limit is {limit:,}", fix)


def _unreadable(exc: OSError) -> FileProblem:
    if isinstance(exc, PermissionError):
        return FileProblem("the file cannot be read: permission denied",
                           "check the file's permissions")
    if isinstance(exc, NotADirectoryError):
        return FileProblem("file not found", "a folder named in the path is a file")
    return FileProblem(f"the file cannot be read: {exc.strerror or exc}",
                       "check that the path names a file saved on disk")


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader (libyaml's when available) whose dates stay text."""


# Dates stay as the text the author wrote ("2026-01-31"); the schema checks their form.
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _refuse_unsafe_events(text: str) -> None:
    """Scan the event stream and stop at the first anchor, alias, odd tag or too-deep nesting.

    This runs before any node is built, so a "billion laughs" file fails at its first anchor.
    """
    loader = _StrictLoader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
                raise _Refused(event.start_mark,
                               "YAML anchors and aliases (& and *) are not allowed",
                               "write the text out in full where it is needed")
            tag = getattr(event, "tag", None)
            if tag not in (None, "!") and tag not in _STANDARD_TAGS:
                raise _Refused(event.start_mark, f"YAML tag '{tag}' is not allowed",
                               "remove the tag; content is plain text, numbers, lists and "
                               "mappings")
            if isinstance(event, CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise _Refused(event.start_mark,
                                   f"content is nested more than {MAX_DEPTH} levels deep",
                                   "check the indentation and the [ ] and { } brackets")
            elif isinstance(event, CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


class _Refused(Exception):
    def __init__(self, mark: yaml.Mark, message: str, hint: str):
        self.mark, self.message, self.hint = mark, message, hint


def read_text_file(path: Path, name: str, limit: int, *, fix: str,
                   save_as: str = "save the file as UTF-8 in your editor") -> tuple[str, bytes]:
    """The text (a leading byte-order mark dropped) and bytes of a UTF-8 file; raise
    :class:`ContentError` naming the file (and the line and column of a bad byte).

    ``fix`` is the hint for a file over ``limit`` bytes, ``save_as`` for one that is not UTF-8.
    """
    try:
        raw = read_capped(path, limit, fix=fix)
    except FileProblem as exc:
        raise ContentError([exc.diagnostic(name)]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise ContentError([Diagnostic(
            name, line, column, f"file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
            save_as)]) from None
    return text.removeprefix("\ufeff"), raw


def read_yaml(path: Path, name: str | None = None) -> SourceFile:
    """Read one YAML file; raise :class:`ContentError` naming file:line:column on any problem."""
    name = name or str(path)
    text, raw = read_text_file(path, name, MAX_FILE_BYTES,
                               fix="split it into smaller files or remove pasted data")
    source = parse_yaml(text, name)
    source.digest = hashlib.sha256(raw).hexdigest()
    return source


def parse_yaml(text: str, name: str) -> SourceFile:
    """Parse YAML text into a :class:`SourceFile`."""
    tab_line = _first_tab_indent(text)
    if tab_line:
        raise ContentError([Diagnostic(
            name, tab_line[0], tab_line[1], "tab character used for indentation",
            "indent with spaces only (two per level)")])
    try:
        _refuse_unsafe_events(text)
        loader = _StrictLoader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.reader.ReaderError as exc:  # control characters, found before parsing
        before = text[: exc.position]
        raise ContentError([Diagnostic(
            name, before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1,
            f"file contains a control character (code {exc.character:#04x}) that YAML forbids",
            "delete it; it often comes from copying text out of another program")]) from None
    except _Refused as exc:
        raise ContentError([Diagnostic(name, exc.mark.line + 1, exc.mark.column + 1,
                                       exc.message, exc.hint)]) from None
    except yaml.MarkedYAMLError as exc:
        raise ContentError(_syntax_errors(text, name, exc)) from None
    source = SourceFile(name, None)
    problems: list[Diagnostic] = []
    if root is not None:
        source.data = _to_data(root, (), source, problems, SafeConstructor())
    if problems:
        raise ContentError(problems)
    return source


MAX_SYNTAX_ERRORS = 20
"""Syntax errors reported per file at most (each needs the file parsed again)."""


_UNCLOSED = {
    "while scanning a quoted scalar": ("a quote opened here is never closed",
                                       "add the closing quote at the end of the text"),
    "while parsing a flow sequence": ("a list opened here with [ is never closed",
                                      "end the list with ] on the same line"),
    "while parsing a flow mapping": ("a group opened here with { is never closed",
                                     "end it with }, or put text with braces in quotes"),
}
"""Errors that YAML finds where the file ends but that start at the context mark."""


def _syntax_error(text: str, name: str, exc: yaml.MarkedYAMLError) -> Diagnostic:
    unclosed = _UNCLOSED.get(exc.context or "") if exc.context_mark else None
    mark = exc.context_mark if unclosed else exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if unclosed:
        return Diagnostic(name, line, column, f"YAML syntax error: {unclosed[0]}", unclosed[1])
    problem = exc.problem or exc.context or "invalid YAML"
    return Diagnostic(name, line, column, f"YAML syntax error: {problem}",
                      _curly_quote_hint(text, mark.line if mark else 0) or
                      "check indentation and quoting; text containing ': ' or starting with a "
                      "special character needs quotes")


def _syntax_errors(text: str, name: str, first: yaml.MarkedYAMLError) -> list[Diagnostic]:
    """The first syntax error and any others in the file: YAML stops at the first, so the
    lines around each error (the entry it is in, with what is indented under it) are blanked
    and the rest parsed again, until it parses or an error repeats."""
    found = [_syntax_error(text, name, first)]
    lines = text.split("\n")
    exc: yaml.MarkedYAMLError | None = first
    while exc is not None and len(found) < MAX_SYNTAX_ERRORS:
        mark = exc.context_mark or exc.problem_mark
        if mark is None or not _blank_entry(lines, mark.line):
            break
        try:
            yaml.compose("\n".join(lines), Loader=_StrictLoader)
            exc = None
        except yaml.MarkedYAMLError as again:
            exc = again
            problem = _syntax_error(text, name, again)
            if problem in found:
                break
            found.append(problem)
        except yaml.YAMLError:
            break
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _blank_entry(lines: list[str], index: int) -> bool:
    """Blank line ``index`` and the lines indented under it; False if nothing was left to
    blank there."""
    if index >= len(lines) or not lines[index].strip():
        return False
    base = _indent(lines[index])
    end = index + 1
    while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > base):
        end += 1
    lines[index:end] = [""] * (end - index)
    return True


_CURLY_QUOTED = re.compile(r"(?:^|:|-)\s*([\u201c\u201d\u2018\u2019])")
"""A value that starts with a curly quote, as word processors type them."""


def _curly_quote_hint(text: str, index: int) -> str:
    """A hint if the line with the error (0-based ``index``) or the one before it starts a
    value with a curly quote, which YAML reads as a letter rather than a quote."""
    lines = text.splitlines()
    for line in lines[max(index - 1, 0): index + 1]:
        found = _CURLY_QUOTED.search(line)
        if found:
            return (f"the text starts with a curly quote ({found.group(1)}), which YAML does "
                    "not read as a quote: put straight quotes (\") around the text instead; "
                    "curly quotes inside straight ones are fine")
    return ""


def _first_tab_indent(text: str) -> tuple[int, int] | None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.lstrip(" ")
        if stripped.startswith("\t"):
            return number, len(line) - len(stripped) + 1
    return None


def _to_data(node: Node, path: DataPath, source: SourceFile, problems: list[Diagnostic],
             constructor: SafeConstructor) -> Any:
    source.value_marks[path] = Mark(node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key_mark = Mark(key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, ScalarNode):
                problems.append(Diagnostic(source.name, key_mark.line, key_mark.column,
                                           "mapping keys must be plain words",
                                           "use a simple key such as 'title:'"))
                continue
            key = str(key_node.value)
            if key in result:
                first = source.key_marks[(*path, key)]
                problems.append(Diagnostic(
                    source.name, key_mark.line, key_mark.column, f"duplicate key '{key}'",
                    f"'{key}' is already set at line {first.line}; keep one of them"))
                continue
            source.key_marks[(*path, key)] = key_mark
            result[key] = _to_data(value_node, (*path, key), source, problems, constructor)
        return result
    if isinstance(node, SequenceNode):
        return [_to_data(item, (*path, i), source, problems, constructor)
                for i, item in enumerate(node.value)]
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, KeyError, IndexError, TypeError):
        # e.g. "!!int abc", or a number too long for Python to convert
        mark = source.value_marks[path]
        kind = "!!" + node.tag.rsplit(":", 1)[-1]
        problems.append(Diagnostic(source.name, mark.line, mark.column,
                                   f"value cannot be read as {kind}",
                                   f"remove any '{kind}' in front of it, or put the value in "
                                   "quotes to keep it as text"))
        return None
