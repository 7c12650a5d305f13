"""The preparation letter as a Word document with mail-merge fields, for practices that merge
letters from their clinical system in a word processor.

Made with python-docx from the same wording and practice details as the PDF letter. Each
field of ``letter-fields`` becomes a ``MERGEFIELD`` named after its id (``field-name`` ->
``Name``), shown as «Name» until merged; the greeting uses the name field too. Every piece
of text is set as text (python-docx escapes it), never as field code or markup. The zip
inside is rewritten with fixed times, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime
import io
from typing import Any

from .archive import with_fixed_times

BLUE = (0x00, 0x5E, 0xB8)
"""The headings' colour, as red, green, blue."""


def merge_field_name(field_id: str) -> str:
    """The merge field a letter field becomes: ``field-date-of-talk`` -> ``DateOfTalk``."""
    return "".join(part.capitalize() for part in field_id.removeprefix("field-").split("-"))


def _merge_field(paragraph: Any, name: str) -> None:
    """Add ``«name»`` to ``paragraph`` as a Word MERGEFIELD."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), f" MERGEFIELD {name} \\* MERGEFORMAT ")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = f"\u00ab{name}\u00bb"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _right_to_left(paragraph: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement

    properties = paragraph._p.get_or_add_pPr()
    properties.append(OxmlElement("w:bidi"))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def letter_docx(data: dict[str, Any], epoch: int) -> bytes:
    """The letter (``data`` as the letter template gets it) as .docx bytes.

    python-docx is imported here, when a letter is made, so that building the guide does not
    pay for loading it."""
    from docx import Document as WordDocument
    from docx.shared import Pt, RGBColor

    text, practice = data["text"], data["practice"]
    rtl = data.get("language", {}).get("direction") == "rtl"
    document = WordDocument()
    document.core_properties.title = data["title"]
    document.core_properties.author = practice["name"]
    document.core_properties.language = data.get("language", {}).get("code", "en")
    when = datetime.datetime.fromtimestamp(epoch, datetime.UTC).replace(tzinfo=None)
    document.core_properties.created = document.core_properties.modified = when
    document.core_properties.last_modified_by = practice["name"]
    document.core_properties.revision = 1
    document.core_properties.comments = ""
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(12)
    paragraphs = []

    def para(words: str = "", *, bold: bool = False, size: float | None = None,
             colour: tuple[int, int, int] | None = None, style_name: str | None = None) -> Any:
        paragraph = document.add_paragraph(style=style_name)
        if words:
            run = paragraph.add_run(words)
            run.bold = bold
            if size:
                run.font.size = Pt(size)
            if colour is not None:
                run.font.color.rgb = RGBColor(*colour)
        paragraphs.append(paragraph)
        return paragraph

    para(practice["name"], bold=True, size=14, colour=BLUE)
    for line in practice["address_lines"]:
        para(line)
    phone = next(line for line in data["contact"] if line["field"] == "phone")
    para(f"{phone['label']}: {phone['value']}")
    for field in text["letter-fields"]:
        paragraph = para(f"{field['title']}: ", bold=True)
        _merge_field(paragraph, merge_field_name(field["id"]))
    para(text["letter-title"], bold=True, size=20, colour=BLUE)
    greeting = para(f"{text['letter-greeting']} ")
    _merge_field(greeting, merge_field_name(text["letter-fields"][0]["id"]))
    para(text["letter-intro"])
    para(text["letter-results-heading"], bold=True, size=15, colour=BLUE)
    columns = text["letter-results-columns"]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, columns, strict=True):
        cell.text = heading
        cell.paragraphs[0].runs[0].bold = True
        paragraphs.append(cell.paragraphs[0])
    for test in text["letter-tests"]:
        cells = table.add_row().cells
        cells[0].text = test["title"]
        cells[0].paragraphs[0].runs[0].bold = True
        cells[0].add_paragraph(test["text"])
        paragraphs += cells[0].paragraphs
    para(text["letter-results-note"])
    para(text["letter-reflect-heading"], bold=True, size=15, colour=BLUE)
    for question in text["letter-reflect"]:
        para(question, bold=True)
        para("")
    para(text["letter-agenda-heading"], bold=True, size=15, colour=BLUE)
    para(text["letter-agenda-intro"])
    for number in range(1, 4):
        para(f"{number}.")
    para(text["letter-bring"])
    para(text["letter-signoff"])
    para(text["letter-from"])
    if data.get("unreviewed"):
        para(data["unreviewed"], bold=True)
    if rtl:
        for paragraph in paragraphs:
            _right_to_left(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return with_fixed_times(buffer.getvalue(), epoch)
