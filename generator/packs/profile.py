"""Practice profiles: read one practice from YAML, or many from a CSV file, checking every field.

Problems are reported all at once, like content errors: ``file:line:column`` for YAML, and
``row N, column 'x'`` for CSV (row numbers as a spreadsheet shows them: the header is row 1).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.diagnostics import ContentError, Diagnostic, did_you_mean
from ..content.load import DataPath, SourceFile, read_yaml
from ..content.schema import (
    SchemaProblem,
    described,
    field_schema,
    load_schemas,
    resolve,
    schema_problems,
    source_diagnostic,
)

Locate = Callable[[SchemaProblem], Diagnostic]
"""Turn a problem with a practice's data into a diagnostic naming its place in the file."""

MAX_LOGO_BYTES = 1_000_000
MAX_CSV_BYTES = 50_000_000
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


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
    fields: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    """Every filled-in field as text, by its dotted name (``appointments.conversation.who``)."""

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


def practice_from_data(data: dict[str, Any], base_dir: Path) -> Practice:
    """Build a :class:`Practice` from data that has passed the schema."""
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
        languages=tuple(data.get("languages", ())), fields=flatten(data))


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
    found = [locate(problem) for problem in schema_problems("practice", data)]
    logo = data.get("logo") if isinstance(data, dict) else None
    if isinstance(logo, str) and re.search(r"(?i)\.(png|svg)$", logo):
        problem = logo_problem(base_dir, logo)
        if problem:
            found.append(locate(SchemaProblem(("logo",), problem[0], None, "", problem[1])))
    return sorted(set(found))


def logo_problem(base_dir: Path, logo: str) -> tuple[str, str] | None:
    """Why a logo path cannot be used, as (message, hint), or None if it is fine."""
    base = base_dir.resolve()
    path = (base / logo).resolve()
    if not path.is_relative_to(base):
        return (f"logo '{logo}' is outside the folder of the practice file",
                "put the logo in the same folder as the practice file, or a folder inside it")
    if not path.is_file():
        return f"logo file '{logo}' not found", f"looked for {path}"
    size = path.stat().st_size
    if size > MAX_LOGO_BYTES:
        return (f"logo '{logo}' is {size:,} bytes; the limit is {MAX_LOGO_BYTES:,}",
                "save a smaller copy of the logo")
    head = path.read_bytes()[:512]
    if path.suffix.lower() == ".png" and not head.startswith(_PNG_MAGIC):
        return f"logo '{logo}' is not a PNG image", "save the logo as PNG or SVG"
    if path.suffix.lower() == ".svg" and b"<svg" not in head.lower():
        return f"logo '{logo}' is not an SVG image", "save the logo as PNG or SVG"
    return None


def yaml_locator(source: SourceFile) -> Locate:
    """Point at a YAML value or key, or (for a missing field) at the mapping that lacks it."""
    return lambda problem: source_diagnostic(source, problem)


def load_practice(path: Path, name: str | None = None) -> Practice:
    """Read and check one practice YAML file; raise :class:`ContentError` listing every problem."""
    source: SourceFile = read_yaml(Path(path), name)

    problems = check_practice(source.data, Path(path).parent, yaml_locator(source))
    if problems:
        raise ContentError(problems)
    return practice_from_data(source.data, Path(path).parent)


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
    if node.get("type") == "integer" and re.fullmatch(r"\s*[0-9]+\s*", text):
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

    Raises :class:`ContentError` if the file as a whole cannot be used (bad header, not UTF-8).
    """
    path = Path(path)
    name = name or str(path)
    raw = path.read_bytes()
    if len(raw) > MAX_CSV_BYTES:
        raise ContentError([Diagnostic(name, 1, 1, f"file is {len(raw):,} bytes; the limit is "
                                       f"{MAX_CSV_BYTES:,}", "split it into smaller files")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        raise ContentError([Diagnostic(name, line, exc.start - (before.rfind(b"\n") + 1) + 1,
                                       f"file is not UTF-8 (byte 0x{raw[exc.start]:02x})",
                                       "save it as 'CSV UTF-8' in your spreadsheet")]) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise ContentError([Diagnostic(name, 1, 1, "the CSV file is empty",
                                       "the first row must name the columns")]) from None
    _check_header(header, name)
    rows: list[CsvRow] = []
    seen_codes: dict[str, int] = {}
    line = reader.line_num + 1
    for row_number, cells in enumerate(reader, start=2):
        start, line = line, reader.line_num + 1
        if not any(c.strip() for c in cells):
            continue
        rows.append(_read_row(cells, header, row_number, start, name, path.parent, seen_codes))
    return rows


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

    problems = check_practice(data, base_dir, locate)
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
    return CsvRow(row, practice_from_data(data, base_dir), (), label)


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
