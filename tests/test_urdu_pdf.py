"""Urdu print packs (issue 13): set in the Naskh the templates ship, marked as Urdu, and with
text that copies out of the PDF with the right letters in reading order.

Text is read back two ways: with pypdf (``pdf_text``), which follows the order the PDF draws
the text in, and with PDFium, the PDF engine of Chrome's viewer, which puts each line into
reading order itself, as a viewer does when text is copied.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest
import yaml

from helpers import EXAMPLE_PRACTICE, REPO, copy_project, pcsp, pdf_text, squash

URDU_NAME = "دریا کنارے ہیلتھ سینٹر"
"""A practice name in Urdu script (the example practice's is English)."""

ENGLISH_NAME = "Riverside Health Centre"

TRANSLATION = REPO / "content" / "translations" / "ur" / "patient-materials.yaml"


def urdu(item_id: str) -> str:
    """An item of the shipped Urdu translation, as written there."""
    items = yaml.safe_load(TRANSLATION.read_text(encoding="utf-8"))["items"]
    return next(item["text"] for item in items if item["id"] == item_id)


SENTENCES = ("leaflet-subtitle", "shared-contact-heading")
"""Items of the Urdu leaflet, all in Urdu (no placeholder), that each copy out whole."""


def urdu_words(text: str) -> list[str]:
    """The Urdu words of a text, without punctuation."""
    return re.findall(r"[\u0600-\u06d3\u06d5-\u06ff]+", text)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("urdu") / "project")


def make_pack(project: Path, practice: Path, out: Path) -> Path:
    result = pcsp("pack", str(practice), "--project", str(project), "-o", str(out), cwd=REPO)
    assert result.returncode == 0, result.stderr
    return out / "A81001"


@pytest.fixture(scope="module")
def english_named(project: Path) -> Path:
    """The Urdu leaflet of the example practice (English name; it names Urdu)."""
    return make_pack(project, EXAMPLE_PRACTICE, project / "out-en") / "leaflet-ur.pdf"


@pytest.fixture(scope="module")
def urdu_named(project: Path) -> Path:
    """The Urdu leaflet of the example practice renamed in Urdu script."""
    practice = project / "practice-ur.yaml"
    text = EXAMPLE_PRACTICE.read_text(encoding="utf-8")
    assert f"name: {ENGLISH_NAME}\n" in text
    practice.write_text(text.replace(f"name: {ENGLISH_NAME}\n", f"name: {URDU_NAME}\n", 1),
                        encoding="utf-8")
    return make_pack(project, practice, project / "out-ur") / "leaflet-ur.pdf"


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Each font the PDF's pages use, by name without its subset tag, and whether the font
    file is embedded."""
    found: dict[str, bool] = {}
    for page in pypdf.PdfReader(path).pages:
        todo = [page["/Resources"]]
        while todo:
            resources = todo.pop().get_object()
            for font in resources.get("/Font", {}).values():
                font = font.get_object()
                for part in [font, *(f.get_object() for f in font.get("/DescendantFonts", []))]:
                    descriptor = part.get("/FontDescriptor")
                    if descriptor is None:
                        continue
                    descriptor = descriptor.get_object()
                    name = str(part["/BaseFont"]).lstrip("/").split("+", 1)[-1]
                    found[name] = found.get(name, False) or any(
                        key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            for xobject in resources.get("/XObject", {}).values():
                xobject = xobject.get_object()
                if "/Resources" in xobject:
                    todo.append(xobject["/Resources"])
    return found


def pdfium_text(path: Path) -> str:
    """The text of every page as PDFium (Chrome's PDF engine) reads it, in reading order."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_urdu_is_set_in_the_bundled_naskh(english_named: Path) -> None:
    fonts = embedded_fonts(english_named)
    assert {"NotoNaskhArabic-Regular", "NotoNaskhArabic-Bold"} <= set(fonts), fonts
    assert all(fonts.values()), fonts  # every font is embedded
    assert "NotoSans-Regular" in fonts  # Latin stays in Noto Sans
    assert not [name for name in fonts if name.startswith("NotoSansArabic")], fonts
    assert all(name.startswith(("NotoSans-", "NotoNaskhArabic-")) for name in fonts), fonts


def test_the_urdu_leaflet_is_marked_as_urdu(english_named: Path) -> None:
    assert pypdf.PdfReader(english_named).trailer["/Root"]["/Lang"] == "ur"


@pytest.mark.parametrize("item_id", SENTENCES)
def test_urdu_words_copy_out_with_their_letters(english_named: Path, item_id: str) -> None:
    words = pdf_text(english_named).split()
    for word in urdu_words(urdu(item_id)):
        assert any(word in found for found in words), word


@pytest.mark.parametrize("item_id", SENTENCES)
def test_urdu_sentences_copy_out_in_reading_order(english_named: Path, item_id: str) -> None:
    assert squash(urdu(item_id)) in squash(pdfium_text(english_named))


def test_an_urdu_practice_name_copies_out_in_reading_order(urdu_named: Path) -> None:
    words = pdf_text(urdu_named).split()
    assert all(word in words for word in URDU_NAME.split())
    assert URDU_NAME in pdfium_text(urdu_named)
    assert ENGLISH_NAME not in pdf_text(urdu_named)


def test_an_english_practice_name_copies_out_whole(english_named: Path) -> None:
    assert ENGLISH_NAME in pdf_text(english_named)


def test_urdu_text_is_drawn_in_reading_order(english_named: Path, urdu_named: Path) -> None:
    text = squash(pdf_text(english_named))
    for item_id in SENTENCES:
        assert squash(urdu(item_id)) in text
    assert squash(URDU_NAME) in squash(pdf_text(urdu_named))


def test_hostile_text_in_an_urdu_pack_stays_text_in_reading_order(project: Path) -> None:
    hostile = "دریا (کنارے) <b>ہیلتھ</b> \\ ) Tj [ BT ET ] سینٹر"
    practice = project / "practice-hostile.yaml"
    text = EXAMPLE_PRACTICE.read_text(encoding="utf-8")
    practice.write_text(text.replace(f"name: {ENGLISH_NAME}\n",
                                     f"name: '{hostile}'\n", 1), encoding="utf-8")
    pack = make_pack(project, practice, project / "out-hostile")
    for name in ("leaflet-ur.pdf", "poster-a4-ur.pdf", "preparation-letter-ur.pdf"):
        pypdf.PdfReader(pack / name)  # still a readable PDF
        copied = pdf_text(pack / name)  # the operators stayed text: each word is there
        for word in ("Tj", "BT", "ET", *urdu_words(hostile)):
            assert word in copied, (name, word)
