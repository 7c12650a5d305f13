"""Practice profiles: read one practice from YAML, or many from a CSV file, checking every field.

Problems are reported all at once, like content errors: ``file:line:column`` for YAML, and
``row N, column 'x'`` for CSV (row numbers as a spreadsheet shows them: the header is row 1).

A CSV file is read a row at a time, so one bad row (a stray quote, a cell far too long) is
refused on its own and the other rows are still made. A cell is never trimmed or changed,
except that a line break inside it is always written ``\n``.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.definitions import language_code, languages
from ..content.diagnostics import ContentError, Diagnostic, did_you_mean
from ..content.load import DataPath, SourceFile, read_text_file, read_yaml
from ..content.schema import (
    SchemaProblem,
    described,
    field_schema,
    load_schemas,
    resolve,
    schema_problems,
    shown,
    source_diagnostic,
)
from .logo import Logo, LogoProblem, read_logo

Locate = Callable[[SchemaProblem], Diagnostic]
"""Turn a problem with a practice's data into a diagnostic naming its place in the file."""

MAX_CSV_BYTES = 50_000_000
MAX_CELL_LINES = 10
"""A quoted cell may run over at most this many lines of the file; one that runs on further
has lost its closing quote and is taking in the rows after it."""

CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
"""Characters no printed text can hold (tab and line break are fine)."""


@dataclass(frozen=True)
class Appointment:
    """One of the two appointments: who the patient sees, where, and for how long."""

    who: str
    where: str
    minutes: int


@dataclass(frozen=True)
class Service:
    """A local 'more than medicine' service or group."""

    name: str
    offers: str
    contact: str


@dataclass(frozen=True)
class Practice:
    """A checked practice profile, ready to print into a pack."""

    name: str
    ods_code: str
    address: str
    phone: str
    model_of_care_name: str
    information_gathering: Appointment
    conversation: Appointment
    results_sent_days_before: int
    more_than_medicine: tuple[Service, ...]
    accessible_formats_contact: str
    email: str | None = None
    website: str | None = None
    logo: Path | None = None
    languages: tuple[str, ...] = ()
    """Codes of the languages the practice can help in (``cy``), in the order given."""
    formats: tuple[str, ...] = ()
    """The other formats the practice wants as well (``large-print``, ``easy-read``), sorted."""
    fields: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Every filled-in field as text, by its dotted name (``appointments.conversation.who``)."""
    logo_image: Logo | None = field(default=None, compare=False, repr=False)
    """The checked logo (an SVG made safe), read when the profile was checked."""

    @property
    def address_lines(self) -> tuple[str, ...]:
        """The address split into lines (at line breaks, or at commas if written on one line)."""
        text = self.address.strip()
        parts = text.splitlines() if "\n" in text else text.split(",")
        return tuple(p.strip() for p in parts if p.strip())


@dataclass(frozen=True)
class CsvRow:
    """One data row of a practices CSV: its spreadsheet row number and its practice or problems."""

    row: int
    practice: Practice | None
    diagnostics: tuple[Diagnostic, ...]
    label: str = ""


def practice_from_data(data: dict[str, Any], base_dir: Path,
                       logo: Logo | None = None) -> Practice:
    """Build a :class:`Practice` from data that has passed the schema (and its checked logo,
    from :func:`checked_practice`)."""
    appts = data["appointments"]
    return Practice(
        name=data["name"].strip(), ods_code=data["ods_code"], address=data["address"].strip(),
        phone=data["phone"].strip(), model_of_care_name=data["model_of_care_name"].strip(),
        information_gathering=Appointment(**appts["information_gathering"]),
        conversation=Appointment(**appts["conversation"]),
        results_sent_days_before=data["results_sent_days_before"],
        more_than_medicine=tuple(Service(**s) for s in data["more_than_medicine"]),
        accessible_formats_contact=data["accessible_formats_contact"].strip(),
        email=data.get("email"), website=data.get("website"),
        logo=(base_dir / data["logo"]).resolve() if data.get("logo") else None,
        languages=tuple(dict.fromkeys(
            code for name in data.get("languages", ()) if (code := language_code(name)))),
        formats=tuple(sorted(set(data.get("formats", ())))),
        fields=flatten(data), logo_image=logo)


def flatten(data: Any, prefix: str = "") -> dict[str, str]:
    """Every value of nested data as text, by dotted name; list items numbered from 1."""
    if isinstance(data, dict):
        return {k: v for key, value in data.items()
                for k, v in flatten(value, f"{prefix}{key}.").items()}
    if isinstance(data, list) and all(isinstance(v, dict) for v in data):
        return {k: v for n, value in enumerate(data, 1)
                for k, v in flatten(value, f"{prefix}{n}.").items()}
    if isinstance(data, list):
        return {prefix.rstrip("."): ", ".join(map(str, data))}
    return {prefix.rstrip("."): str(data).strip()}


def check_practice(data: Any, base_dir: Path, locate: Locate) -> list[Diagnostic]:
    """Every problem with one practice's data: schema first, then the logo file."""
    return checked_practice(data, base_dir, locate)[0]


def checked_practice(data: Any, base_dir: Path,
                     locate: Locate) -> tuple[list[Diagnostic], Logo | None]:
    """Every problem with one practice's data, and its logo if it has a good one."""
    found = [locate(problem) for problem in schema_problems("practice", data)]
    found += [locate(problem) for problem in _value_problems(data, ())]
    found += [locate(problem) for problem in _language_problems(data)]
    logo = None
    value = data.get("logo") if isinstance(data, dict) else None
    if isinstance(value, str) and re.search(r"(?i)\.(png|svg)$", value):
        try:
            logo = checked_logo(base_dir, value)
        except LogoProblem as exc:
            found.append(locate(SchemaProblem(("logo",), exc.message, None, "", exc.hint)))
    return sorted(set(found)), logo


def _language_problems(data: Any) -> list[SchemaProblem]:
    """Languages that are neither a known code nor a known language's name."""
    listed = data.get("languages") if isinstance(data, dict) else None
    problems = []
    for n, name in enumerate(listed if isinstance(listed, list) else ()):
        if isinstance(name, str) and name.strip() and language_code(name) is None:
            close = did_you_mean(name.strip(), [*languages(), *(
                e[k] for e in languages().values() for k in ("english", "native"))])
            problems.append(SchemaProblem(
                ("languages", n), "", ("languages", n), f" is not a language pcsp knows "
                f"({name.strip()!r})", close or "write a language's code (cy, pl, ur) or its "
                "name in English or in itself (Welsh, Cymraeg); the languages are listed in "
                "generator/content/languages.json"))
    return problems


def _value_problems(value: Any, path: DataPath) -> list[SchemaProblem]:
    """Values the schema lets through but a reader must not get: a whole number written as a
    decimal (``30.0`` minutes, printed as such), a control character in text."""
    if isinstance(value, dict):
        return [p for key, item in value.items() for p in _value_problems(item, (*path, key))]
    if isinstance(value, list):
        return [p for n, item in enumerate(value) for p in _value_problems(item, (*path, n))]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer() and (
            field_schema("practice", tuple(map(str, path))) or {}).get("type") == "integer":
        # (JSON Schema counts 30.0 as an integer; any other decimal it refuses itself)
        return [SchemaProblem(path, "", path, f" should be a whole number, written without a "
                              f"decimal point (not {value!r})",
                              f"write a whole number, such as {int(value)}")]
    if isinstance(value, str) and (bad := CONTROL_CHARACTER.search(value)):
        return [SchemaProblem(path, "", path, f" holds a control character ({shown(bad.group())})",
                              "delete it; it may have come from copying text out of another "
                              "program")]
    return []


def checked_logo(base_dir: Path, logo: str) -> Logo:
    """The logo named ``logo`` (relative to ``base_dir``), checked and made safe; raise
    :class:`LogoProblem` saying why it cannot be used."""
    base = base_dir.resolve()
    path = (base / logo).resolve()
    if not path.is_relative_to(base):
        raise LogoProblem(f"logo '{logo}' is outside the folder of the practice file",
                          "put the logo in the same folder as the practice file, or a folder "
                          "inside it")
    return read_logo(path, logo)


def yaml_locator(source: SourceFile) -> Locate:
    """Point at a YAML value or key, or (for a missing field) at the mapping that lacks it."""
    return lambda problem: source_diagnostic(source, problem)


def load_practice(path: Path, name: str | None = None) -> Practice:
    """Read and check one practice YAML file; raise :class:`ContentError` listing every problem."""
    source: SourceFile = read_yaml(Path(path), name)

    problems, logo = checked_practice(source.data, Path(path).parent, yaml_locator(source))
    if problems:
        raise ContentError(problems)
    return practice_from_data(source.data, Path(path).parent, logo)


# --- CSV -------------------------------------------------------------------------------------

def _schema_node(path: tuple[str, ...]) -> dict[str, Any] | None:
    """The practice schema for a column's field path (numbers from 1 step into list items)."""
    return field_schema("practice", path, is_index=lambda part: part.isdigit() and int(part) > 0)


def _columns(required_only: bool = False) -> list[str]:
    """Column names for the fields a CSV can hold (or must hold), services numbered from 1."""
    names: list[str] = []

    def walk(node: dict[str, Any], prefix: str) -> None:
        node = resolve(node, "practice")
        if node.get("type") == "object":
            keys = node.get("required", []) if required_only else node["properties"]
            for key in keys:
                walk(node["properties"][key], f"{prefix}{key}.")
        elif node.get("type") == "array" and resolve(node["items"], "practice").get(
                "type") == "object":
            walk(node["items"], f"{prefix}1.")
        else:
            names.append(prefix.rstrip("."))

    walk(load_schemas()["practice"], "")
    return names


def _cell_value(column: str, text: str) -> Any:
    """A cell's text as the value its field needs: whole numbers for numbers, lists split at ';'."""
    node = _schema_node(tuple(column.split("."))) or {}
    if node.get("type") == "integer" and re.fullmatch(r" *[0-9]+ *", text):
        return int(text)
    if node.get("type") == "array":
        return [part.strip() for part in text.split(";") if part.strip()]
    return text


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    node = data
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _lists_from_numbered(value: Any, path: DataPath, columns: dict[DataPath, str],
                         out_columns: dict[DataPath, str]) -> Any:
    """Turn {'1': {...}, '3': {...}} into a list, recording which column each value came from."""
    if not isinstance(value, dict):
        out_columns[path] = columns[path]
        return value
    if value and all(k.isdigit() for k in value):
        items = []
        for key in sorted(value, key=int):
            index = len(items)
            items.append(_lists_from_numbered(value[key], (*path, key), columns, out_columns))
            _renumber(out_columns, (*path, key), (*path, index))
        return items
    return {k: _lists_from_numbered(v, (*path, k), columns, out_columns) for k, v in value.items()}


def _renumber(cols: dict[DataPath, str], old: DataPath, new: DataPath) -> None:
    for p in [p for p in cols if p[: len(old)] == old]:
        cols[(*new, *p[len(old):])] = cols.pop(p)


def load_practices_csv(path: Path, name: str | None = None) -> list[CsvRow]:
    """Read a practices CSV: one :class:`CsvRow` per data row, each with its practice or problems.

    Raises :class:`ContentError` if the file as a whole cannot be used (missing, not a file,
    too big, not UTF-8, a bad header).
    """
    path = Path(path)
    name = name or str(path)
    text, _ = read_text_file(path, name, MAX_CSV_BYTES, fix="split it into smaller files",
                             save_as="save it as 'CSV UTF-8' in your spreadsheet")
    header: list[str] = []
    records = _records(text, header)
    first = next(records, None)
    if first is None:
        raise ContentError([Diagnostic(name, 1, 1, "the CSV file is empty",
                                       "the first row must name the columns")])
    if first.problem is not None:
        raise ContentError([first.diagnostic(name, [])])
    header += [h.strip() for h in first.cells]
    _check_header(header, name)
    rows: list[CsvRow] = []
    seen_codes: dict[str, int] = {}
    for record in records:
        if record.problem is not None:
            rows.append(CsvRow(record.row, None, (record.diagnostic(name, header),),
                               _label(record.cells, header)))
        elif any(c.strip() for c in record.cells):
            rows.append(_read_row(record.cells, header, record.row, record.line, name,
                                  path.parent, seen_codes))
    return rows


# Lines with their line breaks: the csv reader is given the file a line at a time.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")

_RUNAWAY = ("this cell starts with a quote (\") that is not closed at the end of the cell, so "
            "the cell takes in the lines after it",
            "remove the stray quote, or close it at the end of the cell; a quote inside a cell "
            "is written twice (\"\")")
_UNPAIRED = ("this cell starts with a quote (\") that is not closed at the end of the cell",
             _RUNAWAY[1])


@dataclass(frozen=True)
class _Record:
    """One row of a CSV file as read: its number, first line, cells, and any problem with it
    (the index of the cell at fault, or None for the row; the message and hint)."""

    row: int
    line: int
    cells: list[str]
    problem: tuple[int | None, str, str] | None = None

    def diagnostic(self, name: str, header: list[str]) -> Diagnostic:
        assert self.problem is not None
        index, message, hint = self.problem
        if index is not None and index < len(header):
            return Diagnostic(name, self.line, index + 1,
                              f"row {self.row}, column '{header[index]}': {message}", hint)
        column = "" if index is None else f", column {index + 1}"
        return Diagnostic(name, self.line, 1 if index is None else index + 1,
                          f"row {self.row}{column}: {message}", hint)


class _Lines:
    """The file's lines for the csv reader, from line ``pos`` (from 0) until line ``stop``."""

    def __init__(self, lines: list[str]):
        self.lines, self.pos, self.stop = lines, 0, 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.pos >= self.stop:
            raise StopIteration
        self.pos += 1
        return self.lines[self.pos - 1]


def _records(text: str, header: list[str]) -> Iterator[_Record]:
    """Every row of a CSV text, numbered as a spreadsheet numbers them.

    A row is read from at most :data:`MAX_CELL_LINES` lines. A row that cannot be read (a
    quote that never closes, text after a closing quote, a cell over the csv module's limit)
    or that has a cell which took in whole rows after it (a quote opened by mistake, closed
    only by the opening quote of a later cell) is given as a problem at the line it starts
    on, and reading goes on from the next line, so the rows after it are still read.
    ``header`` is the header's cells once it has been read (to know each column's limits).
    """
    lines = _Lines(_LINE.findall(text))
    reader = csv.reader(lines, strict=True)
    row, total = 0, len(lines.lines)
    while lines.pos < total:
        start = lines.pos
        lines.stop = min(total, start + MAX_CELL_LINES)
        row += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            lines.pos = start + 1
            yield _Record(row, start + 1, [], _csv_problem(str(exc), lines.lines[start]))
            continue
        cells = [c.replace("\r\n", "\n").replace("\r", "\n") for c in cells]
        runaway = _runaway_cell(cells, header)
        if runaway is not None:
            lines.pos = start + 1
            yield _Record(row, start + 1, cells, (runaway, *_RUNAWAY))
            continue
        yield _Record(row, start + 1, cells)


def _csv_problem(error: str, line: str) -> tuple[int | None, str, str]:
    """What a csv module error means, and the cell at fault on the row's first line."""
    if "field larger than field limit" in error:
        return (None, f"a cell is longer than {csv.field_size_limit():,} characters",
                "no practice detail is that long; check for a quote (\") that is not closed")
    if "unexpected end of data" in error or "expected after" in error:
        cell, fault = _quote_fault(line)
        return (cell, *(_UNPAIRED if fault == "after" else _RUNAWAY))
    return (None, f"this row cannot be read as CSV ({error})", "check its quotes and commas")


_QUOTED = re.compile(r'"(?:[^"]|"")*"')


def _quote_fault(line: str) -> tuple[int, str]:
    """The index of the first cell on a line whose quotes are wrong, and how: 'open' (the
    quote is not closed on this line) or 'after' (text follows the closing quote)."""
    index, at = 0, 0
    while True:
        if line.startswith('"', at):
            quoted = _QUOTED.match(line, at)
            if not quoted:
                return index, "open"
            at = quoted.end()
            if at < len(line) and line[at] not in ",\r\n":
                return index, "after"
        at = line.find(",", at)
        if at < 0:
            return index, "open"
        index, at = index + 1, at + 1


def _runaway_cell(cells: list[str], header: list[str]) -> int | None:
    """The index of a cell that took in whole rows after it, if any: one with a line break
    that is longer than its column allows, or has a line that looks like a row of its own
    (half as many commas as there are columns)."""
    commas = max(3, len(header) // 2)
    for index, cell in enumerate(cells):
        if "\n" not in cell or index >= len(header):
            continue
        node = _schema_node(tuple(header[index].split("."))) or {}
        limit = node.get("maxLength", 200)
        if len(cell) > limit or any(line.count(",") >= commas for line in cell.split("\n")[1:]):
            return index
    return None


def _label(cells: list[str], header: list[str]) -> str:
    """A row's ODS code, if its cell holds one, to name the row by."""
    code = cells[header.index("ods_code")] if "ods_code" in header and len(cells) > \
        header.index("ods_code") else ""
    return code if re.fullmatch(r"[A-Z][0-9]{5}", code) else ""


def _check_header(header: list[str], name: str) -> None:
    known = _columns()
    problems = []
    for col, heading in enumerate(header, 1):
        pattern = re.sub(r"\.[0-9]+\.", ".1.", heading)
        if not heading or _schema_node(tuple(heading.split("."))) is None or pattern not in known:
            problems.append(Diagnostic(name, 1, col, f"row 1, column {col}: unknown column "
                                       f"'{heading}'", did_you_mean(pattern, known)
                                       or f"columns are: {', '.join(known)}"))
        elif header.index(heading) != col - 1:
            problems.append(Diagnostic(name, 1, col, f"row 1, column {col}: column '{heading}' "
                                       "appears twice", "remove one of them"))
    for needed in _columns(required_only=True):
        if needed not in header:
            problems.append(Diagnostic(name, 1, 1, f"row 1: column '{needed}' is missing",
                                       "add a column with this name to the first row"))
    if problems:
        raise ContentError(problems)


def _read_row(cells: list[str], header: list[str], row: int, line: int, name: str,
              base_dir: Path, seen_codes: dict[str, int]) -> CsvRow:
    data: dict[str, Any] = {}
    columns: dict[DataPath, str] = {}
    for heading, cell in zip(header, cells, strict=False):
        if cell.strip():
            parts = tuple(heading.split("."))
            _set(data, parts, _cell_value(heading, cell))
            columns[parts] = heading
    out_columns: dict[DataPath, str] = {}
    data = _lists_from_numbered(data, (), columns, out_columns)
    extra = len(cells) - len(header)

    def column_of(path: DataPath) -> str:
        return _column_for(path, out_columns, header) if path else ""

    def locate(problem: SchemaProblem) -> Diagnostic:
        column = column_of(problem.path)
        col = header.index(column) + 1 if column in header else 1
        def place(p: DataPath) -> str:
            if not p:
                return "this row"
            if column_of(p) == column:
                return "the value"
            if len(p) < len(problem.path) and problem.path[: len(p)] == p:
                # A group of columns holding this one (a service, an appointment): name it as
                # this column's heading does, so a service keeps the number the header gives it.
                return ".".join(column.split(".")[: len(p)])
            return f"column '{column_of(p)}'"

        if problem.missing:
            about = described(_schema_node(tuple(column.split("."))) or {})
            return Diagnostic(name, line, col, f"row {row}, column '{column}': the cell is empty",
                              f"fill it in{about}")
        message = problem.message(place)
        return Diagnostic(name, line, col, f"row {row}, column '{column}': {message}",
                          problem.hint)

    problems, logo = checked_practice(data, base_dir, locate)
    if extra > 0:
        problems.append(Diagnostic(name, line, len(header) + 1,
                                   f"row {row}: {extra} more cell(s) than there are columns",
                                   "check for a stray comma, or quote text that has commas"))
    code = data.get("ods_code")
    label = code if isinstance(code, str) else ""
    if isinstance(code, str) and re.fullmatch(r"[A-Z][0-9]{5}", code):
        if code in seen_codes:
            problems.append(locate(SchemaProblem(
                ("ods_code",), f"ODS code {code} is already used in row {seen_codes[code]}",
                None, "", "each practice needs its own row")))
        seen_codes.setdefault(code, row)
    if problems:
        return CsvRow(row, None, tuple(sorted(set(problems))), label)
    return CsvRow(row, practice_from_data(data, base_dir, logo), (), label)


def _column_for(path: DataPath, columns: dict[DataPath, str], header: list[str]) -> str:
    """The column a data path came from (or would come from, if its cell was empty)."""
    if path in columns:
        return columns[path]
    if len(path) >= 2 and isinstance(path[-1], str):
        # A filled-in sibling field shows how this list item was numbered in the header.
        for p, col in columns.items():
            if len(p) == len(path) and p[:-1] == path[:-1]:
                return f"{col.rsplit('.', 1)[0]}.{path[-1]}"
    name = ".".join(str(p + 1) if isinstance(p, int) else p for p in path)
    if name in header:
        return name
    for heading in header:
        if heading.startswith(name + "."):
            return heading
    for end in range(len(path) - 1, 0, -1):
        if path[:end] in columns:
            return columns[path[:end]]
    return name
