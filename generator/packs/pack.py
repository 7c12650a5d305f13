"""One practice in, one folder out: posters, leaflet, letter, script, checklists action plan,
TV slide, website text, an index page and a zip of everything, in ``OUT/<ODS code>/``.

The same practice and wording always give the same bytes: PDF and zip dates come from the
project's clock (SOURCE_DATE_EPOCH, else the guide's ``published`` date), and the zip has
sorted entries.
Files whose bytes have not changed are not rewritten.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from ..content.definitions import contact_label_ids, contact_lines, language_label, languages
from ..content.diagnostics import ContentError, Diagnostic, errors_only
from ..content.load import read_yaml
from ..content.model import Checklist, Wording
from ..content.project import CHECKLISTS_DIR, CONTENT_DIR, TRANSLATIONS_DIR, WORDING_FILE, Project
from .archive import make_zip
from .letter_docx import letter_docx
from .logo import Logo, LogoProblem, read_logo
from .pictures import easy_read_pictures, picture_problems
from .profile import Practice
from .render import Renderer, RenderError, renderer_for
from .wording import fill, translation_problems, wording_problems

TEMPLATES_DIR = Path("_templates")
"""Templates live in ``PROJECT_DIR/_templates/<document>/``, each with a ``params.yaml``."""


@dataclass(frozen=True)
class Document:
    """One file of the pack: its name, the template that makes it and any extra template data."""

    filename: str
    template: str
    title_id: str
    options: dict[str, Any] = field(default_factory=dict)
    pages: int | None = None
    """How many pages the document must fill (it shrinks to fit); None if it flows."""
    shared: tuple[str, ...] = ()
    """Project-wide data the template also gets, such as ``checklists``."""
    for_patients: bool = True
    """Whether patients read it, so it is also made in each of the practice's languages."""
    format: str = ""
    """The other format it is in (``easy-read``), made only for practices that ask for it in
    their profile's ``formats``; empty for a standard document."""

    @property
    def kind(self) -> str:
        """The output format: pdf, png, html, txt or docx."""
        return self.filename.rsplit(".", 1)[-1]

    def variant(self, *parts: str) -> Document:
        """Another edition of this document: ``leaflet-cy.pdf`` for ``leaflet.pdf`` and
        ``cy``, ``leaflet-cy-large-print.pdf`` for ``cy`` and ``large-print``."""
        stem, kind = self.filename.rsplit(".", 1)
        return replace(self, filename="-".join((stem, *parts)) + f".{kind}")


@dataclass(frozen=True)
class Edition:
    """One document of a pack as made: its file, the document it is an edition of, its
    language (``cy-en`` for Welsh with English) and whether it is in large print."""

    document: Document
    base: Document
    language: str
    large_print: bool = False


EASY_READ = "easy-read"
LARGE_PRINT = "large-print"
"""The other formats a practice can ask for in its profile's ``formats``."""

DOCUMENTS = (
    Document("poster-a4.pdf", "poster/poster.typ", "poster-document-title", {"paper": "a4"}, 1),
    Document("poster-a3.pdf", "poster/poster.typ", "poster-document-title", {"paper": "a3"}, 1),
    Document("leaflet.pdf", "leaflet/leaflet.typ", "leaflet-document-title", pages=2),
    Document("preparation-letter.pdf", "letter/letter.typ", "letter-document-title", pages=2),
    Document("preparation-letter.docx", "letter/docx", "letter-document-title"),
    Document("staff-script.pdf", "script/script.typ", "script-document-title",
             for_patients=False),
    Document("checklists.pdf", "checklists/checklists.typ", "checklists-document-title",
             shared=("checklists",), for_patients=False),
    Document("easy-read-leaflet.pdf", "easy-read/easy-read.typ", "easy-read-document-title",
             {"format": "leaflet"}, shared=("pictures",), format=EASY_READ),
    Document("easy-read-poster.pdf", "easy-read/easy-read.typ", "easy-read-document-title",
             {"format": "poster"}, 1, shared=("pictures",), format=EASY_READ),
    Document("tv-slide.png", "tv-slide/tv-slide.typ", "tv-document-title"),
    Document("website.html", "website/website.html.j2", "web-document-title"),
    Document("website.txt", "website/website.txt.j2", "web-document-title"),
)
"""The pack's documents, in the order the index page lists them."""

INDEX = Document("index.html", "index/index.html.j2", "index-title", for_patients=False)

WALES_ODS_PREFIX = "W"
"""GP practices in Wales have ODS codes starting with W."""
BILINGUAL = ("cy", "en")
"""The languages of a Welsh practice's bilingual documents, in the order they are shown."""
BILINGUAL_DOCUMENTS = ("poster-a4.pdf", "poster-a3.pdf", "leaflet.pdf")
"""The documents also made in Welsh and English together for a practice in Wales."""
LARGE_PRINT_DOCUMENTS = ("poster-a4.pdf", "leaflet.pdf", "preparation-letter.pdf")
"""The documents also made in large print (body text of 16 pt or more, flowing onto as many
pages as it needs), in each of the pack's languages."""
PART_KEYS = ("text", "contact", "language", "unreviewed")
"""What each language of a bilingual document brings (see ``parts`` in common/pack.typ)."""

FILE_ENTRY_IDS = {
    "poster-a4.pdf": "file-poster-a4", "poster-a3.pdf": "file-poster-a3",
    "leaflet.pdf": "file-leaflet", "preparation-letter.pdf": "file-letter",
    "preparation-letter.docx": "file-letter-docx",
    "staff-script.pdf": "file-script", "checklists.pdf": "file-checklists",
    "tv-slide.png": "file-tv-slide", "easy-read-leaflet.pdf": "file-easy-read-leaflet",
    "easy-read-poster.pdf": "file-easy-read-poster",
    "website.html": "file-website-html", "website.txt": "file-website-txt",
}
"""Which ``index-files`` wording entry describes each file."""

LOGO_NAMES = ("logo.png", "logo.svg")

PYTHON_TEXT_IDS = {
    **{d.title_id: "text" for d in (*DOCUMENTS, INDEX)},
    "shared-logo-alt": "text", "index-files": "entries", "index-translation-unreviewed": "text",
    "index-large-print": "text",
    **dict.fromkeys(contact_label_ids(), "text"),
}
"""Wording items this module uses itself (titles, logo alt text, the index's file list, the
contact lines' labels)."""


def zip_name(ods_code: str) -> str:
    """File name of a practice's zip."""
    return f"{ods_code}-practice-pack.zip"


def template_params(project_dir: Path) -> dict[str, dict[str, Any]]:
    """Each template folder's ``params.yaml`` (parameters, text ids used, example), by folder."""
    root = Path(project_dir) / TEMPLATES_DIR
    return {p.parent.name: read_yaml(p).data for p in sorted(root.glob("*/params.yaml"))}


def required_text_ids(project_dir: Path) -> dict[str, str]:
    """Every wording item id the templates use, with the kind they need (text, points, entries)."""
    needed: dict[str, str] = dict(PYTHON_TEXT_IDS)
    for params in template_params(project_dir).values():
        needed.update(params.get("text_ids") or {})
    return needed


PACK_INPUTS = (WORDING_FILE, f"{TRANSLATIONS_DIR}/", f"{CONTENT_DIR}/guide.yaml",
               f"{CHECKLISTS_DIR}/")
"""What a pack reads of a project: its wording and translations, the guide's dates (the
clock) and the checklists (a folder ends with '/')."""


def is_pack_input(file: str) -> bool:
    """Whether a project file (as diagnostics name it) is read to make a pack."""
    return any(file == name or name.endswith("/") and file.startswith(name)
               for name in PACK_INPUTS)


def pack_problems(project: Project) -> list[Diagnostic]:
    """Every problem with the project's pack wording (none if it has none), checked against
    the text ids its templates use; for ``pcsp validate`` and ``pcsp build``."""
    templates = project.root / TEMPLATES_DIR
    required = required_text_ids(project.root) if templates.is_dir() else None
    return wording_problems(project, required) + translation_problems(project) + \
        picture_problems(project)


def checklist_data(checklists: tuple[Checklist, ...]) -> list[dict[str, Any]]:
    """The practice team's checklists (audience ``practice``) as the checklists template reads
    them."""
    return [{"title": c.title, "intro": c.intro, "sections": [
        {"title": s.title, "items": [{"text": i.text, "how": i.how} for i in s.items]}
        for s in c.sections]} for c in checklists if c.audience == "practice"]


def practice_data(practice: Practice) -> dict[str, Any]:
    """A practice's details as the JSON the templates read (see params.yaml)."""
    def appt(a: Any) -> dict[str, Any]:
        return {"who": a.who, "where": a.where, "minutes": a.minutes}

    return {
        "name": practice.name, "ods_code": practice.ods_code,
        "address_lines": list(practice.address_lines), "phone": practice.phone,
        "email": practice.email, "website": practice.website,
        "model_of_care_name": practice.model_of_care_name,
        "results_sent_days_before": practice.results_sent_days_before,
        "information_gathering": appt(practice.information_gathering),
        "conversation": appt(practice.conversation),
        "services": [{"name": s.name, "offers": s.offers, "contact": s.contact}
                     for s in practice.more_than_medicine],
        "languages": [language_label(code) for code in practice.languages],
        "accessible_formats_contact": practice.accessible_formats_contact,
    }


CONTACT_LINKS = {
    "tel": lambda value: "tel:" + value.replace(" ", ""),
    "mailto": lambda value: "mailto:" + value,
    "url": lambda value: value,
}
"""How a contact line's ``link`` (content/definitions.json: contact_lines) makes its web link.
The schema lets a website be only an http or https address."""


def contact_data(practice: Practice, texts: dict[str, Any], *,
                 for_print: bool = False) -> list[dict[str, Any]]:
    """The practice's contact lines as every template reads them (``contact``): for each line
    of ``contact_lines`` in content/definitions.json, its ``field``, ``label`` (its wording,
    from ``texts``), ``value`` and ``href`` (the web link, or None). An optional line whose
    field is empty is left out.

    ``for_print`` joins the parts of a ``keep_together`` value (the phone number) with
    no-break spaces. (Very long words are made breakable by the templates themselves.)
    """
    rows = []
    for line in contact_lines():
        field = line["field"]
        parts = (list(getattr(practice, f"{field}_lines")) if line["lines"]
                 else [getattr(practice, field) or ""])
        raw = ", ".join(parts)
        if not raw and line["optional"]:
            continue
        if for_print and line["keep_together"]:
            parts = [p.replace(" ", "\u00a0") for p in parts]
        rows.append({"field": field, "label": texts[line["label"]], "value": ", ".join(parts),
                     "href": CONTACT_LINKS[line["link"]](raw) if line["link"] and raw else None})
    return rows


def website_qr(practice: Practice) -> str | None:
    """A QR code (SVG text, drawn as vectors) for the practice's website, if it has one."""
    if not practice.website:
        return None
    import segno

    buffer = io.BytesIO()
    segno.make(practice.website, error="m").save(buffer, kind="svg", xmldecl=False, border=0,
                                                 dark="#212b32")
    return buffer.getvalue().decode("utf-8")


def practice_logo(practice: Practice) -> Logo | None:
    """The practice's logo as checked when its profile was read (an SVG made safe), or checked
    now for a practice made some other way; raise :class:`RenderError` if it cannot be used.

    The user's file itself is never published or drawn: only this checked copy is.
    """
    if practice.logo is None:
        return None
    if practice.logo_image is not None:
        return practice.logo_image
    try:
        return read_logo(practice.logo, practice.logo.name)
    except LogoProblem as exc:
        raise RenderError(f"{practice.logo}: {exc.message}; {exc.hint}") from None


def logo_data(practice: Practice, alt: str) -> dict[str, Any] | None:
    """The logo for the templates: PNG bytes as a list of numbers, SVG as text, with alt text."""
    logo = practice_logo(practice)
    if logo is None:
        return None
    if logo.format == "svg":
        return {"format": "svg", "data": logo.data.decode("utf-8"), "alt": alt}
    return {"format": "png", "data": list(logo.data), "alt": alt}


@cache
def _jinja(templates_dir: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)), undefined=jinja2.StrictUndefined,
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def render_text(templates_dir: Path, template: str, data: dict[str, Any]) -> bytes:
    """Render a Jinja2 text or HTML template (HTML autoescaped) with data, as UTF-8 bytes."""
    return _jinja(Path(templates_dir).resolve()).get_template(template).render(**data).encode()


@dataclass(frozen=True)
class PackResult:
    """What building one pack produced."""

    folder: Path
    files: tuple[str, ...]
    written: tuple[str, ...]
    """Files whose bytes changed (or that are new) in this run."""


class UnsafeFolder(ValueError):
    """A pack folder that must not be written to; the message says why and what to do."""


def unsafe_folder(out_dir: Path, ods_code: str) -> str:
    """Why a pack cannot be written to ``out_dir/<ods_code>`` ('' if it can): packs are never
    written through a symbolic link, which could lead out of the output folder."""
    folder = Path(out_dir) / ods_code
    if folder.is_symlink():
        return (f"{folder} is a symbolic link, and packs are only written inside {out_dir}: "
                "remove the link and run again")
    if folder.exists() and not folder.is_dir():
        return f"{folder} is a file, not a folder: move it away and run again"
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            if entry.is_symlink():
                return (f"{entry} is a symbolic link, and packs are only written inside "
                        f"{out_dir}: remove the link and run again")
    return ""


class PackBuilder:
    """Builds packs for one project (its wording and templates), reusing one Typst compiler."""

    def __init__(self, project: Project, renderer: Renderer | None = None):
        self.project_dir = project.root
        self.templates_dir = self.project_dir / TEMPLATES_DIR
        if not self.templates_dir.is_dir():
            raise ContentError([Diagnostic(
                TEMPLATES_DIR.as_posix(), 1, 1,
                f"the pack templates folder is missing from {self.project_dir}",
                "run pcsp pack in the project folder, or give it with --project")])
        if project.wording is None and not (project.root / WORDING_FILE).is_file():
            raise ContentError([Diagnostic(WORDING_FILE, 1, 1, "the pack wording file is missing",
                                           f"create {WORDING_FILE}")])
        found = errors_only([*pack_problems(project), *(
            d for d in project.diagnostics if is_pack_input(d.file))])
        if found or project.wording is None:
            raise ContentError(found)
        self.wording: Wording = project.wording
        self.translations = {t.language: t for t in project.translations}
        self.translated = {code: self.wording.translated(t)
                           for code, t in self.translations.items()}
        """The wording in each language it is translated into (English where a translation
        lacks an item), made once."""
        self.epoch = project.clock.epoch
        self.shared = {"checklists": checklist_data(project.checklists),
                       "pictures": easy_read_pictures(project)}
        self.documents = tuple(d for d in DOCUMENTS if all(self.shared[k] for k in d.shared))
        """The pack's documents: all of them, less any whose shared data is empty."""
        self._renderer = renderer

    @property
    def renderer(self) -> Renderer:
        """The Typst renderer, made on first use."""
        if self._renderer is None:
            self._renderer = renderer_for(self.templates_dir, self.epoch)
        return self._renderer

    def pack_languages(self, practice: Practice) -> list[tuple[str, Wording]]:
        """The pack's languages: English, then Welsh for a practice in Wales, then each of
        the practice's languages that has a translation, each with its wording."""
        chosen = [("en", self.wording)]
        codes = (["cy"] if self.bilingual(practice) else []) + list(practice.languages)
        for code in dict.fromkeys(codes):
            if code in self.translated:
                chosen.append((code, self.translated[code]))
        return chosen

    def bilingual(self, practice: Practice) -> bool:
        """Whether the practice is in Wales (its ODS code starts with W), where signs and
        notices must be in Welsh and English, and the project has a Welsh translation."""
        return practice.ods_code.startswith(WALES_ODS_PREFIX) and BILINGUAL[0] in \
            self.translations

    def _language_data(self, code: str) -> dict[str, Any]:
        """What a template knows of the language it is written in."""
        translation = self.translations.get(code)
        unreviewed = translation is not None and translation.reviewed is None
        return {"language": {"code": code, "direction": languages()[code]["direction"],
                             "label": language_label(code)},
                "unreviewed": (self.wording.items["index-translation-unreviewed"]
                               if unreviewed else None)}

    def editions(self, practice: Practice) -> list[Edition]:
        """Every document of the practice's pack, in the order the index lists them: all of
        them in English, those for patients in each other language, for a practice in Wales
        the posters and leaflet in Welsh and English together, and the easy read and
        large-print editions if the practice asks for them."""
        documents = [doc for doc in self.documents
                     if not doc.format or doc.format in practice.formats]
        found = [Edition(doc, doc, "en") for doc in documents]
        codes = [code for code, _ in self.pack_languages(practice)]
        for code in codes[1:]:
            found += [Edition(doc.variant(code), doc, code)
                      for doc in documents if doc.for_patients]
        if self.bilingual(practice):
            found += [Edition(doc.variant(*BILINGUAL), doc, "-".join(BILINGUAL))
                      for doc in documents if doc.filename in BILINGUAL_DOCUMENTS]
        for code in codes if LARGE_PRINT in practice.formats else ():
            found += [Edition(replace(doc.variant(*(() if code == "en" else (code,)),
                                                  LARGE_PRINT), pages=None), doc, code,
                              large_print=True)
                      for doc in self.documents if doc.filename in LARGE_PRINT_DOCUMENTS]
        return found

    def _data(self, practice: Practice, code: str, *, for_print: bool) -> dict[str, Any]:
        """What every template gets for one language (``cy-en``: Welsh with English)."""
        if "-" in code:
            parts = [self._data(practice, c, for_print=for_print) for c in code.split("-")]
            return {**parts[0], "parts": [{k: part[k] for k in PART_KEYS} for part in parts],
                    "titles": [part["titles"] for part in parts]}
        wording = dict(self.pack_languages(practice))[code]
        texts = fill(wording, practice, for_print=for_print)
        return {"practice": practice_data(practice), "text": texts,
                "contact": contact_data(practice, texts, for_print=for_print),
                **self._language_data(code), "titles": texts}

    def compile_jobs(self, practice: Practice) -> list[tuple[Document, dict[str, Any]]]:
        """Each PDF or PNG edition of the practice's pack with the data it is compiled from."""
        data: dict[str, dict[str, Any]] = {}
        jobs = []
        for edition in self.editions(practice):
            doc = edition.document
            if doc.kind not in ("pdf", "png"):
                continue
            if edition.language not in data:
                base = self._data(practice, edition.language, for_print=True)
                base["logo"] = logo_data(practice, base["text"]["shared-logo-alt"])
                base["qr"] = website_qr(practice)
                data[edition.language] = base
            base = data[edition.language]
            titles = base["titles"] if isinstance(base["titles"], list) else [base["titles"]]
            jobs.append((doc, {
                **{k: v for k, v in base.items() if k != "titles"},
                "title": " / ".join(t[doc.title_id] for t in titles), **doc.options,
                "large_print": edition.large_print,
                **{k: self.shared[k] for k in doc.shared}}))
        return jobs

    def compile(self, doc: Document, data: dict[str, Any]) -> bytes:
        """Compile one PDF or PNG document with Typst."""
        if doc.kind == "png":
            return self.renderer.png(doc.template, data)
        return self.renderer.pdf(doc.template, data, doc.pages)

    def compile_many(self, practices: list[Practice]) -> list[dict[str, bytes] | Exception]:
        """The PDF and PNG files of several practices' packs (for each practice, its files by
        name, or the error that stopped them), made one document at a time across the
        practices: Typst keeps a document's layout for only a few compiles, so making each
        document for every practice in turn is faster than each practice's documents in turn.
        """
        made: list[dict[str, bytes] | Exception] = []
        by_document: dict[str, list[tuple[int, Document, dict[str, Any]]]] = {}
        for index, practice in enumerate(practices):
            try:
                jobs = self.compile_jobs(practice)
            except Exception as exc:  # noqa: BLE001 - the caller reports it for its practice
                made.append(exc)
                continue
            made.append({})
            for doc, data in jobs:
                by_document.setdefault(doc.filename, []).append((index, doc, data))
        for jobs in by_document.values():
            for index, doc, data in jobs:
                files = made[index]
                if isinstance(files, dict):
                    try:
                        files[doc.filename] = self.compile(doc, data)
                    except Exception as exc:  # noqa: BLE001 - as above
                        made[index] = exc
        return made

    def files(self, practice: Practice,
              compiled: dict[str, bytes] | None = None) -> dict[str, bytes]:
        """Every file of the practice's pack, by name, including index.html and the zip;
        ``compiled``: its PDF and PNG files if already made (see :meth:`compile_many`)."""
        files = dict(compiled) if compiled is not None else {
            doc.filename: self.compile(doc, data) for doc, data in self.compile_jobs(practice)}
        logo = self._logo_file(practice)
        editions = self.editions(practice)
        by_language: dict[str, dict[str, Any]] = {}
        for edition in editions:
            doc = edition.document
            if doc.kind in ("html", "txt", "docx"):
                if edition.language not in by_language:
                    by_language[edition.language] = self._data(practice, edition.language,
                                                               for_print=False)
                base = by_language[edition.language]
                data = {**{k: v for k, v in base.items() if k != "titles"}, "logo": logo,
                        "title": base["titles"][doc.title_id], **doc.options}
                files[doc.filename] = (
                    letter_docx(self.templates_dir, data, self.epoch) if doc.kind == "docx"
                    else render_text(self.templates_dir, doc.template, data))
        checked = practice_logo(practice)
        if logo and checked:
            files[logo] = checked.data  # the checked copy, never the user's file as it came
        texts = fill(self.wording, practice)
        groups: dict[tuple[str, bool], list[dict[str, str]]] = {}
        for edition in editions:
            entry = _entry(texts, FILE_ENTRY_IDS[edition.base.filename])
            if edition.large_print:
                entry["title"] = f"{entry['title']} ({texts['index-large-print']})"
            groups.setdefault((edition.language, edition.large_print), []).append({
                "filename": edition.document.filename,
                "size": _size(len(files[edition.document.filename])), **entry})
        other = []
        for (code, large), listed in groups.items():
            if code == "en" and not large:
                continue
            facts = self._language_data(code.split("-")[0])
            label = " / ".join(language_label(c) for c in code.split("-"))
            if large:
                label = texts["index-large-print"] if code == "en" else \
                    f"{label}: {texts['index-large-print']}"
            other.append({**facts, **facts["language"], "files": listed, "label": label})
        files[INDEX.filename] = render_text(self.templates_dir, INDEX.template, {
            "practice": practice_data(practice), "text": texts,
            "contact": contact_data(practice, texts), **self._language_data("en"),
            "title": texts[INDEX.title_id], "files": groups[("en", False)], "logo": logo,
            "languages": other, "zip": zip_name(practice.ods_code),
            "formats_missing": not {EASY_READ, LARGE_PRINT} <= set(practice.formats)})
        files[zip_name(practice.ods_code)] = make_zip(files, practice.ods_code, self.epoch)
        return files

    @staticmethod
    def _logo_file(practice: Practice) -> str | None:
        logo = practice_logo(practice)
        return logo.filename if logo else None

    def build(self, practice: Practice, out_dir: Path,
              compiled: dict[str, bytes] | Exception | None = None) -> PackResult:
        """Write the pack into ``out_dir/<ODS code>/``; files whose bytes are unchanged stay.
        ``compiled``: its PDF and PNG files, or what stopped them, from :meth:`compile_many`.

        Raises :class:`UnsafeFolder` rather than write through a symbolic link."""
        problem = unsafe_folder(out_dir, practice.ods_code)
        if problem:
            raise UnsafeFolder(problem)
        if isinstance(compiled, Exception):
            raise compiled
        files = self.files(practice, compiled)
        folder = Path(out_dir) / practice.ods_code
        folder.mkdir(parents=True, exist_ok=True)
        written = [name for name, data in sorted(files.items()) if write_if_changed(folder / name,
                                                                                     data)]
        for stale in LOGO_NAMES:
            if stale not in files and (folder / stale).is_file():
                (folder / stale).unlink()
        return PackResult(folder, tuple(sorted(files)), tuple(written))


def _entry(texts: dict[str, Any], entry_id: str) -> dict[str, str]:
    entry = next(e for e in texts["index-files"] if e["id"] == entry_id)
    return {"title": entry["title"], "text": entry["text"]}


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 1_000_000 else f"{max(1, round(n / 1000))} KB"


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` (atomically) unless it already holds exactly those bytes."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return True

