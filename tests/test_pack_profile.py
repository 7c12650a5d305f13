"""Practice profiles: every problem in a YAML or CSV profile is reported, at the right place."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from generator.content.diagnostics import ContentError
from generator.packs.profile import load_practice, load_practices_csv

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

GOOD = """\
name: Riverside Health Centre
ods_code: A81001
address: 12 Mill Lane, Newtown, NT1 2AB
phone: 01632 960000
model_of_care_name: My Health Review
appointments:
  information_gathering:
    who: a health care assistant
    where: at the surgery
    minutes: 30
  conversation:
    who: your practice nurse
    where: at the surgery
    minutes: 20
results_sent_days_before: 10
more_than_medicine:
  - name: Newtown Walking Group
    offers: Friendly walks every Tuesday.
    contact: Call 01632 960111
accessible_formats_contact: Ask at reception.
"""

END = "accessible_formats_contact: Ask at reception."

# (what to replace in GOOD, what to put instead, every error line expected, in order)
BAD_PROFILES = [
    ("ods_code: A81001", "ods_code: a81001",
     ["practice.yaml:2:11: error: ods_code 'a81001' is not a valid ODS code",
      "    hint: did you mean 'A81001'? one letter then five digits, such as A81001"]),
    ("ods_code: A81001", "ods_code: A8100",
     ["practice.yaml:2:11: error: ods_code 'A8100' is not a valid ODS code",
      "    hint: one letter then five digits, such as A81001"]),
    ("results_sent_days_before: 10", "results_sent_days_before: 21",
     ["practice.yaml:15:27: error: results_sent_days_before must be between 7 and 14, not 21",
      "    hint: How many days before the conversation the results and prompts reach the "
      "patient (7 to 14)."]),
    ("minutes: 30", "minutes: thirty",
     ["practice.yaml:10:14: error: appointments.information_gathering.minutes should be a "
      "whole number, not text ('thirty')",
      "    hint: write a whole number, such as 10"]),
    ("phone: 01632 960000\n", "",
     ["practice.yaml:1:1: error: missing key 'phone' at the top level",
      "    hint: add a 'phone:' line; phone number patients call, such as 01632 960000."]),
    ("    minutes: 20\n", "",
     ["practice.yaml:12:5: error: missing key 'minutes' in appointments.conversation"]),
    ("    contact: Call 01632 960111\n", "",
     ["practice.yaml:17:5: error: missing key 'contact' in more_than_medicine[1]"]),
    ("name: Riverside Health Centre", "nmae: Riverside Health Centre",
     ["practice.yaml:1:1: error: missing key 'name' at the top level",
      "    hint: is 'nmae' a misspelling of it?",
      "practice.yaml:1:1: error: unknown key 'nmae' at the top level",
      "    hint: did you mean 'name'?"]),
    ("name: Riverside Health Centre", 'name: ""',
     ["practice.yaml:1:7: error: name must not be empty"]),
    ("name: Riverside Health Centre", "name: " + "x" * 121,
     ["practice.yaml:1:7: error: name is too long (121 characters; the limit is 120)",
      "    hint: shorten it"]),
    (END, END + "\nwebsite: www.riverside.example",
     ["practice.yaml:21:10: error: website 'www.riverside.example' must start with https:// "
      "or http://"]),
    (END, END + "\nemail: not-an-email",
     ["practice.yaml:21:8: error: email 'not-an-email' is not an email address"]),
    (END, END + "\nlanguages: Polski",
     ["practice.yaml:21:12: error: languages should be a list, not text ('Polski')",
      "    hint: write each item on its own line starting with '- ', or as [first, second]"]),
    (END, END + "\nlogo: logo.gif",
     ["practice.yaml:21:7: error: logo 'logo.gif' must be a .png or .svg file"]),
    (END, END + "\nlogo: nope.png",
     ["practice.yaml:21:7: error: logo file 'nope.png' not found"]),
    (END, END + "\nlogo: ../outside.png",
     ["practice.yaml:21:7: error: logo '../outside.png' is outside the folder of the practice "
      "file"]),
    (END, END + "\nlogo: fake.png",
     ["practice.yaml:21:7: error: logo 'fake.png' is not a PNG image"]),
    ("more_than_medicine:\n  - name: Newtown Walking Group\n    offers: Friendly walks every "
     "Tuesday.\n    contact: Call 01632 960111\n", "more_than_medicine: []\n",
     ["practice.yaml:16:21: error: more_than_medicine must not be empty",
      "    hint: add at least one item"]),
    ("  conversation:", "\tconversation:",
     ["practice.yaml:11:1: error: tab character used for indentation"]),
    # Several problems at once: all reported, in file order.
    ("ods_code: A81001\naddress: 12 Mill Lane, Newtown, NT1 2AB\nphone: 01632 960000",
     "ods_code: 81001\naddress: 12 Mill Lane, Newtown, NT1 2AB\nphone: call us",
     ["practice.yaml:2:11: error: ods_code should be text, not a number ('81001')",
      "practice.yaml:4:8: error: phone 'call us' is not a phone number"]),
]


def error_lines(exc: ContentError, expected: list[str]) -> list[str]:
    """The reported lines, keeping hint lines only where the expectation has one."""
    wants_hints = any(line.startswith("    hint:") for line in expected)
    return [line for line in str(exc).splitlines()
            if wants_hints or not line.startswith("    hint:")]


@pytest.mark.parametrize(("old", "new", "expected"), BAD_PROFILES,
                         ids=[f"{i}-{case[1][:24]}" for i, case in enumerate(BAD_PROFILES)])
def test_bad_profile_is_reported_at_file_line_column(tmp_path: Path, old: str, new: str,
                                                     expected: list[str]) -> None:
    assert old in GOOD
    (tmp_path / "fake.png").write_text("not a picture", encoding="utf-8")
    path = tmp_path / "practice.yaml"
    path.write_text(GOOD.replace(old, new), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_practice(path, "practice.yaml")
    assert error_lines(caught.value, expected) == expected


def test_good_profile_loads(tmp_path: Path) -> None:
    path = tmp_path / "practice.yaml"
    path.write_text(GOOD, encoding="utf-8")
    practice = load_practice(path)
    assert practice.ods_code == "A81001"
    assert practice.address_lines == ("12 Mill Lane", "Newtown", "NT1 2AB")
    assert practice.conversation.minutes == 20
    assert practice.more_than_medicine[0].contact == "Call 01632 960111"


def test_example_practice_and_csv_are_valid() -> None:
    practice = load_practice(EXAMPLES / "practice.yaml")
    assert practice.name == "Riverside Health Centre"
    assert practice.phone.startswith("01632 96")  # an Ofcom drama number
    rows = load_practices_csv(EXAMPLES / "practices.csv")
    assert [(r.row, r.label, r.diagnostics) for r in rows] == [
        (2, "A81001", ()), (3, "W12345", ()), (4, "B82002", ())]
    welsh = rows[1].practice
    assert welsh is not None and welsh.more_than_medicine[0].name == "Grŵp Cerdded Glan yr Afon"
    assert rows[0].practice is not None and rows[0].practice.languages == ("pl", "ur")
    assert rows[2].practice is not None and rows[2].practice.address_lines == (
        "Hill Road", "Upton", "UP2 3CD")


def example_csv() -> tuple[list[str], list[list[str]]]:
    """The example CSV's header and rows."""
    with open(EXAMPLES / "practices.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_csv_rows_report_row_and_column(tmp_path: Path) -> None:
    header, rows = example_csv()
    col = header.index
    rows = [list(r) for r in rows]
    rows[0][col("appointments.information_gathering.minutes")] = "thirty"
    rows[1][col("ods_code")] = "X1"
    rows[2][col("phone")] = ""  # this row's address spans three lines of the file
    rows.append(list(rows[0]))  # row 5: the same ODS code as row 2
    rows[-1][col("appointments.information_gathering.minutes")] = "30"
    fine = list(example_csv()[1][1])
    fine[col("ods_code")] = "C00001"
    fine[col("more_than_medicine.2.name")] = "A service with no details"
    rows.append(fine)
    result = load_practices_csv(write_csv(tmp_path / "p.csv", header, rows), "practices.csv")
    reported = [(r.row, [d.format().splitlines()[0] for d in r.diagnostics]) for r in result]
    assert reported == [
        (2, ["practices.csv:2:11: error: row 2, column 'appointments.information_gathering."
             "minutes': the value should be a whole number, not text ('thirty')"]),
        (3, ["practices.csv:3:2: error: row 3, column 'ods_code': the value 'X1' is not a valid "
             "ODS code"]),
        (4, ["practices.csv:4:4: error: row 4, column 'phone': the cell is empty"]),
        (5, ["practices.csv:7:2: error: row 5, column 'ods_code': ODS code A81001 is already "
             "used in row 2"]),
        (6, ["practices.csv:8:20: error: row 6, column 'more_than_medicine.2.offers': "
             "the cell is empty",
             "practices.csv:8:21: error: row 6, column 'more_than_medicine.2.contact': "
             "the cell is empty"]),
    ]
    assert all(r.practice is None for r in result)


def test_csv_second_service_keeps_its_column_number(tmp_path: Path) -> None:
    header, rows = example_csv()
    row = list(rows[0])
    for field in ("name", "offers", "contact"):
        row[header.index(f"more_than_medicine.1.{field}")] = ""
    row[header.index("more_than_medicine.2.contact")] = ""
    [result] = load_practices_csv(write_csv(tmp_path / "p.csv", header, [row]), "p.csv")
    assert [d.message for d in result.diagnostics] == [
        "row 2, column 'more_than_medicine.2.contact': the cell is empty"]


def test_csv_header_problems_stop_the_file(tmp_path: Path) -> None:
    header, rows = example_csv()
    bad = ["nmae", *header[1:]]
    with pytest.raises(ContentError) as caught:
        load_practices_csv(write_csv(tmp_path / "p.csv", bad, rows), "practices.csv")
    assert str(caught.value).splitlines() == [
        "practices.csv:1:1: error: row 1, column 1: unknown column 'nmae'",
        "    hint: did you mean 'name'?",
        "practices.csv:1:1: error: row 1: column 'name' is missing",
        "    hint: add a column with this name to the first row",
    ]


def test_csv_that_is_not_utf8_names_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_bytes("name,ods_code\nCaf\u00e9,A81001\n".encode("cp1252"))
    with pytest.raises(ContentError) as caught:
        load_practices_csv(path, "p.csv")
    assert str(caught.value).startswith("p.csv:2:4: error: file is not UTF-8 (byte 0xe9)")


def test_csv_cells_stay_plain_text(tmp_path: Path) -> None:
    header, rows = example_csv()
    row = list(rows[0])
    nasty = "=HYPERLINK(\"x\") St Mary's & St John's <script>alert(1)</script> {phone} #set $x$"
    row[header.index("name")] = nasty
    [result] = load_practices_csv(write_csv(tmp_path / "p.csv", header, [row]), "p.csv")
    assert result.practice is not None and result.practice.name == nasty
