"""Packs in the practice's languages: each patient document is also made in every language the
practice names that has a translation, marked with its language, laid out right to left where
the language is, and labelled until a translator has reviewed it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest

from generator.content.project import load_project
from helpers import (
    EXAMPLE_PRACTICE,
    REPO,
    copy_project,
    edit,
    pcsp,
    pdf_text,
    soup,
    squash,
    stand_in_translation,
)

PATIENT_FILES = ("poster-a4", "poster-a3", "leaflet", "preparation-letter")
UNREVIEWED = "This translation has not yet been checked by a qualified translator."


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project with stand-in Welsh and Urdu translations and no Polish one."""
    root = copy_project(tmp_path_factory.mktemp("languages") / "project")
    shutil.rmtree(root / "content" / "translations", ignore_errors=True)
    stand_in_translation(root, "cy", "CYMRAEG")
    stand_in_translation(root, "ur", "\u0633\u0644\u0627\u0645")
    return root


@pytest.fixture(scope="module")
def pack(project: Path) -> Path:
    """The example practice's pack (it names Welsh, Polish and Urdu)."""
    out = project / "out"
    result = pcsp("pack", str(EXAMPLE_PRACTICE), "--project", str(project), "-o", str(out),
                  cwd=REPO)
    assert result.returncode == 0, result.stderr
    return out / "A81001"


def test_patient_documents_come_in_each_translated_language(pack: Path) -> None:
    names = {p.name for p in pack.iterdir()}
    for code in ("cy", "ur"):
        for stem in PATIENT_FILES:
            assert f"{stem}-{code}.pdf" in names
        assert {f"tv-slide-{code}.png", f"website-{code}.html", f"website-{code}.txt"} <= names
    assert not [n for n in names if "-pl." in n]  # Polish is named but not translated
    assert not [n for n in names if n.startswith(("staff-script-", "checklists-"))]


@pytest.mark.parametrize(("code", "mark"), [("cy", "CYMRAEG"), ("ur", "\u0633\u0644\u0627\u0645")])
def test_a_translated_pdf_is_in_its_language(pack: Path, code: str, mark: str) -> None:
    leaflet = pack / f"leaflet-{code}.pdf"
    assert pypdf.PdfReader(leaflet).trailer["/Root"]["/Lang"] == code
    text = pdf_text(leaflet)
    assert mark in text
    assert squash(UNREVIEWED) in squash(text)
    assert pypdf.PdfReader(pack / "leaflet.pdf").trailer["/Root"]["/Lang"] == "en-GB"
    assert mark not in pdf_text(pack / "leaflet.pdf")


def test_web_text_carries_its_language_and_direction(pack: Path) -> None:
    welsh, urdu = soup(pack / "website-cy.html"), soup(pack / "website-ur.html")
    assert (welsh.html["lang"], welsh.html["dir"]) == ("cy", "ltr")
    assert (urdu.html["lang"], urdu.html["dir"]) == ("ur", "rtl")
    assert UNREVIEWED in urdu.get_text()
    assert "Cymraeg (Welsh), Polski (Polish), \u0627\u0631\u062f\u0648 (Urdu)" in \
        soup(pack / "website.html").get_text()


def test_the_index_lists_every_language(pack: Path) -> None:
    index = soup(pack / "index.html")
    headings = [(h["lang"], h.get_text()) for h in index.find_all("h3")]
    assert headings == [("cy", "Cymraeg (Welsh)"), ("ur", "\u0627\u0631\u062f\u0648 (Urdu)"),
                        ("en", "Large print"), ("cy", "Cymraeg (Welsh): Large print"),
                        ("ur", "\u0627\u0631\u062f\u0648 (Urdu): Large print")]
    links = {a["href"] for a in index.find_all("a", hreflang="ur")}
    assert {f"{stem}-ur.pdf" for stem in PATIENT_FILES} <= links


def test_a_reviewed_translation_drops_the_note(project: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", project)
    edit(root / "content/translations/cy/patient-materials.yaml", "reviewed: false",
         "reviewed: '2026-11-01'")
    result = pcsp("pack", str(EXAMPLE_PRACTICE), "--project", str(root), "-o",
                  str(tmp_path / "out"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    made = tmp_path / "out" / "A81001"
    assert squash(UNREVIEWED) not in squash(pdf_text(made / "leaflet-cy.pdf"))
    assert squash(UNREVIEWED) in squash(pdf_text(made / "leaflet-ur.pdf"))


def test_a_language_pcsp_does_not_know_is_refused(project: Path, tmp_path: Path) -> None:
    practice = tmp_path / "practice.yaml"
    practice.write_text(EXAMPLE_PRACTICE.read_text(encoding="utf-8").replace(
        "  - Polski\n", "  - Polsky\n"), encoding="utf-8")
    result = pcsp("pack", str(practice), "--project", str(project), "-o",
                  str(tmp_path / "out"), cwd=REPO)
    assert result.returncode == 1
    assert "is not a language pcsp knows ('Polsky')" in result.stderr
    assert "did you mean 'Polski'?" in result.stderr


@pytest.fixture(scope="module")
def welsh_pack(project: Path) -> Path:
    """The pack of the example CSV's practice in Wales (ODS code W12345)."""
    out = project / "csv-out"
    result = pcsp("pack", "--csv", str(REPO / "examples" / "practices.csv"), "--project",
                  str(project), "-o", str(out), "--jobs", "1", cwd=REPO)
    assert result.returncode == 0, result.stderr
    return out / "W12345"


def test_large_print_and_easy_read_are_made_only_for_practices_that_ask(
        welsh_pack: Path) -> None:
    plain = welsh_pack.parent / "B82002"  # the example CSV's practice with no formats
    names = {p.name for p in plain.iterdir()}
    assert {"leaflet.pdf", "poster-a4.pdf", "preparation-letter.pdf"} <= names
    assert not [n for n in names if "large-print" in n or "easy-read" in n]
    index = soup(plain / "index.html").get_text()
    assert "Large print" not in index
    assert "(formats: large-print, easy-read)" in index  # how to add them
    asked = {p.name for p in welsh_pack.iterdir()}  # formats: large-print; easy-read
    assert {"leaflet-large-print.pdf", "leaflet-cy-large-print.pdf", "easy-read-leaflet.pdf",
            "easy-read-poster-cy.pdf"} <= asked
    assert "(formats:" not in soup(welsh_pack / "index.html").get_text()


def test_an_unknown_format_is_refused_with_the_allowed_ones(project: Path,
                                                           tmp_path: Path) -> None:
    practice = tmp_path / "practice.yaml"
    practice.write_text(EXAMPLE_PRACTICE.read_text(encoding="utf-8").replace(
        "  - easy-read\n", "  - easy-reed\n"), encoding="utf-8")
    result = pcsp("pack", str(practice), "--project", str(project), "-o",
                  str(tmp_path / "out"), cwd=REPO)
    assert result.returncode == 1
    line = EXAMPLE_PRACTICE.read_text(encoding="utf-8").splitlines().index("  - easy-read") + 1
    assert f"{practice}:{line}:5: error: 'easy-reed' is not allowed for formats[2]" in \
        result.stderr
    assert "did you mean 'easy-read'?" in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_practice_in_wales_gets_bilingual_posters_and_leaflet(welsh_pack: Path) -> None:
    names = {p.name for p in welsh_pack.iterdir()}
    assert {"poster-a4-cy-en.pdf", "poster-a3-cy-en.pdf", "leaflet-cy-en.pdf"} <= names
    assert "leaflet-cy.pdf" in names  # Welsh on its own too, though the CSV lists no language
    assert not (welsh_pack.parent / "A81001" / "leaflet-cy-en.pdf").exists()
    assert "Cymraeg (Welsh) / English" in soup(welsh_pack / "index.html").get_text()


def test_bilingual_pages_put_welsh_first_and_mark_the_english(project: Path,
                                                              welsh_pack: Path) -> None:
    wording = load_project(project).wording
    assert wording is not None
    for name, item in (("poster-a4-cy-en.pdf", "poster-who"),
                       ("leaflet-cy-en.pdf", "leaflet-subtitle")):
        reader = pypdf.PdfReader(welsh_pack / name)
        assert reader.trailer["/Root"]["/Lang"] == "cy"
        assert "en" in struct_languages(reader), name
        page = reader.pages[0].extract_text()
        english_words = " ".join(str(wording.items[item]).split()[:3])
        welsh, english = page.find("CYMRAEG"), page.find(english_words)
        assert 0 <= welsh < english, name
    assert len(pypdf.PdfReader(welsh_pack / "poster-a4-cy-en.pdf").pages) == 1
    assert len(pypdf.PdfReader(welsh_pack / "leaflet-cy-en.pdf").pages) == 2


def struct_languages(reader: pypdf.PdfReader) -> set[str]:
    """Every /Lang set on an element of the PDF's structure tree."""
    found: set[str] = set()
    todo = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop().get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if "/Lang" in node:
                found.add(str(node["/Lang"]))
            if "/K" in node:
                todo.append(node["/K"])
        elif isinstance(node, pypdf.generic.ArrayObject):
            todo += list(node)
    return found


def test_large_print_editions_in_every_language(pack: Path) -> None:
    import pdfplumber

    for code in ("", "-cy", "-ur"):
        for stem in ("poster-a4", "leaflet", "preparation-letter"):
            path = pack / f"{stem}{code}-large-print.pdf"
            with pdfplumber.open(path) as pdf:
                sizes = [c["size"] for page in pdf.pages for c in page.chars]
                standard = len(pypdf.PdfReader(pack / f"{stem}{code}.pdf").pages)
                assert len(pdf.pages) >= standard, path.name
            assert min(sizes) >= 16 - 0.01, path.name
    index = soup(pack / "index.html").get_text()
    assert "Large print" in index and "Cymraeg (Welsh): Large print" in index


def test_standard_patient_documents_never_print_under_11_pt(pack: Path) -> None:
    import pdfplumber

    for path in sorted(pack.glob("*.pdf")):
        if path.name.startswith(("checklists", "staff-script")):
            continue  # for staff
        with pdfplumber.open(path) as pdf:
            assert min(c["size"] for page in pdf.pages for c in page.chars) >= 11 - 0.01, \
                path.name


def easy_read_alt_texts(path: Path) -> list[str]:
    """The alternative text of every figure in a PDF's structure tree, in order."""
    reader = pypdf.PdfReader(path)
    found: list[str] = []
    todo = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while todo:
        node = todo.pop(0).get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                found.append(str(node["/Alt"]))
            if "/K" in node:
                todo.insert(0, node["/K"])
        elif isinstance(node, pypdf.generic.ArrayObject):
            todo[0:0] = list(node)
    return found


def test_easy_read_has_a_described_picture_for_each_idea(project: Path, pack: Path) -> None:
    import pdfplumber

    wording = load_project(project).wording
    assert wording is not None
    points = wording.items["easy-read-points"]
    for name in ("easy-read-leaflet.pdf", "easy-read-poster.pdf"):
        alts = easy_read_alt_texts(pack / name)
        assert [p["text"] for p in points] == [a for a in alts if a in {p["text"] for p in points}]
        with pdfplumber.open(pack / name) as pdf:
            assert min(c["size"] for page in pdf.pages for c in page.chars) >= 14 - 0.01
        assert "OpenMoji" in pdf_text(pack / name)
    assert len(pypdf.PdfReader(pack / "easy-read-poster.pdf").pages) == 1
    assert (pack / "easy-read-leaflet-cy.pdf").is_file()


def test_an_easy_read_point_needs_a_picture(project: Path, tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", project)
    params = root / "_templates" / "easy-read" / "params.yaml"
    edit(params, "  easy-read-call: 1F4DE\n", "  easy-read-call: 1F4DX\n")
    edit(params, "  easy-read-bring: 1F46B\n", "")
    result = pcsp("validate", str(root))
    assert result.returncode == 1
    assert "_templates/easy-read/params.yaml:" in result.stderr
    assert "there is no OpenMoji picture '1F4DX'" in result.stderr
    assert "easy read point 'easy-read-bring' has no picture" in result.stderr
