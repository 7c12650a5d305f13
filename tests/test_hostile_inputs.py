"""Hostile and broken inputs (issue 12): a logo, a practice file, a CSV or a content file that
is malicious, enormous or not a file at all is refused with one plain message naming the
place to fix, never a traceback, a hang or a file published as it came."""

from __future__ import annotations

import csv
import io
import os
import resource
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.content.diagnostics import ContentError
from generator.content.project import load_project
from generator.packs.pack import PackBuilder
from generator.packs.profile import load_practice, load_practices_csv
from helpers import EPOCH, EXAMPLE_PRACTICE, EXAMPLE_PRACTICES_CSV, REPO, copy_project, pcsp

EXAMPLE = EXAMPLE_PRACTICE.read_text(encoding="utf-8")
LOGO_LINE = len(EXAMPLE.splitlines()) + 1
"""The line of the ``logo:`` key that :func:`practice_with_logo` adds at the end."""


def practice_with_logo(folder: Path, logo: str, data: bytes | str) -> Path:
    """The example practice with a logo file (its name and bytes) next to it."""
    path = folder / logo
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    practice = folder / "practice.yaml"
    practice.write_text(f"{EXAMPLE}logo: {logo}\n", encoding="utf-8")
    return practice


def practice_file(folder: Path, old: str = "", new: str = "") -> Path:
    """The example practice with ``old`` (found once) replaced by ``new``."""
    assert EXAMPLE.count(old) == 1 or not old
    path = folder / "practice.yaml"
    path.write_text(EXAMPLE.replace(old, new) if old else EXAMPLE, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    """Every reported line (hints included) of loading a practice file, named practice.yaml."""
    with pytest.raises(ContentError) as caught:
        load_practice(path, "practice.yaml")
    return str(caught.value).splitlines()


def line_of(path: Path, start: str) -> int:
    """The number of the first line of a file that starts with ``start`` (after spaces)."""
    return next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.lstrip().startswith(start))


def limited_pcsp(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``pcsp`` with a time and memory limit: before the fixes, a device or a pipe given as a
    file was read until memory ran out, or waited for forever."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))

    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    try:
        return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                              text=True, cwd=cwd, env=env, timeout=120, preexec_fn=limit)
    except subprocess.TimeoutExpired:
        pytest.fail(f"pcsp {' '.join(args)} did not finish (it waited on a pipe or a device)")


def one_problem(result: subprocess.CompletedProcess[str], expected: str) -> None:
    """A failed command whose first line is ``expected``, with no traceback."""
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == expected


@pytest.fixture(scope="module")
def builder() -> PackBuilder:
    return PackBuilder(load_project(REPO))


# --- 1. SVG logos are never published as they came ------------------------------------------

HOSTILE_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="120" height="40" viewBox="0 0 120 40" onload="alert('onload')">
  <script>alert('script')</script>
  <script xlink:href="https://evil.example/script.js"/>
  <style>@import url(https://evil.example/import.css);
    .brand { fill: #005eb8; background: url(https://evil.example/css.png) }
    .mark { fill: url(javascript:alert('css')); stroke: #003087 }</style>
  <foreignObject width="120" height="40">
    <iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/frame"/>
  </foreignObject>
  <a href="javascript:alert('href')">
    <rect class="brand mark" width="60" height="40" onclick="alert('click')"/></a>
  <a xlink:href="javascript:alert('xlink')">
    <circle cx="90" cy="20" r="15" onmouseover="alert('over')"
            style="fill: url(https://evil.example/style.png); stroke: #003087"/></a>
  <use xlink:href="https://evil.example/sprites.svg#logo"/>
  <use href="other.svg#logo"/>
  <use xlink:href="javascript:alert('use')"/>
  <image href="https://evil.example/tracker.png" width="1" height="1"/>
  <animate attributeName="href" to="javascript:alert('animate')"/>
  <set attributeName="onload" to="alert('set')"/>
  <text x="4" y="36" font-family="Noto Sans" onfocusin="alert('text')">Riverside</text>
</svg>
"""


def assert_safe_svg(data: bytes) -> None:
    """An SVG with nothing that runs, loads or links to anything outside itself."""
    lowered = data.lower()
    for word in (b"evil.example", b"javascript", b"alert", b"<!doctype", b"<!entity",
                 b"other.svg"):
        assert word not in lowered, word
    root = ElementTree.fromstring(data)
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        assert name not in {"script", "foreignObject", "iframe", "image", "animate", "set", "a"}
        for attribute, value in element.attrib.items():
            local = attribute.rsplit("}", 1)[-1]
            assert not local.lower().startswith("on"), attribute
            if local == "href":
                assert value.startswith("#"), value
            assert "url(" not in value.replace("url(#", ""), value


def test_svg_logo_is_published_only_as_a_safe_drawing(tmp_path: Path,
                                                     builder: PackBuilder) -> None:
    practice = load_practice(practice_with_logo(tmp_path, "logo.svg", HOSTILE_SVG))
    folder = builder.build(practice, tmp_path / "out").folder
    published = (folder / "logo.svg").read_bytes()
    assert_safe_svg(published)
    with zipfile.ZipFile(folder / "A81001-practice-pack.zip") as archive:
        assert archive.read("A81001/logo.svg") == published
    # What may be kept, is: the drawing itself (its shapes, colours and text).
    root = ElementTree.fromstring(published)
    names = [e.tag.rsplit("}", 1)[-1] for e in root.iter()]
    assert {"rect", "circle", "text", "style"} <= set(names)
    assert "Riverside" in "".join(root.itertext())
    assert b"fill:#005eb8" in published and b"stroke:#003087" in published


@pytest.mark.parametrize(("name", "svg", "message"), [
    ("entity-bomb", '<?xml version="1.0"?>\n<!DOCTYPE svg [\n <!ENTITY a "aaaaaaaaaa">\n'
     + "".join(f' <!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">\n'
               for i in range(9))
     + ']>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       "<text>&j;</text></svg>",
     "logo 'logo.svg' declares XML entities or other DOCTYPE content, which a logo may not "
     "have"),
    ("external-entity", '<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY x SYSTEM '
     '"file:///etc/passwd">]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
     "logo 'logo.svg' declares XML entities or other DOCTYPE content, which a logo may not "
     "have"),
    ("use-bomb", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><defs>'
     '<rect id="a0" width="1" height="1"/>'
     + "".join(f'<g id="a{i + 1}">' + f'<use href="#a{i}"/>' * 10 + "</g>" for i in range(9))
     + '</defs><use href="#a9"/></svg>',
     "logo 'logo.svg' is too much work to draw (more than 200,000 shapes, counting every "
     "copy)"),
    ("use-loop", '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
     '<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>',
     "logo 'logo.svg' has a part that refers to itself"),
])
def test_svg_that_cannot_be_made_safe_is_refused_at_the_logo_line(
        tmp_path: Path, name: str, svg: str, message: str) -> None:
    path = practice_with_logo(tmp_path, "logo.svg", svg)
    start = time.monotonic()
    assert problems(path)[0] == f"practice.yaml:{LOGO_LINE}:7: error: {message}"
    assert time.monotonic() - start < 10


# --- 2. Image bombs ------------------------------------------------------------------------

def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(side: int = 30_000) -> bytes:
    """A black-and-white PNG of ``side`` by ``side`` pixels, all zeros: about 110 KB that
    unpack to over 100 MB (and to 900 million pixels when drawn)."""
    row = 1 + (side + 7) // 8  # a filter byte, then 8 pixels a byte
    squeeze = zlib.compressobj(9)
    block = bytes(row * 1000)
    body = b"".join(squeeze.compress(block) for _ in range(side // 1000)) + squeeze.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", body)
            + png_chunk(b"IEND", b""))


LIMIT_HINT = "    hint: save a smaller copy of the logo, at most 4,000 pixels wide and high"


def test_png_bomb_is_refused_by_its_pixels_at_the_logo_line(tmp_path: Path) -> None:
    bomb = png_bomb()
    assert len(bomb) < 1_000_000  # it passes the byte limit: only its pixels give it away
    path = practice_with_logo(tmp_path, "logo.png", bomb)
    start = time.monotonic()
    assert problems(path) == [
        f"practice.yaml:{LOGO_LINE}:7: error: logo 'logo.png' is 30,000 by 30,000 pixels; "
        "the limit is 4,000 by 4,000", LIMIT_HINT]
    assert time.monotonic() - start < 5


@pytest.mark.parametrize("size", ['width="30000" height="200"', 'viewBox="0 0 200 30000"',
                                  'width="400in" height="1in"'])
def test_svg_too_big_to_draw_is_refused_at_the_logo_line(tmp_path: Path, size: str) -> None:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" {size}><rect width="9" height="9"/></svg>'
    path = practice_with_logo(tmp_path, "logo.svg", svg)
    [error, hint] = problems(path)
    assert error.startswith(f"practice.yaml:{LOGO_LINE}:7: error: logo 'logo.svg' is ")
    assert error.endswith(" pixels; the limit is 4,000 by 4,000")
    assert hint == LIMIT_HINT


def test_damaged_png_is_refused_at_the_logo_line(tmp_path: Path) -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (90, 40), "#005eb8").save(buffer, "PNG")
    cut = buffer.getvalue()[:-30]
    path = practice_with_logo(tmp_path, "logo.png", cut)
    assert problems(path)[0] == (f"practice.yaml:{LOGO_LINE}:7: error: logo 'logo.png' is a "
                                 "damaged PNG image (it is cut short)")


def test_csv_row_with_a_bomb_logo_is_refused_and_the_rest_are_read(tmp_path: Path) -> None:
    (tmp_path / "bomb.png").write_bytes(png_bomb())
    header, rows = example_rows()
    rows[1][header.index("logo")] = "bomb.png"
    result = load_practices_csv(write_csv(tmp_path / "p.csv", header, rows), "p.csv")
    assert [r.row for r in result if r.practice] == [2, 4]
    [bad] = [r for r in result if not r.practice]
    assert bad.diagnostics[0].format().splitlines()[0] == (
        f"p.csv:3:{header.index('logo') + 1}: error: row 3, column 'logo': logo 'bomb.png' is "
        "30,000 by 30,000 pixels; the limit is 4,000 by 4,000")


# --- 3. Things that are not files ------------------------------------------------------------

def test_missing_practice_file_or_csv_is_one_plain_sentence(tmp_path: Path) -> None:
    result = pcsp("pack", "nope.yaml", "--project", str(REPO), "-o", "out", cwd=tmp_path)
    one_problem(result, "nope.yaml:1:1: error: file not found")
    result = pcsp("pack", "--csv", "nope.csv", "--project", str(REPO), "-o", "out", cwd=tmp_path)
    one_problem(result, "nope.csv:1:1: error: file not found")
    assert not (tmp_path / "out").exists()


NOT_A_FILE = "error: this is not a regular file (it is a device, a pipe or a socket)"


@pytest.mark.parametrize("kind", ["device", "pipe", "folder", "broken link"])
def test_practice_file_or_csv_that_is_not_a_file_is_refused(tmp_path: Path, kind: str) -> None:
    for name in ("practice.yaml", "practices.csv"):
        path = tmp_path / name
        if kind == "device":
            path.symlink_to("/dev/zero")
        elif kind == "pipe":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        else:
            path.symlink_to(tmp_path / "gone")
    expected = {"device": NOT_A_FILE, "pipe": NOT_A_FILE,
                "folder": "error: this is a folder, not a file",
                "broken link": "error: this is a link to a file that does not exist"}[kind]
    result = limited_pcsp("pack", "practice.yaml", "--project", str(REPO), "-o", "out",
                          cwd=tmp_path)
    one_problem(result, f"practice.yaml:1:1: {expected}")
    result = limited_pcsp("pack", "--csv", "practices.csv", "--project", str(REPO), "-o", "out",
                          cwd=tmp_path)
    one_problem(result, f"practices.csv:1:1: {expected}")


def test_checklist_or_content_file_that_is_not_a_file_is_reported(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "guide")
    (project / "checklists" / "zz.yaml").mkdir()
    (project / "checklists" / "zy.yaml").symlink_to("/dev/zero")
    (project / "content" / "roles.yaml").unlink()
    (project / "content" / "roles.yaml").symlink_to("/dev/zero")
    result = limited_pcsp("validate", str(project), cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == [
        f"checklists/zy.yaml:1:1: {NOT_A_FILE}",
        "checklists/zz.yaml:1:1: error: this is a folder, not a file",
        f"content/roles.yaml:1:1: {NOT_A_FILE}",
    ]


@pytest.mark.parametrize("kind", ["folder", "pipe"])
def test_logo_that_is_not_a_file_is_refused_at_the_logo_line(tmp_path: Path, kind: str) -> None:
    logo = tmp_path / "logo.png"
    logo.mkdir() if kind == "folder" else os.mkfifo(logo)
    path = tmp_path / "practice.yaml"
    path.write_text(f"{EXAMPLE}logo: logo.png\n", encoding="utf-8")
    said = "is a folder, not a file" if kind == "folder" else \
        "is not a regular file (it is a device, a pipe or a socket)"
    assert problems(path)[0] == f"practice.yaml:{LOGO_LINE}:7: error: logo 'logo.png' {said}"


# --- 4. CSV files with a stray quote or a cell far too long ----------------------------------

def example_rows() -> tuple[list[str], list[list[str]]]:
    with open(EXAMPLE_PRACTICES_CSV, encoding="utf-8", newline="") as f:
        header, *rows = list(csv.reader(f))
    return header, [list(r) for r in rows]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def many_practices(count: int) -> tuple[list[str], list[str]]:
    """A header and ``count`` good practice rows, one line each, with no quotes at all."""
    header, rows = example_rows()
    lines = []
    for n in range(count):
        row = list(rows[1])
        row[header.index("ods_code")] = f"C{n:05d}"
        row[header.index("address")] = "1 Stryd Fawr; Aberystwyth SY23 1AA"
        assert not any("," in cell or '"' in cell for cell in row)
        lines.append(",".join(row))
    return header, lines


@pytest.mark.parametrize("count", [100, 400])
def test_stray_quote_costs_only_its_own_row(tmp_path: Path, count: int) -> None:
    header, lines = many_practices(count)
    lines[39] = lines[39].replace("1 Stryd Fawr", '"1 Stryd Fawr')  # row 41 of the file
    path = tmp_path / "p.csv"
    path.write_text("\n".join([",".join(header), *lines]) + "\n", encoding="utf-8")
    rows = load_practices_csv(path, "p.csv")
    assert len(rows) == count
    assert [r.row for r in rows if r.practice is None] == [41]
    [bad] = [r for r in rows if r.practice is None]
    assert [d.format() for d in bad.diagnostics] == [
        "p.csv:41:3: error: row 41, column 'address': this cell starts with a quote (\") that "
        "is not closed at the end of the cell, so the cell takes in the lines after it\n"
        "    hint: remove the stray quote, or close it at the end of the cell; a quote inside a "
        "cell is written twice (\"\")"]
    assert rows[-1].practice is not None and rows[-1].practice.ods_code == f"C{count - 1:05d}"


def test_stray_quote_before_a_quoted_cell_costs_only_its_own_row(tmp_path: Path) -> None:
    header, rows = example_rows()
    path = write_csv(tmp_path / "p.csv", header, rows)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Meddygfa", '"Meddygfa'), encoding="utf-8")
    result = load_practices_csv(path, "p.csv")
    assert [(r.row, r.practice is not None) for r in result] == [(2, True), (3, False),
                                                                 (4, True)]
    assert result[1].diagnostics[0].message == (
        "row 3, column 'name': this cell starts with a quote (\") that is not closed at the "
        "end of the cell")


def test_cell_over_the_csv_limit_costs_only_its_own_row(tmp_path: Path) -> None:
    header, lines = many_practices(3)
    lines[1] = lines[1].replace("Fy Nghynllun Iechyd", "x" * 140_000)
    path = tmp_path / "p.csv"
    path.write_text("\n".join([",".join(header), *lines]) + "\n", encoding="utf-8")
    rows = load_practices_csv(path, "p.csv")
    assert [(r.row, r.practice is not None) for r in rows] == [(2, True), (3, False),
                                                               (4, True)]
    assert rows[1].diagnostics[0].format().splitlines()[0] == (
        "p.csv:3:1: error: row 3: a cell is longer than 131,072 characters")


def test_nul_in_a_cell_is_refused_at_its_row_and_column(tmp_path: Path) -> None:
    header, rows = example_rows()
    rows[0][header.index("name")] = "Riverside\x00Health Centre"
    result = load_practices_csv(write_csv(tmp_path / "p.csv", header, rows), "p.csv")
    assert [r.row for r in result if r.practice is None] == [2]
    assert [d.format().splitlines()[0] for d in result[0].diagnostics] == [
        "p.csv:2:1: error: row 2, column 'name': the value holds a control character (\\x00)"]


def test_cell_with_line_breaks_still_reads(tmp_path: Path) -> None:
    header, rows = example_rows()
    rows[0][header.index("address")] = "12 Mill Lane\r\nNewtown\r\nNT1 2AB"
    result = load_practices_csv(write_csv(tmp_path / "p.csv", header, rows), "p.csv")
    assert all(r.practice for r in result), [r.diagnostics for r in result]
    assert result[0].practice is not None
    assert result[0].practice.address_lines == ("12 Mill Lane", "Newtown", "NT1 2AB")
    assert [r.row for r in result] == [2, 3, 4]


# --- 5. Nothing is trimmed away: a trailing line break is refused ----------------------------

def test_trailing_newline_in_practice_yaml_is_refused(tmp_path: Path) -> None:
    # (refused by the schema's patterns, in generator/content/schema.py; the YAML is read as
    # written, with nothing added or trimmed)
    path = practice_file(tmp_path, "ods_code: A81001", 'ods_code: "A81001\\n"')
    assert problems(path)[0] == (
        f"practice.yaml:{line_of(path, 'ods_code:')}:11: error: ods_code 'A81001\\n' is not a "
        "valid ODS code")


def test_trailing_newline_in_a_csv_cell_is_refused(tmp_path: Path) -> None:
    header, rows = example_rows()
    rows[0][header.index("ods_code")] = "A81001\n"
    rows[1][header.index("appointments.information_gathering.minutes")] = "20\n"
    result = load_practices_csv(write_csv(tmp_path / "p.csv", header, rows), "p.csv")
    assert [d.message for r in result for d in r.diagnostics] == [
        "row 2, column 'ods_code': the value 'A81001\\n' is not a valid ODS code",
        "row 3, column 'appointments.information_gathering.minutes': the value should be a "
        "whole number, not text ('20\\n')"]


# --- 6. Whole numbers are written as whole numbers -------------------------------------------

@pytest.mark.parametrize(("old", "new", "field", "example"), [
    ("minutes: 30", "minutes: 30.0", "appointments.information_gathering.minutes", "30"),
    ("results_sent_days_before: 10", "results_sent_days_before: 10.0",
     "results_sent_days_before", "10"),
])
def test_decimal_for_a_whole_number_is_refused(tmp_path: Path, old: str, new: str, field: str,
                                              example: str) -> None:
    path = practice_file(tmp_path, old, new)
    line = line_of(path, new)
    column = path.read_text(encoding="utf-8").splitlines()[line - 1].index(new) + len(
        new.split(": ")[0]) + 3
    assert problems(path) == [
        f"practice.yaml:{line}:{column}: error: {field} should be a whole number, written "
        f"without a decimal point (not {float(example)!r})",
        f"    hint: write a whole number, such as {example}"]


# --- 7. Messages say what is actually wrong --------------------------------------------------

@pytest.mark.parametrize(("value", "expected"), [
    ('"https://riverside.example/<script>"',
     ["website 'https://riverside.example/<script>' has a space, a line break or one of < > \" "
      "in it, which a web address cannot have",
      "    hint: copy the address from the browser's address bar"]),
    ("'https://riverside.example/\"x'",
     ["website 'https://riverside.example/\"x' has a space, a line break or one of < > \" in "
      "it, which a web address cannot have",
      "    hint: copy the address from the browser's address bar"]),
    ("www.riverside.example",
     ["website 'www.riverside.example' must start with https:// or http://",
      "    hint: write the whole address, such as https://www.example.org"]),
])
def test_website_message_says_what_is_wrong(tmp_path: Path, value: str,
                                            expected: list[str]) -> None:
    path = practice_file(tmp_path, "website: https://riverside-health.example",
                         f"website: {value}")
    line = line_of(path, "website:")
    assert problems(path) == [f"practice.yaml:{line}:10: error: {expected[0]}", expected[1]]


def test_email_hint_shows_how_to_write_one(tmp_path: Path) -> None:
    path = practice_file(tmp_path, "email: riverside.surgery@nhs.example",
                         "email: riverside.surgery")
    assert problems(path) == [
        f"practice.yaml:{line_of(path, 'email:')}:8: error: email 'riverside.surgery' is not an "
        "email address",
        "    hint: write it like name@example.org, with no spaces or < > \" in it"]


def test_broken_svg_logo_is_reported_at_the_logo_line_not_the_template(tmp_path: Path) -> None:
    practice_with_logo(tmp_path, "logo.svg", '<svg xmlns="http://www.w3.org/2000/svg"><rect')
    result = pcsp("pack", "practice.yaml", "--project", str(REPO), "-o", "out", cwd=tmp_path)
    one_problem(result, f"practice.yaml:{LOGO_LINE}:7: error: logo 'logo.svg' is not a "
                        "readable SVG file (unclosed token at line 1, column 41 of the logo)")
    assert ".typ" not in result.stderr and "pcsp-typst" not in result.stderr


def test_svg_typst_cannot_draw_is_reported_at_the_logo_line(tmp_path: Path) -> None:
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="1e-300" height="10"/>'
    path = practice_with_logo(tmp_path, "logo.svg", svg)
    [error, hint] = problems(path)
    assert error.startswith(f"practice.yaml:{LOGO_LINE}:7: error: logo 'logo.svg' cannot be "
                            "drawn: ")
    assert hint == ("    hint: open it in a drawing program and save it again as SVG, or save "
                    "it as PNG")
