"""Practice packs end to end: what a practice gets, read back from the real PDFs, PNG and HTML."""

from __future__ import annotations

import csv
import datetime
import io
import re
import shutil
import struct
import zipfile
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.checks import check_project, checked_project
from generator.content.diagnostics import ContentError, errors_only
from generator.content.project import WORDING_FILE, load_project
from generator.content.references import GUIDANCE_FILES
from generator.packs.pack import DOCUMENTS, LARGE_PRINT_DOCUMENTS, PackBuilder, practice_data
from generator.packs.profile import Practice, load_practice
from generator.packs.wording import fill, placeholder_values
from helpers import (
    EXAMPLE_PRACTICE,
    EXAMPLE_PRACTICES_CSV,
    REPO,
    copy_project,
    edit,
    filled,
    pcsp,
    pdf_text,
    practices_csv,
    soup,
    squash,
)

NASTY = "St Mary's & St John's <script>alert(1)</script> {eval-rst} #set $x$ \\end"
PDFS = ("poster-a4.pdf", "poster-a3.pdf", "leaflet.pdf", "preparation-letter.pdf",
        "staff-script.pdf")
EVERY_FILE = {*(d.filename for d in DOCUMENTS), "index.html", "A81001-practice-pack.zip",
              *(d.variant(code).filename for d in DOCUMENTS if d.for_patients
                for code in ("cy", "pl", "ur")),
              *(d.variant(*code, "large-print").filename for d in DOCUMENTS
                if d.filename in LARGE_PRINT_DOCUMENTS
                for code in ((), ("cy",), ("pl",), ("ur",)))}
"""The example practice's pack: every document in English, those for patients in each of its
languages (it names Welsh, Polish and Urdu, which the shipped content translates), and large
print editions in each."""
A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)
TEMPLATE_OF = {d.filename: Path(d.template).parent.name or "letter" for d in DOCUMENTS}
"""Each document's template folder (whose params.yaml lists the wording it shows; the Word
letter, made in Python, shows the letter's)."""
TITLE_OF = {d.filename: d.title_id for d in DOCUMENTS}


# The tests compare the documents with the pack wording as loaded from the project, not with
# sentences of their own: rewording the packs must not break them. (tests/test_shipped_content.py
# checks the shipped wording itself.)

@pytest.fixture(scope="module")
def wording() -> dict[str, Any]:
    """The pack wording's items, by id, as the generator loads them."""
    loaded = load_project(REPO).wording
    assert loaded is not None
    return dict(loaded.items)


@pytest.fixture(scope="module")
def example() -> Practice:
    return load_practice(EXAMPLE_PRACTICE)


def says(wording: dict[str, Any], item_id: str, practice: Practice,
         index: int | None = None) -> str:
    """A wording item (its point ``index``, for a list) with ``practice``'s details filled in:
    what a reader of that practice's pack sees."""
    text = wording[item_id] if index is None else wording[item_id][index]
    return filled(text, placeholder_values(practice))


def in_order(text: str, parts: list[str]) -> bool:
    """Whether each of ``parts`` is in ``text`` after the one before it (whitespace ignored)."""
    flat, at = squash(text), 0
    for part in parts:
        found = flat.find(squash(part), at)
        if found < 0:
            return False
        at = found + len(squash(part))
    return True


def shown_text(path: Path) -> str:
    """What a reader sees of a pack document: a PDF's text, a web page's text and image
    descriptions, a text file."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".html":
        html = soup(path)
        return html.get_text(" ") + " ".join(img.get("alt", "") for img in html.find_all("img"))
    if path.suffix == ".docx":
        import docx

        letter = docx.Document(str(path))
        cells = [c.text for t in letter.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in letter.paragraphs] + cells)
    return path.read_text(encoding="utf-8")


def practice_yaml(tmp_path: Path, **changes: object) -> Path:
    """The example practice with some fields changed, as a YAML file."""
    data = yaml.safe_load(EXAMPLE_PRACTICE.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "practice.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def builder() -> PackBuilder:
    """One builder (and so one Typst compiler) for the in-process tests."""
    return PackBuilder(load_project(REPO))


def test_pack_has_every_document_and_an_index(example_pack: Path, wording: dict[str, Any],
                                             example: Practice) -> None:
    assert {p.name for p in example_pack.iterdir()} == EVERY_FILE
    index = soup(example_pack / "index.html")
    assert index.html["lang"] == "en"
    assert index.h1.get_text() == says(wording, "index-title", example)
    links = {a["href"] for a in index.find_all("a")}
    assert links == EVERY_FILE - {"index.html"}
    for entry in wording["index-files"]:  # each file with its title and what it is for
        assert squash(entry["title"]) in squash(index.get_text())
        assert squash(filled(entry["text"], placeholder_values(example))) in squash(
            index.get_text())
    slide = index.find("img", src="tv-slide.png")
    assert slide["alt"] == says(wording, "tv-alt", example)


@pytest.mark.parametrize("name", PDFS)
def test_pdf_is_tagged_titled_in_english_with_fonts_embedded(
        example_pack: Path, wording: dict[str, Any], example: Practice, name: str) -> None:
    reader = pypdf.PdfReader(example_pack / name)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == says(wording, TITLE_OF[name], example)
    size = A3 if name == "poster-a3.pdf" else A4
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == size
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            assert str(font.get_object()["/BaseFont"]).split("+")[-1].startswith(
                ("NotoSans-", "NotoNaskhArabic-"))  # only the bundled fonts


def test_checklists_action_plan(example_pack: Path, wording: dict[str, Any],
                                example: Practice) -> None:
    reader = pypdf.PdfReader(example_pack / "checklists.pdf")
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == says(wording, "checklists-document-title", example)
    for page in reader.pages:  # landscape A4
        assert (round(float(page.mediabox.width), 2),
                round(float(page.mediabox.height), 2)) == (A4[1], A4[0])
    text = pdf_text(example_pack / "checklists.pdf")
    title = says(wording, "checklists-title", example)
    assert squash(text).startswith(squash(example.name + title))
    assert squash(f"{title} 2 /") in squash(text)  # the footer of page 2
    heading = squash("".join([wording["checklists-item-heading"], *wording["checklists-ratings"],
                              wording["checklists-next-heading"],
                              wording["checklists-owner-heading"],
                              wording["checklists-due-heading"]]))
    checklists = load_project(REPO).checklists
    practice_lists = [c for c in checklists if c.audience == "practice"]
    assert practice_lists
    items = [i.text for c in practice_lists for i in c.items]
    flat = squash(text)
    # The column headings start every section's table, and again on each new page.
    assert flat.count(heading) >= sum(len(c.sections) for c in practice_lists)
    positions = [flat.index(squash(item)) for item in items]
    assert positions == sorted(positions)  # every item, in the checklist's order
    others = [c for c in checklists if c.audience != "practice"]
    assert not any(squash(c.title) in flat for c in others)


def test_pdf_dates_come_from_source_date_epoch(example_pack: Path) -> None:
    for name in PDFS:
        created = pypdf.PdfReader(example_pack / name).metadata.creation_date
        assert created == datetime.datetime(2025, 11, 25, tzinfo=datetime.UTC)


def test_without_source_date_epoch_dates_come_from_the_guides_published_date(
        tmp_path: Path) -> None:
    day = datetime.date.fromisoformat(load_project(REPO).published)
    pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(tmp_path), cwd=REPO, epoch=None, check=True)
    folder = tmp_path / "A81001"
    created = pypdf.PdfReader(folder / "leaflet.pdf").metadata.creation_date
    assert created == datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    with zipfile.ZipFile(folder / "A81001-practice-pack.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(day.year, day.month, day.day,
                                                               0, 0, 0)}


def test_documents_carry_the_practice_details(example_pack: Path, example: Practice) -> None:
    services = [s.name for s in example.more_than_medicine]
    leaflet = squash(pdf_text(example_pack / "leaflet.pdf"))
    for expected in (example.name, example.phone, *services,
                     *[s.contact for s in example.more_than_medicine]):
        assert squash(expected) in leaflet
    script = squash(pdf_text(example_pack / "staff-script.pdf"))
    for expected in (example.name, *services):
        assert squash(expected) in script
    for name in ("poster-a4.pdf", "preparation-letter.pdf"):
        assert squash(example.model_of_care_name) in squash(pdf_text(example_pack / name))


NOT_SHOWN = {"shared-logo-alt"}
"""Wording a template lists that the example's pack does not show: it has no logo."""
ONLY_TITLES = {"letter-fields", "easy-read-points"}
"""Entries whose text only describes a gap in the document, or is a picture's alternative
text: just their titles are printed."""


@pytest.mark.parametrize("name", sorted(n for n in TEMPLATE_OF if not n.endswith(".png")))
def test_each_document_shows_its_wording_with_the_practice_details_filled_in(
        example_pack: Path, wording: dict[str, Any], example: Practice, name: str) -> None:
    text = shown_text(example_pack / name)
    assert not re.search(r"\{[a-z_]+\}", text)  # no placeholder is left unfilled
    params = yaml.safe_load((REPO / "_templates" / TEMPLATE_OF[name] / "params.yaml")
                            .read_text(encoding="utf-8"))
    values = placeholder_values(example)
    missing = []
    for item_id in sorted(set(params["text_ids"]) - NOT_SHOWN):
        value = wording[item_id]
        for part in [value] if isinstance(value, str) else value:
            if isinstance(part, dict):  # an entry: its title, and its text
                part = [part["title"]] if item_id in ONLY_TITLES else [part["title"], part["text"]]
            for words in [part] if isinstance(part, str) else part:
                shown = filled(words, values)
                if squash(shown) not in squash(text):
                    missing.append(f"{item_id}: {shown}")
    assert missing == []


def test_text_comes_out_in_reading_order(example_pack: Path, wording: dict[str, Any],
                                         example: Practice) -> None:
    poster = pdf_text(example_pack / "poster-a4.pdf")
    assert in_order(poster, [
        says(wording, "poster-kicker", example), example.model_of_care_name,
        *[says(wording, "poster-steps", example, n) for n in range(len(wording["poster-steps"]))],
        says(wording, "poster-ask", example)])
    leaflet = pdf_text(example_pack / "leaflet.pdf")
    assert in_order(leaflet, [says(wording, f"{item}-heading", example) for item in (
        "leaflet-what", "leaflet-step1", "leaflet-step2", "leaflet-step3", "leaflet-prepare",
        "leaflet-prompts", "leaflet-after", "leaflet-services", "shared-contact")])


def test_tv_slide_is_a_1920_by_1080_png(example_pack: Path) -> None:
    data = (example_pack / "tv-slide.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (1920, 1080)


def test_website_text_in_html_and_plain_text(example_pack: Path, wording: dict[str, Any],
                                             example: Practice) -> None:
    html = soup(example_pack / "website.html")
    title = says(wording, "web-document-title", example)
    assert html.h1.get_text() == title
    assert [li.get_text() for li in html.ol.find_all("li")] == [
        says(wording, "web-steps", example, n) for n in range(len(wording["web-steps"]))]
    assert html.find("a", href="tel:01632960000").get_text() == "01632 960000"
    assert html.find("a", href="https://riverside-health.example")
    assert "Riverside Food Bank" in [dt.get_text() for dt in html.find_all("dt")]
    text = (example_pack / "website.txt").read_text(encoding="utf-8")
    assert text.startswith(f"{title}\n=====")
    assert "- Riverside Food Bank. Free food and advice for anyone who needs it." in text
    assert "<p>" not in text and "&amp;" not in text


def test_rerun_leaves_files_byte_identical(tmp_path: Path) -> None:
    first = pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(tmp_path / "a"), cwd=REPO)
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "a" / "A81001"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    again = pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(tmp_path / "a"), cwd=REPO)
    assert "nothing changed" in again.stdout
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before
    elsewhere = pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(tmp_path / "b"), cwd=REPO)
    assert elsewhere.returncode == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "b" / "A81001").iterdir()} == {
        name: data for name, (data, _) in before.items()}


def test_zip_holds_everything_sorted_with_fixed_times(example_pack: Path) -> None:
    with zipfile.ZipFile(example_pack / "A81001-practice-pack.zip") as archive:
        infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names == sorted(names)
        assert set(names) == {f"A81001/{n}" for n in EVERY_FILE - {"A81001-practice-pack.zip"}}
        assert {i.date_time for i in infos} == {(2025, 11, 25, 0, 0, 0)}
        assert archive.read("A81001/leaflet.pdf") == (example_pack / "leaflet.pdf").read_bytes()


def test_untrusted_name_stays_plain_text_everywhere(tmp_path: Path, builder: PackBuilder,
                                                    wording: dict[str, Any]) -> None:
    practice = load_practice(practice_yaml(tmp_path, name=NASTY, ods_code="N00001"))
    folder = builder.build(practice, tmp_path / "out").folder
    for name in (*PDFS, "checklists.pdf"):
        text = squash(pdf_text(folder / name))
        assert squash(NASTY) in text, name
        assert pypdf.PdfReader(folder / name).metadata.title == says(
            wording, TITLE_OF[name], practice)
    for name in ("website.html", "index.html"):
        html = (folder / name).read_text(encoding="utf-8")
        assert "<script>" not in html
        parsed = BeautifulSoup(html, "html.parser")
        assert parsed.find("script") is None
        assert NASTY in parsed.get_text()
    assert (folder / "website.txt").read_text(encoding="utf-8").startswith(
        says(wording, "web-document-title", practice) + "\n")


def test_placeholders_in_practice_details_are_not_filled(tmp_path: Path, builder: PackBuilder,
                                                         wording: dict[str, Any]) -> None:
    practice = load_practice(practice_yaml(tmp_path, name="{phone} Surgery", ods_code="P00001",
                                           model_of_care_name="{practice_name} Plan"))
    folder = builder.build(practice, tmp_path / "out").folder
    text = (folder / "website.txt").read_text(encoding="utf-8")
    assert text.startswith(says(wording, "web-document-title", practice) + "\n")
    leaflet = squash(pdf_text(folder / "leaflet.pdf"))
    assert squash(says(wording, "leaflet-intro", practice)) in leaflet
    # A second pass would fill in the placeholders that the details themselves hold.
    for wrong in (f"{practice.phone} Surgery", "{phone} Surgery Plan"):
        assert squash(wrong) not in leaflet + squash(text)


def test_welsh_and_right_to_left_names_use_the_right_glyphs(tmp_path: Path,
                                                            builder: PackBuilder) -> None:
    welsh = "Canolfan Iechyd Gŵyr a Dyffryn Ŷd"
    urdu = "مدینہ میڈیکل سینٹر"
    for name, code in ((welsh, "W00001"), (urdu, "U00001")):
        practice = load_practice(practice_yaml(tmp_path, name=name, ods_code=code))
        folder = builder.build(practice, tmp_path / "out").folder
        with pdfplumber.open(folder / "poster-a4.pdf") as pdf:
            chars = pdf.pages[0].chars
        if name == welsh:
            assert squash(welsh) in squash(pdf_text(folder / "poster-a4.pdf"))
            fonts = {c["fontname"].split("+")[-1] for c in chars if c["text"] in "ŵŶ"}
            assert fonts == {"NotoSans-Regular"}
        else:
            arabic = [c for c in chars if "\u0600" <= c["text"] <= "\u06ff"]
            assert {c["fontname"].split("+")[-1] for c in arabic} <= {
                "NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"}
            assert set(urdu.replace(" ", "")) <= {c["text"] for c in arabic}
            assert "My Health Review" in pdf_text(folder / "poster-a4.pdf")


def test_longest_details_shrink_to_fit_the_page(tmp_path: Path, builder: PackBuilder) -> None:
    name = ("Llanfairpwllgwyngyll and Gogerychwyrndrobwll Community Health Partnership "
            "with the Integrated Care Hub and Branch Surgeries")[:120]
    assert len(name) == 120
    services = [{"name": f"Service {n} " + "n" * 50, "offers": "Help and advice. " * 9,
                 "contact": f"Call 01632 96{n:04d} or drop in at the centre on the high street"}
                for n in range(6)]
    practice = load_practice(practice_yaml(
        tmp_path, name=name, ods_code="L00001", more_than_medicine=services,
        address="Unit 1, The Long Building, " * 7))
    folder = builder.build(practice, tmp_path / "out").folder
    pages = {"poster-a4.pdf": 1, "poster-a3.pdf": 1, "leaflet.pdf": 2,
             "preparation-letter.pdf": 2, "checklists.pdf": None}  # None: flows onto more pages
    for file, count in pages.items():
        with pdfplumber.open(folder / file) as pdf:
            # Text shrinks to fit, but never under 11 pt: past that it flows onto a new page.
            assert count is None or len(pdf.pages) >= count, file
            for page in pdf.pages:
                assert page.chars
                if file != "checklists.pdf":  # (for staff, in small print on purpose)
                    assert min(c["size"] for c in page.chars) >= 11 - 0.01, file
                for c in page.chars:
                    assert c["x0"] >= 0 and c["x1"] <= page.width, (file, c["text"])
                    assert c["top"] >= 0 and c["bottom"] <= page.height, (file, c["text"])
        assert squash(name) in squash(pdf_text(folder / file))
    # The TV slide is a PNG; the same layout as a PDF shows where its text lands.
    texts = fill(builder.wording, practice, for_print=True)
    slide = builder.renderer.pdf("tv-slide/tv-slide.typ", {
        "practice": practice_data(practice), "text": texts, "logo": None, "title": "slide"})
    with pdfplumber.open(io.BytesIO(slide)) as pdf:
        [page] = pdf.pages
        assert (page.width, page.height) == (960, 540)
        assert all(c["x1"] <= 960 and c["bottom"] <= 540 for c in page.chars)
        shown = "".join(c["text"] for c in page.chars)
    assert squash(name) in squash(shown)


def struct_alts(path: Path) -> list[str]:
    """The alt text of every figure in a PDF's structure tree."""
    found: list[str] = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            for kid in node:
                walk(kid)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            if "/K" in node:
                walk(node["/K"])

    walk(pypdf.PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_logo_is_used_with_alt_text(tmp_path: Path, builder: PackBuilder,
                                    wording: dict[str, Any], kind: str) -> None:
    from PIL import Image

    if kind == "svg":
        (tmp_path / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="90" height="40">'
            '<rect width="90" height="40" fill="#005eb8"/></svg>', encoding="utf-8")
    else:
        Image.new("RGB", (90, 40), "#005eb8").save(tmp_path / "logo.png")
    practice = load_practice(practice_yaml(tmp_path, logo=f"logo.{kind}", ods_code="G00001"))
    folder = builder.build(practice, tmp_path / "out").folder
    assert (folder / f"logo.{kind}").read_bytes() == (tmp_path / f"logo.{kind}").read_bytes()
    alt = says(wording, "shared-logo-alt", practice)
    for name in ("poster-a4.pdf", "leaflet.pdf", "preparation-letter.pdf"):
        assert struct_alts(folder / name)[0] == alt
    qr = f"{says(wording, 'poster-website', practice)} {practice.website}"
    assert struct_alts(folder / "poster-a4.pdf") == [alt, qr]  # and the website's QR code
    assert soup(folder / "index.html").find("img", src=f"logo.{kind}")["alt"] == alt


def test_csv_makes_many_packs_and_reports_failed_rows(tmp_path: Path) -> None:
    with open(EXAMPLE_PRACTICES_CSV, encoding="utf-8", newline="") as f:
        header, first, *_ = list(csv.reader(f))
    bad_code = list(first)
    bad_code[header.index("ods_code")] = "X1"
    broken_logo = list(first)
    broken_logo[header.index("ods_code")] = "D00001"
    broken_logo[header.index("logo")] = "broken.png"
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really a picture")
    nasty = list(first)
    nasty[header.index("ods_code")] = "N00001"
    nasty[header.index("name")] = NASTY
    path = practices_csv(tmp_path / "practices.csv", extra=(bad_code, broken_logo, nasty))
    out = tmp_path / "out"
    result = pcsp("pack", "--csv", str(path), "-o", str(out), "--jobs", "2", cwd=REPO)
    assert result.returncode == 1
    # Row 4 of the example has a three-line address, so row 5 starts on line 7 of the file.
    assert f"row 5 (X1) failed:\n{path}:7:2: error: row 5, column 'ods_code': the value 'X1' " \
           "is not a valid ODS code" in result.stderr
    # A damaged PNG logo is found when the row is read (at its logo cell), before any building.
    assert f"row 6 (D00001) failed:\n{path}:8:7: error: row 6, column 'logo': logo " \
           "'broken.png' is a damaged PNG image" in result.stderr
    assert "6/6 packs done, 2 failed" in result.stderr
    assert f"made 4 of 6 packs in {out}" in result.stderr
    assert result.stderr.rstrip().endswith("2 failed (rows 5, 6)")
    assert sorted(p.name for p in out.iterdir()) == ["A81001", "B82002", "N00001", "W12345"]
    text = squash(pdf_text(out / "N00001" / "leaflet.pdf"))
    assert squash(NASTY) in text
    assert (out / "W12345" / "index.html").is_file()


def test_csv_with_bad_header_makes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "practices.csv"
    path.write_text("name,ods_code,colour\nA,A81001,blue\n", encoding="utf-8")
    result = pcsp("pack", "--csv", str(path), "-o", str(tmp_path / "out"), cwd=REPO)
    assert result.returncode == 1
    assert f"{path}:1:3: error: row 1, column 3: unknown column 'colour'" in result.stderr
    assert "no packs made: fix the problems above" in result.stderr
    assert not (tmp_path / "out").exists()


def test_pack_command_reports_bad_profile(tmp_path: Path) -> None:
    path = practice_yaml(tmp_path, ods_code="a81001")
    result = pcsp("pack", "practice.yaml", "-o", str(tmp_path / "out"), "--project", str(REPO),
                  cwd=tmp_path)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if text.startswith("ods_code"))
    assert f"practice.yaml:{line}:11: error: ods_code 'a81001' is not a valid ODS code" \
        in result.stderr
    assert "no pack made" in result.stderr
    assert pcsp("pack", cwd=REPO).returncode == 2


def project_copy(tmp_path: Path) -> Path:
    """A project folder with what a pack reads of this repository (the wording, guide.yaml
    for the dates, the templates; no checklists), to break safely."""
    copy_project(tmp_path, parts=("_templates",))
    (tmp_path / "content").mkdir()
    for name in (WORDING_FILE, "content/guide.yaml"):
        shutil.copy2(REPO / name, tmp_path / name)
    return tmp_path


def reword(path: Path, item_id: str, text: str) -> tuple[int, int]:
    """Give a wording item that has one ``text`` new text, whatever it said before; return
    the line and column where the new text starts."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    n = next(n for n, line in enumerate(lines) if line.strip() == f"- id: {item_id}") + 1
    key = re.match(r"( *)text: ", lines[n])
    assert key, f"{item_id} has no text on the line after its id"
    lines[n] = f'{key.group(0)}"{text}"\n'
    path.write_text("".join(lines), encoding="utf-8")
    return n + 1, key.end() + 1


def test_wording_problems_are_reported_at_file_line_column(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    wording = project / WORDING_FILE
    line, column = reword(wording, "poster-kicker", "New at {practise_name}")
    edit(wording, "- id: poster-ask\n", "- id: poster-ask-us\n")
    renamed = next(n for n, text in enumerate(wording.read_text("utf-8").splitlines(), 1)
                   if "- id: poster-ask-us" in text)
    expected = [
        f"content/patient-materials.yaml:{line}:{column}: error: unknown placeholder "
        "{practise_name}",
        "    hint: did you mean {practice_name}?",
        f"content/patient-materials.yaml:{renamed}:13: error: wording item 'poster-ask' is "
        "missing",
        "    hint: a template uses it; no template uses 'poster-ask-us': is it a misspelling?",
    ]
    with pytest.raises(ContentError) as caught:
        PackBuilder(load_project(project))
    assert str(caught.value).splitlines() == expected
    result = pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(tmp_path / "out"), "--project",
                  str(project))
    assert result.returncode == 1
    assert "unknown placeholder {practise_name}" in result.stderr
    # pcsp validate reports the same problems, with the guide's content.
    for name in GUIDANCE_FILES:
        shutil.copy2(REPO / "content" / f"{name}.yaml", project / "content")
    result = pcsp("validate", str(project))
    assert result.returncode == 1
    assert result.stderr.splitlines()[:4] == expected


def test_a_missing_wording_item_with_nothing_close_is_named(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    wording = project / WORDING_FILE
    text = wording.read_text(encoding="utf-8")
    start = text.index("      - id: poster-ask\n")
    end = text.index("      - id:", start + 1)
    wording.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        PackBuilder(load_project(project))
    assert str(caught.value).splitlines() == [
        "content/patient-materials.yaml:1:1: error: wording item 'poster-ask' is missing",
        "    hint: a template uses it: add an item with id 'poster-ask' and text"]


def test_validate_rechecks_the_wording_after_an_edit(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    for name in GUIDANCE_FILES:
        shutil.copy2(REPO / "content" / f"{name}.yaml", project / "content")
    _, diagnostics = check_project(project)
    assert errors_only(diagnostics) == []
    assert checked_project(project).wording is not None
    reword(project / WORDING_FILE, "poster-ask", "Ask at reception, or call us on {telephone}.")
    _, diagnostics = check_project(project)
    assert [d.message for d in errors_only(diagnostics)] == ["unknown placeholder {telephone}"]
    with pytest.raises(ContentError, match=r"unknown placeholder \{telephone\}"):
        checked_project(project)


def test_pack_outside_a_project_says_what_is_missing(tmp_path: Path) -> None:
    result = pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "_templates:1:1: error: the pack templates folder is missing from ")
    (tmp_path / "_templates").mkdir()
    result = pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.stderr.startswith(
        "content/patient-materials.yaml:1:1: error: the pack wording file is missing")
    assert not (tmp_path / "out").exists()


def test_long_addresses_wrap_stay_whole_and_are_links(tmp_path: Path,
                                                    builder: PackBuilder) -> None:
    email = "appointments.and.enquiries.riversidehealthcentre@nhs.example-trust.net"
    website = "https://www.riversidehealthcentre-and-branch-surgeries.example/long-term-conditions"
    place = "Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch"
    practice = load_practice(practice_yaml(tmp_path, email=email, website=website,
                                           address=f"1 High Street, {place}, LL61 5UJ"))
    folder = builder.build(practice, tmp_path / "out").folder
    for file in ("leaflet.pdf", "preparation-letter.pdf"):
        text = pdf_text(folder / file)
        assert "\u200b" not in text, file  # copying or searching gets the text as written
        for word in (email, place) if file == "leaflet.pdf" else (place,):
            assert word in text.replace("\n", ""), (file, word)
        with pdfplumber.open(folder / file) as pdf:
            for page in pdf.pages:
                assert all(c["x0"] >= 0 and c["x1"] <= page.width for c in page.chars), file
    links = {annot.get_object()["/A"]["/URI"]
             for page in pypdf.PdfReader(folder / "leaflet.pdf").pages
             for annot in page.get("/Annots", ()) if "/A" in annot.get_object()}
    assert {f"mailto:{email}", website} <= links


def test_an_edited_template_is_used_by_the_next_pack(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    shutil.copytree(REPO / "checklists", project / "checklists")
    practice = load_practice(EXAMPLE_PRACTICE)
    first = PackBuilder(load_project(project)).build(practice, tmp_path / "out").folder
    assert "Edited layout" not in pdf_text(first / "poster-a4.pdf")
    poster = project / "_templates" / "poster" / "poster.typ"
    poster.write_text(poster.read_text(encoding="utf-8").replace(
        "#show: setup", '#show: setup\n#text("Edited layout")'), encoding="utf-8")
    again = PackBuilder(load_project(project)).build(practice, tmp_path / "out").folder
    assert "Edited layout" in pdf_text(again / "poster-a4.pdf")


def test_pack_stops_on_errors_in_the_files_it_reads_and_only_those(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "guide")
    checklist = sorted((project / "checklists").glob("*.yaml"))[0]
    original = checklist.read_text(encoding="utf-8")
    ids = re.findall(r"^      - id: (\S+)$", original, re.M)
    edit(checklist, f"      - id: {ids[1]}\n", f"      - id: {ids[0]}\n")
    out = tmp_path / "out"
    result = pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(out), "--project", str(project))
    assert result.returncode == 1
    assert f"duplicate item id '{ids[0]}'" in result.stderr
    assert "no pack made" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    # A mistake in a guide page the pack does not print does not stop it.
    checklist.write_text(original, encoding="utf-8")
    roles = project / "content" / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    result = pcsp("pack", str(EXAMPLE_PRACTICE), "-o", str(out), "--project", str(project))
    assert result.returncode == 0, result.stderr
    assert (out / "A81001" / "poster-a4.pdf").is_file()


def test_staff_script_checks_the_person_covers_voicemail_and_speaks_to_staff(
        example_pack: Path, wording: dict[str, Any]) -> None:
    text = squash(pdf_text(example_pack / "staff-script.pdf"))
    assert squash("Am I speaking to [the patient's full name]?") in text
    assert squash("can you tell me your date of birth") in text
    assert squash(wording["script-voicemail-heading"]) in text
    assert squash("two to three weeks between the visits") in text
    assert squash(wording["shared-contact-heading"]) not in text  # for patients, not staff


def test_poster_has_a_qr_code_for_the_website_only_when_there_is_one(
        tmp_path: Path, builder: PackBuilder, example: Practice) -> None:
    import segno  # noqa: F401  (the pack draws the code with it)

    folder = builder.build(example, tmp_path / "with").folder
    text = pdf_text(folder / "poster-a4.pdf")
    assert example.website and example.website in text.replace("\n", "")
    links = {annot.get_object()["/A"]["/URI"]
             for annot in pypdf.PdfReader(folder / "poster-a4.pdf").pages[0].get("/Annots", ())}
    assert example.website in links
    data = yaml.safe_load(EXAMPLE_PRACTICE.read_text(encoding="utf-8"))
    del data["website"]
    data["ods_code"] = "N00002"
    (tmp_path / "no-website.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    without = load_practice(tmp_path / "no-website.yaml")
    plain = builder.build(without, tmp_path / "without").folder
    assert "Scan the code" not in pdf_text(plain / "poster-a4.pdf")


def test_action_plan_rows_are_never_split_across_pages(example_pack: Path) -> None:
    """Each table row is at least as tall as its room to write (10 mm): a row cut by a page
    break would leave a thin, empty sliver under the repeated header."""
    with pdfplumber.open(example_pack / "checklists.pdf") as pdf:
        assert len(pdf.pages) > 1
        for number, page in enumerate(pdf.pages, 1):
            width = max(e["width"] for e in page.edges if e["orientation"] == "h")
            rows = sorted({round(e["top"], 1) for e in page.edges
                           if e["orientation"] == "h" and e["width"] > width - 1})
            heights = [b - a for a, b in zip(rows, rows[1:], strict=False) if b - a > 1]
            assert min(heights) >= 28, (number, heights)


def runts(path: Path, smallest: float = 17) -> list[str]:
    """Lines of large text (headings, titles) that end a wrapped paragraph with one word."""
    found = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            words = [w for w in page.extract_words(extra_attrs=["size"]) if w["size"] >= smallest]
            lines: dict[tuple[float, float], list[dict[str, Any]]] = {}
            for w in words:
                lines.setdefault((round(w["top"]), round(w["size"], 1)), []).append(w)
            ordered = sorted(lines.items())
            for (top, size), line in ordered[1:]:
                before = [k for k, _ in ordered if k[1] == size and 0 < top - k[0] < size * 1.6]
                if before and len(line) == 1 and "://" not in line[0]["text"] and \
                        min(w["x0"] for w in line) < \
                        min(w["x0"] for k in before for w in lines[k]) + 1:
                    found.append(f"{path.name}: {line[0]['text']}")
    return found


def test_titles_do_not_end_with_a_lone_word(tmp_path: Path, builder: PackBuilder) -> None:
    practice = load_practice(practice_yaml(
        tmp_path, ods_code="R00001", model_of_care_name="Planning Your Own Care Together Review"))
    folder = builder.build(practice, tmp_path / "out").folder
    assert [r for name in ("poster-a4.pdf", "leaflet.pdf", "preparation-letter.pdf")
            for r in runts(folder / name)] == []


def test_tv_slide_cards_are_all_as_tall_as_the_tallest(builder: PackBuilder,
                                                      example: Practice) -> None:
    texts = fill(builder.wording, example, for_print=True)
    slide = builder.renderer.pdf("tv-slide/tv-slide.typ", {
        "practice": practice_data(example), "text": texts, "logo": None, "title": "slide"})
    with pdfplumber.open(io.BytesIO(slide)) as pdf:
        cards = [r for r in pdf.pages[0].rects if r["non_stroking_color"] in (1, (1, 1, 1))
                 and r["width"] > 100]
    assert len(cards) == 3
    assert len({round(c["height"], 1) for c in cards}) == 1, [c["height"] for c in cards]


def test_preparation_letter_comes_as_a_word_mail_merge_template(
        example_pack: Path, wording: dict[str, Any]) -> None:
    import docx

    path = example_pack / "preparation-letter.docx"
    letter = docx.Document(str(path))
    text = "\n".join(p.text for p in letter.paragraphs)
    assert wording["letter-title"].split("{")[0] in text
    headings = [(p.style.name, p.text) for p in letter.paragraphs
                if p.style.name.startswith("Heading")]  # a structure screen readers follow
    assert [h[1] for h in headings if h[0] == "Heading 2"] == [
        wording[k] for k in ("letter-results-heading", "letter-reflect-heading",
                             "letter-agenda-heading")]
    assert [h[0] for h in headings].count("Heading 1") == 1
    body = zipfile.ZipFile(path).read("word/document.xml").decode("utf-8")
    fields = re.findall(r'w:instr=" MERGEFIELD (\w+) ', body)
    assert fields == ["Name", "Date", "Time", "Name"]  # the fields, then "Dear «Name»"
    assert letter.core_properties.title == wording["letter-document-title"].replace(
        "{model_of_care_name}", "My Health Review").replace(
        "{practice_name}", "Riverside Health Centre")
    assert {i.date_time for i in zipfile.ZipFile(path).infolist()} == {(2025, 11, 25, 0, 0, 0)}
    urdu = zipfile.ZipFile(example_pack / "preparation-letter-ur.docx").read(
        "word/document.xml").decode("utf-8")
    assert "<w:bidi/>" in urdu


def test_untrusted_name_stays_text_in_the_word_letter(tmp_path: Path,
                                                     builder: PackBuilder) -> None:
    import docx

    practice = load_practice(practice_yaml(tmp_path, name=NASTY, ods_code="N00003"))
    folder = builder.build(practice, tmp_path / "out").folder
    letter = docx.Document(str(folder / "preparation-letter.docx"))
    assert letter.paragraphs[0].text == NASTY
    body = zipfile.ZipFile(folder / "preparation-letter.docx").read("word/document.xml")
    assert b"<script>" not in body and b"MERGEFIELD" in body
