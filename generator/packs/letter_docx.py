"""The preparation letter as a Word document with mail-merge fields, for practices that merge
letters from their clinical system in a word processor.

The .docx is a zip of the XML parts in ``_templates/letter/docx/``: fixed parts copied as they
are, and ``*.j2`` parts filled in by Jinja2 from the same data as the PDF letter, with every
value escaped as XML text (never markup or field code). Each field of ``letter-fields``
becomes a ``MERGEFIELD`` named after its id (``field-name`` -> ``Name``), shown as «Name»
until merged; the greeting uses the name field too. Headings use Word's heading styles, so the
letter has a structure a screen reader can follow. The parts are zipped in a fixed order with
fixed times, so the same inputs give the same bytes. (python-docx, which made it before, took
about 70 ms a letter; this takes about 2 ms: see docs/decisions.md.)
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from .archive import zip_time
from .render import folder_stamp

DOCX_TEMPLATE = Path("letter") / "docx"
"""The folder, under ``_templates``, of the letter's Word parts."""

FIRST_PART = "[Content_Types].xml"
"""The part a .docx starts with."""

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters XML 1.0 cannot hold, even escaped."""


def merge_field_name(field_id: str) -> str:
    """The merge field a letter field becomes: ``field-date-of-talk`` -> ``DateOfTalk``."""
    return "".join(part.capitalize() for part in field_id.removeprefix("field-").split("-"))


def _xml_text(value: Any) -> Any:
    """A value as a template prints it: text loses any character XML cannot hold (markup the
    template made itself is left as it is)."""
    if isinstance(value, str) and not isinstance(value, markupsafe.Markup):
        return _NOT_XML.sub("", value)
    return value


@cache
def _parts(folder: Path, stamp: tuple[Any, ...]) -> tuple[
        jinja2.Environment, tuple[tuple[str, bytes | None], ...]]:
    """The Jinja2 environment of the Word parts in ``folder`` and each part's name in the zip
    with its bytes (None for a template), first part first; read again when ``stamp``
    changes."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), autoescape=True,
                             undefined=jinja2.StrictUndefined, finalize=_xml_text,
                             keep_trailing_newline=False)
    env.filters["merge_field"] = merge_field_name
    names = sorted((p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()),
                   key=lambda name: (name != FIRST_PART, name))
    return env, tuple((name, None if name.endswith(".j2") else (folder / name).read_bytes())
                      for name in names)


def letter_docx(templates_dir: Path, data: dict[str, Any], epoch: int) -> bytes:
    """The letter (``data`` as the letter template gets it) as .docx bytes."""
    folder = Path(templates_dir).resolve() / DOCX_TEMPLATE
    env, parts = _parts(folder, folder_stamp(folder))
    when = datetime.datetime.fromtimestamp(epoch, datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    values = {**data, "date": when}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, fixed in parts:
            if fixed is None:
                body = env.get_template(name).render(values).lstrip().encode("utf-8")
                name = name.removesuffix(".j2")
            else:
                body = fixed
            info = zipfile.ZipInfo(name, date_time=zip_time(epoch))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            archive.writestr(info, body, compresslevel=6)
    return buffer.getvalue()
