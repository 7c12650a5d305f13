"""The practice pack pages of the guide.

"Make your practice pack": a form where a practice types its details and sees live previews
of the poster, leaflet and staff script, ready to print or save as PDF from the browser. The
wording comes from ``content/patient-materials.yaml`` and its translations (the same files
the PDFs use), written into the page as JSON; ``practice-pack.js`` fills the previews with
``textContent`` only. As in the printed packs, the poster and leaflet can be shown in each
translated language (right to left where the language is), or for a practice in Wales in
Welsh and English side by side; the staff script stays in English. Without JavaScript the
previews show the English wording with gaps such as "[practice name]".

"Practice packs": when the build is given a practices CSV (``pcsp build --practices FILE`` or
``pcsp_practices`` in conf.py), each practice's pack is made into ``<outdir>/packs/<ODS>/``
and this page lists them in a table that a filter box (JavaScript) narrows down by name,
ODS code or postcode.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ..content.definitions import (
    contact_lines,
    definitions,
    language_label,
    languages,
    placeholders,
)
from ..content.diagnostics import ContentError
from ..content.project import Project
from ..content.schema import field_schema
from ..packs.batch import build_packs
from ..packs.pack import BILINGUAL, BILINGUAL_DOCUMENTS, DOCUMENTS, WALES_ODS_PREFIX
from ..packs.profile import CsvRow, load_practices_csv
from ..packs.wording import fill_text
from .html import E, html_element, page_assets, para, register_html_element
from .pages import PageView, current_site
from .words import count, section_words, word

logger = logging.getLogger(__name__)

PRACTICE_PACK = "_generated/practice-pack"
PRACTICE_PACKS = "_generated/practice-packs"
PACKS_DIR = "packs"
"""Folder of the built site that holds the published packs, one folder per ODS code."""

ASSET = "practice-pack"
"""Name of the page's script (``static/practice-pack.js``) and style sheet."""


def _limits(field: str) -> dict[str, Any]:
    """The input type and limits of a form field, from ``schema/practice.schema.json``."""
    schema = field_schema("practice", tuple(field.split("."))) or {}
    limits: dict[str, Any] = {}
    if schema.get("type") == "integer":
        limits.update(type="number", inputmode="numeric")
    for key, attr in (("minimum", "min"), ("maximum", "max"), ("maxLength", "maxlength")):
        if key in schema:
            limits[attr] = str(schema[key])
    return limits


def form_fields() -> list[dict[str, Any]]:
    """The practice form, in order: each field's profile name, label, gap, hint, input type and
    limits. Wording from ``content/definitions.json``, limits from the practice schema."""
    defs = definitions()
    fields = [dict(f) for f in defs["practice_form"]]
    for n in range(1, defs["practice_form_services"] + 1):
        fields += [{"field": f"more_than_medicine.{n}.{part['part']}",
                    "label": word("practice-pack.service-label", n=n, part=part["label"]),
                    "service": True}
                   for part in defs["practice_form_service_parts"]]
    for f in fields:
        f.setdefault("blank", "")
        f.setdefault("hint", "")
        f["attrs"] = {"type": f.pop("type", "text"), **_limits(f["field"])}
        if "min" in f["attrs"] and "max" in f["attrs"]:
            f["label"] = word("practice-pack.range", label=f["label"], min=f["attrs"]["min"],
                              max=f["attrs"]["max"])
    return fields


PRINTS = ("poster", "leaflet", "script")
"""The previews, in order (their titles: ``practice-pack.prints`` in the interface words)."""

PRINTED_AS = {"poster": "poster-a4.pdf", "leaflet": "leaflet.pdf", "script": "staff-script.pdf"}
"""The printed document each preview stands for: a preview is translated if that document is
for patients (the staff script stays in English, as in the printed pack), and shown in Welsh
and English side by side if that document is also made so for a practice in Wales."""

TRANSLATED = tuple(kind for kind in PRINTS if any(
    d.filename == PRINTED_AS[kind] and d.for_patients for d in DOCUMENTS))
SIDE_BY_SIDE = tuple(kind for kind in TRANSLATED if PRINTED_AS[kind] in BILINGUAL_DOCUMENTS)

LANGUAGE_FIELD = "pcsp-pack-language"
"""The name (and, with ``pcsp-pp-`` before it, the id) of the form's language choice."""
UNREVIEWED = "index-translation-unreviewed"

POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})\b", re.IGNORECASE)


# --- views (JSON-able data, the pages' only input) -----------------------------------------

def practice_pack_view(bundle: Project) -> dict[str, Any] | None:
    """What the form page shows: the pack wording (in English and each translation) and the
    form; None if there is no wording."""
    if bundle.wording is None:
        return None
    defs = definitions()
    english = {k: _plain(v) for k, v in sorted(bundle.wording.items.items())}
    view = {
        "title": word("practice-pack.title"),
        "wording": english,
        "fields": form_fields(),
        "placeholders": placeholders(),
        "placeholder_pattern": defs["placeholder_pattern"],
        "service_blank": {p["part"]: p["blank"] for p in defs["practice_form_service_parts"]},
        "services": {"count": defs["practice_form_services"],
                     "parts": [p["part"] for p in defs["practice_form_service_parts"]]},
        "contact": contact_lines(),
    }
    used = _Preview.used_ids(view)
    view["wording"] = {k: v for k, v in english.items() if k in used["all"]}
    view["languages"] = language_view(bundle, used["translated"])
    return view


def language_view(bundle: Project, item_ids: set[str]) -> dict[str, Any]:
    """The languages the previews can be shown in, as the printed packs have them.

    ``choices``: [value, label] for the form's choice: English, each language the project has
    a translation for (``language_label``), then, with a Welsh translation, Welsh and English
    side by side (value ``cy-en``). ``translations``: each language's writing direction,
    whether its translation is unreviewed, and its wording (only ``item_ids``, the items the
    translated previews show; English where it lacks one, as ``Wording.translated``).
    An item whose shape differs from the English (a translation with errors, which
    ``pcsp validate`` reports) is left out, so the English is shown instead.
    ``bilingual``: the side-by-side choice, the ODS code start that picks it and the previews
    shown so, or None. ``docs``: the previews that are translated. ``field``: the choice's
    name. ``names``: every known language's label, English and own name, so the "languages
    you can help in" field takes codes or names as a practice profile does.
    """
    known = languages()
    words = definitions()["practice_form_language"]
    translations: dict[str, Any] = {}
    for t in bundle.translations:
        code = t.language
        if code in known and code != "en" and code not in translations:
            translations[code] = {
                "dir": known[code]["direction"], "unreviewed": t.reviewed is None,
                "wording": {k: _plain(v) for k, v in sorted(t.items.items())
                            if k in item_ids and _shape(v) == _shape(bundle.wording.items[k])}}
    choices = [["en", language_label("en")]] + [[c, language_label(c)] for c in translations]
    bilingual = None
    if BILINGUAL[0] in translations and SIDE_BY_SIDE:
        bilingual = {"choice": "-".join(BILINGUAL), "ods_prefix": WALES_ODS_PREFIX,
                     "docs": list(SIDE_BY_SIDE)}
        choices.append([bilingual["choice"], words["bilingual"].format(
            first=known[BILINGUAL[0]]["native"], second=known[BILINGUAL[1]]["native"])])
    hint = words["hint"]
    if bilingual:
        hint += " " + words["hint_bilingual"].format(
            prefix=WALES_ODS_PREFIX, first=known[BILINGUAL[0]]["english"],
            second=known[BILINGUAL[1]]["english"])
    return {"field": LANGUAGE_FIELD, "label": words["label"], "hint": hint, "choices": choices,
            "translations": translations, "bilingual": bilingual, "docs": list(TRANSLATED),
            "names": {code: list(dict.fromkeys((language_label(code), e["english"],
                                                e["native"])))
                      for code, e in known.items()}}


def _shape(value: Any) -> str:
    """What a wording item holds: text, points or entries."""
    if isinstance(value, str):
        return "text"
    return "entries" if value and isinstance(value[0], dict) else "points"


def _plain(value: Any) -> Any:
    """Wording as JSON-able lists and dicts."""
    if isinstance(value, tuple):
        return [dict(v) if isinstance(v, dict) else v for v in value]
    return value


def postcode(address: str) -> str:
    """The last UK postcode in an address, in capitals, or an empty string."""
    found = POSTCODE.findall(address)
    return found[-1].upper() if found else ""


def practices_csv(project_dir: Path, value: str | None) -> Path | None:
    """The practices CSV named by ``pcsp_practices`` (relative to the project), if any."""
    if not value:
        return None
    path = Path(value)
    return path if path.is_absolute() else project_dir / path


_READ: dict[Path, tuple[tuple[int, int], list[CsvRow]]] = {}


def read_practices(csv_path: Path) -> list[CsvRow]:
    """The rows of a practices CSV; raise ContentError listing every problem in it.

    The rows are remembered while the file is unchanged, so one build reads it once.
    """
    path = Path(csv_path).resolve()
    stat = path.stat()
    stamp = (stat.st_size, stat.st_mtime_ns)
    if path not in _READ or _READ[path][0] != stamp:
        _READ[path] = (stamp, load_practices_csv(csv_path, str(csv_path)))
    rows = _READ[path][1]
    problems = [d for r in rows for d in r.diagnostics]
    if problems:
        raise ContentError(problems)
    return rows


def configured_practices(project_dir: Path, value: str | None) -> list[CsvRow] | None:
    """The rows of the practices CSV named by ``pcsp_practices``, if any; raise
    :class:`ExtensionError` naming the file and every problem in it."""
    csv_path = practices_csv(project_dir, value)
    if csv_path is None:
        return None
    try:
        return read_practices(csv_path)
    except ContentError as exc:
        raise ExtensionError(f"pcsp: the practices file {csv_path} has problems; fix them and "
                             f"build again:\n{exc}") from None
    except OSError as exc:
        raise ExtensionError(f"pcsp: cannot read the practices file {csv_path}: "
                             f"{(exc.strerror or str(exc)).lower()}") from None


def practice_packs_view(rows: list[Any]) -> dict[str, Any]:
    """What the list of published packs shows: each practice, sorted by name."""
    practices = sorted((r.practice for r in rows), key=lambda p: (p.name.casefold(), p.ods_code))
    return {
        "title": word("practice-pack.list-title"),
        "practices": [{"name": p.name, "ods_code": p.ods_code, "postcode": postcode(p.address),
                       "town": p.address_lines[-2] if len(p.address_lines) > 1 else ""}
                      for p in practices],
    }


def practice_pack_pages(bundle: Project, practices: list[CsvRow] | None) -> list[PageView]:
    """The pack pages of a project, as page views: the form (if the project has pack wording)
    and the published packs (if checked practice rows are given)."""
    pages = []
    view = practice_pack_view(bundle)
    if view is not None:
        pages.append(PageView(PRACTICE_PACK, "practice-pack", "", view))
    if practices is not None:
        pages.append(PageView(PRACTICE_PACKS, "practice-packs", "",
                              practice_packs_view(practices)))
    return pages


# --- rendering -----------------------------------------------------------------------------

class _Preview:
    """Draws one preview document with the gaps shown ("[practice name]"); the script then
    redraws the same elements from the form, so both ways show the same wording."""

    def __init__(self, data: dict[str, Any]):
        self.wording: dict[str, Any] = data["wording"]
        self.used: set[str] = set()
        """The wording items drawn so far."""
        blanks = {f["field"]: f["blank"] for f in data["fields"]}
        self.blanks = blanks
        self.values = {p: blanks[k] for p, k in data["placeholders"].items()}
        self.service_blank = data["service_blank"]
        self.contact_lines: list[dict[str, Any]] = data["contact"]

    @classmethod
    def used_ids(cls, data: dict[str, Any]) -> dict[str, set[str]]:
        """The wording items the previews show: ``all`` of them, and those of the previews
        that are translated."""
        found: dict[str, set[str]] = {"all": set(), "translated": set()}
        for kind in PRINTS:
            preview = cls(data)
            getattr(preview, kind)()
            found["all"] |= preview.used
            if kind in TRANSLATED:
                found["translated"] |= preview.used
        return found

    def say(self, item_id: str) -> Any:
        """A wording item, noted as used."""
        self.used.add(item_id)
        return self.wording[item_id]

    def text(self, item_id: str, tag: str = "p", cls: str = "") -> html_element:
        return E(tag, fill_text(self.say(item_id), self.values), data_text=item_id,
                 class_=cls or None)

    def field(self, key: str, tag: str = "p", cls: str = "") -> html_element:
        return E(tag, self.blanks[key], data_field=key, class_=cls or None)

    def points(self, item_id: str, tag: str = "ul") -> html_element:
        return E(tag, *[E("li", fill_text(p, self.values)) for p in self.say(item_id)],
                 data_points=item_id)

    def entries(self, item_id: str) -> html_element:
        out = E("dl", data_entries=item_id)
        for entry in self.say(item_id):
            out += E("dt", fill_text(entry["title"], self.values))
            out += E("dd", fill_text(entry["text"], self.values))
        return out

    def services(self) -> html_element:
        s = self.service_blank
        return E("dl", E("dt", s["name"]), E("dd", f"{s['offers']} {s['contact']}"),
                 data_services="", class_="pcsp-pp-services")

    def contact(self) -> html_element:
        """The contact lines (content/definitions.json: contact_lines) with nothing typed yet:
        the gap of each line that is always shown; optional lines are left out."""
        out = E("dl", data_contact="", class_="pcsp-pp-contact")
        for line in self.contact_lines:
            if not line["optional"]:
                out += E("dt", self.say(line["label"]))
                out += E("dd", self.blanks[line["field"]])
        return out

    def languages(self) -> html_element:
        return E("p", self.say("shared-languages"), data_languages="", hidden=True)

    def unreviewed(self) -> html_element:
        """The note that a translation has not been reviewed: in English, for the practice's
        staff, as on the printed pack; shown by the script while a translation needs it."""
        self.used.add(UNREVIEWED)
        return E("p", self.wording[UNREVIEWED], data_unreviewed="", lang="en", dir="ltr",
                 class_="pcsp-pp-note", hidden=True)

    def poster(self) -> list[html_element]:
        return [self.text("poster-kicker", cls="pcsp-pp-kicker"),
                self.field("model_of_care_name", cls="pcsp-pp-big"),
                self.text("poster-subheading", cls="pcsp-pp-sub"),
                self.text("poster-who"), self.text("poster-change", cls="pcsp-pp-strong"),
                self.points("poster-steps", "ol"),
                self.text("poster-ask", cls="pcsp-pp-ask"),
                self.text("shared-formats", cls="pcsp-pp-small"), self.languages(),
                self.unreviewed()]

    def leaflet(self) -> list[html_element]:
        out = [self.field("name", cls="pcsp-pp-kicker"),
               self.field("model_of_care_name", cls="pcsp-pp-big"),
               self.text("leaflet-subtitle", cls="pcsp-pp-sub"), self.text("leaflet-intro"),
               self.text("leaflet-what-heading", cls="pcsp-pp-h"), self.points("leaflet-what")]
        for n in (1, 2, 3):
            out.append(E("div", self.text(f"leaflet-step{n}-heading", cls="pcsp-pp-h"),
                         self.text(f"leaflet-step{n}"), class_="pcsp-pp-step"))
        out += [self.text("leaflet-prepare-heading", cls="pcsp-pp-h"),
                self.points("leaflet-prepare"),
                E("div", self.text("leaflet-prompts-heading", cls="pcsp-pp-h"),
                  self.points("leaflet-prompts"), class_="pcsp-pp-box"),
                self.text("leaflet-after-heading", cls="pcsp-pp-h"), self.text("leaflet-after"),
                self.text("leaflet-services-heading", cls="pcsp-pp-h"),
                self.text("leaflet-services-intro"), self.services(),
                self.text("shared-contact-heading", cls="pcsp-pp-h"),
                self.field("name", cls="pcsp-pp-strong"), self.contact(),
                self.text("shared-formats"), self.languages(), self.unreviewed()]
        return out

    def script(self) -> list[html_element]:
        return [self.field("name", cls="pcsp-pp-kicker"),
                self.text("script-title", cls="pcsp-pp-big"),
                self.text("script-for", cls="pcsp-pp-sub"),
                self.text("script-name-heading", cls="pcsp-pp-h"), self.text("script-name"),
                self.text("script-invite-heading", cls="pcsp-pp-h"),
                self.points("script-invite"),
                self.text("script-book-heading", cls="pcsp-pp-h"), self.points("script-book"),
                self.text("script-faq-heading", cls="pcsp-pp-h"), self.entries("script-faq"),
                self.text("script-services-heading", cls="pcsp-pp-h"), self.services(),
                self.text("shared-contact-heading", cls="pcsp-pp-h"),
                self.field("name", cls="pcsp-pp-strong"), self.contact(),
                self.text("shared-formats"), self.languages()]


def wording_script(data: dict[str, Any]) -> nodes.raw:
    """The wording and form as JSON in a ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` are written as JSON escapes, so no text can end the element.
    """
    payload = {k: data[k] for k in ("wording", "fields", "placeholders", "placeholder_pattern",
                                     "service_blank", "services", "contact", "languages")
               if k in data}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    html = f'<script type="application/json" id="pcsp-pack-wording">{text}</script>\n'
    return nodes.raw("", html, format="html")


def language_choice(choices: dict[str, Any]) -> html_element:
    """The choice of the previews' language (English, each translation, Welsh and English
    side by side): part of the form, so shown only when the script runs."""
    field_id = f"pcsp-pp-{LANGUAGE_FIELD.removeprefix('pcsp-')}"
    select = E("select", id=field_id, name=LANGUAGE_FIELD, aria_describedby=f"{field_id}-hint")
    for n, (value, label) in enumerate(choices["choices"]):
        select += E("option", label, value=value, selected=n == 0)
    return E("p", E("label", choices["label"], for_=field_id), select,
             E("span", choices["hint"], id=f"{field_id}-hint", class_="pcsp-pp-hint"),
             class_="pcsp-field pcsp-pp-language")


def render_form(fields: list[dict[str, Any]],
                choices: dict[str, Any] | None = None) -> html_element:
    """The practice details form (shown once the script runs; it never sends anything), with
    the choice of language after the ODS code (which picks Welsh and English for Wales)."""
    form = E("form", class_="pcsp-pp-form", data_js_only="", hidden=True,
             aria_label=word("practice-pack.details"))
    services = None
    for f in fields:
        field_id = "pcsp-pp-" + f["field"].replace(".", "-").replace("_", "-")
        attrs: dict[str, Any] = {"id": field_id, "name": f["field"], "autocomplete": "off"}
        if f["hint"]:
            attrs["aria_describedby"] = f"{field_id}-hint"
        kind = f["attrs"]["type"]
        if kind == "textarea":
            control = E("textarea", rows="3", **attrs)
        else:
            control = E("input", **f["attrs"], **attrs)
        row = E("p", E("label", f["label"], for_=field_id), control, class_="pcsp-field")
        if f["hint"]:
            row += E("span", f["hint"], id=f"{field_id}-hint", class_="pcsp-pp-hint")
        if f.get("service"):
            if services is None:
                services = E("fieldset", E("legend", word("practice-pack.services-legend")),
                             class_="pcsp-pp-service-fields")
                form += services
            services += row
        else:
            form += row
        if f["field"] == "ods_code" and choices and len(choices["choices"]) > 1:
            form += language_choice(choices)
    return form


def render_practice_pack_page(page: Any, data: dict[str, Any]) -> nodes.section:
    """The "Make your practice pack" page: explanation, form, previews and print buttons.

    Each preview holds one part (``data-part``), drawn here in English; the script draws it
    again in the chosen language, or as two parts side by side (Welsh, then English)."""
    top = page.page_section("practice-pack", data["title"])
    root = E("div", class_="pcsp-practice-pack pcsp-interactive", data_pcsp_asset=ASSET)
    root += para(word("practice-pack.intro-js"), data_js_only="", hidden=True)
    root += para(word("practice-pack.intro-no-js"), data_no_js="")
    root += wording_script(data)
    details = page.section("practice-pack--details", word("practice-pack.details"),
                           item=False)
    details += render_form(data["fields"], data.get("languages"))
    root += details
    preview = _Preview(data)
    words = section_words("practice-pack")
    for kind in PRINTS:
        title = words["prints"][kind]
        sec = page.section(f"practice-pack--{kind}", title, item=False)
        sec += E("p", E("button", words["print-buttons"][kind], type="button",
                        data_print=kind), data_js_only="", hidden=True)
        sec += E("article", E("div", *getattr(preview, kind)(), class_="pcsp-pp-part",
                              data_part=""),
                 class_=f"pcsp-pp-doc pcsp-pp-{kind}", data_doc=kind,
                 aria_label=word("practice-pack.preview-label", title=title))
        root += sec
    top += root
    return top


def render_practice_packs_page(page: Any, data: dict[str, Any]) -> nodes.section:
    """The list of published packs: a plain table, filtered by the script as you type."""
    top = page.page_section("practice-packs", data["title"])
    up = "../" * page.docname.count("/")
    root = E("div", class_="pcsp-practice-packs pcsp-interactive", data_pcsp_asset=ASSET)
    words = section_words("practice-pack")
    root += para(words["list-intro"])
    root += E("p", E("label", words["find"], for_="pcsp-pp-filter"), " ",
              E("input", type="search", id="pcsp-pp-filter", autocomplete="off"),
              class_="pcsp-field", data_js_only="", hidden=True)
    root += E("p", class_="pcsp-pp-count", role="status", aria_live="polite", data_js_only="",
              hidden=True, data_words=words["showing"])
    body = E("tbody")
    for p in data["practices"]:
        folder = f"{up}{PACKS_DIR}/{p['ods_code']}/"
        search = " ".join((p["name"], p["ods_code"], p["postcode"],
                           p["postcode"].replace(" ", ""), p["town"])).casefold()
        body += E("tr", E("th", p["name"], scope="row"), E("td", p["ods_code"]),
                  E("td", p["postcode"]), E("td", p["town"]),
                  E("td", E("a", words["open"], href=f"{folder}index.html"), " ",
                    E("a", words["download"],
                      href=f"{folder}{p['ods_code']}-practice-pack.zip")),
                  data_search=search)
    root += E("table", E("caption", count("practice-pack.caption", len(data["practices"]))),
              E("thead", E("tr", *[E("th", h, scope="col") for h in words["columns"]])),
              body, class_="pcsp-pp-list")
    root += para(words["none"], class_="pcsp-pp-none", hidden=True)
    top += root
    return top


# --- building the published packs ----------------------------------------------------------

def build_published_packs(app: Sphinx, exception: Exception | None) -> None:
    """After a good HTML build, make the listed practices' packs in ``<outdir>/packs``.

    Without a practices CSV there are no published packs: a ``packs`` folder left from an
    earlier build is removed. Every problem is raised as an :class:`ExtensionError` with a
    plain message (the CSV's diagnostics, the rows whose packs failed), never as a crash.
    Packs whose inputs have not changed since the last build are not made again.
    """
    if exception is not None or app.builder.format != "html":
        return
    project_dir = Path(app.config.pcsp_project_dir)
    csv_path = practices_csv(project_dir, app.config.pcsp_practices)
    out = Path(app.outdir) / PACKS_DIR
    if csv_path is None:
        if out.is_symlink() or out.is_file():
            out.unlink()
        elif out.is_dir():
            shutil.rmtree(out)
        return
    rows = configured_practices(project_dir, app.config.pcsp_practices) or []
    outcomes = build_packs(rows, out, current_site(project_dir).bundle)
    failed = [o for o in outcomes if o.error]
    if failed:
        raise ExtensionError("pcsp: some practice packs could not be made; fix these rows of "
                             f"{csv_path} and build again:\n" + "\n".join(
                                 f"row {o.row} ({o.label}): {o.error}" for o in failed))
    wanted = {r.practice.ods_code for r in rows if r.practice is not None}
    for stale in sorted(out.iterdir()) if out.is_dir() else ():
        if stale.name in wanted:
            continue
        if stale.is_symlink() or stale.is_file():
            stale.unlink()
        elif stale.is_dir():
            shutil.rmtree(stale)
    made = sum(1 for o in outcomes if not o.skipped)
    logger.info("pcsp: %d practice pack(s) in %s (%d made, %d unchanged)", len(outcomes), out,
                made, len(outcomes) - made)


def add_pack_css(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                 doctree: nodes.document | None) -> None:
    """Add the pack pages' style sheet to the pages that show them."""
    if doctree is not None and ASSET in page_assets(doctree):
        app.add_css_file(f"{ASSET}.css")


def setup_practice_pack(app: Sphinx) -> None:
    """Register the pack pages' node and the pack build."""
    register_html_element(app)
    app.connect("html-page-context", add_pack_css)
    app.connect("build-finished", build_published_packs)
