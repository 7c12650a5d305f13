"""The practice's contact lines are defined once (content/definitions.json: contact_lines) and
every document shows them from that one definition: the printed pack (Typst), the website text
(Jinja), and the guide's live preview (server-rendered and in the browser)."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pypdf
import pytest
import yaml
from bs4 import BeautifulSoup

from generator.content.definitions import contact_label_ids, contact_lines, definitions
from generator.content.load import read_yaml
from generator.content.project import load_project
from generator.packs.pack import PackBuilder, contact_data, render_text, required_text_ids
from generator.packs.profile import load_practice
from generator.packs.render import renderer_for
from generator.site.practice_pack import _Preview, practice_pack_view, wording_script

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "_templates"
EXAMPLE = ROOT / "examples" / "practice.yaml"
EPOCH = 1764028800  # 2025-11-25T00:00:00Z
WORDING = {item["id"]: item for doc in read_yaml(ROOT / "content" / "patient-materials.yaml")
           .data["documents"] for item in doc["items"]}
PREVIEW_SOURCES = (ROOT / "generator" / "site" / "practice_pack.py",
                   ROOT / "generator" / "site" / "static" / "practice-pack.js")
HOSTILE_ADDRESS = "1 <b>Mill</b> Lane #set text(red) {phone}\nNewtown\nNT1 2AB"


def squash(text: str) -> str:
    """Text without any whitespace (or the break hints in very long words)."""
    return "".join(text.replace("\u200b", "").split())


def pdf_text(data: bytes | Path) -> str:
    source = io.BytesIO(data) if isinstance(data, bytes) else data
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(source).pages)


def wording_ids_used(path: Path) -> set[str]:
    """Wording ids a file names: t("...") and other quoted ids in Typst, text['...'] in Jinja,
    quoted ids in the preview's Python and script."""
    source = path.read_text(encoding="utf-8")
    if path.suffix == ".j2":
        found = set(re.findall(r"text\[['\"]([^'\"]+)['\"]\]", source))
    else:
        found = set(re.findall(r"[\"']([a-z0-9]+(?:-[a-z0-9]+)+)[\"']", source))
    return found & set(WORDING)


def template_files() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in (".typ", ".j2"))


def identity_texts() -> dict[str, str]:
    """Wording where each item's text is its own id, so what a document shows names the ids."""
    return {item_id: item_id for item_id in WORDING}


def contact_rows(element) -> list[tuple[str, str]]:
    """(label, value) of each line of a ``<dl>``: a preview element or a BeautifulSoup tag."""
    if hasattr(element, "find_all"):
        cells = [c.get_text() for c in element.find_all(["dt", "dd"])]
    else:
        cells = [c.astext() for c in element.children]
    return list(zip(cells[::2], cells[1::2], strict=True))


@pytest.fixture(scope="module")
def builder() -> PackBuilder:
    return PackBuilder(load_project(ROOT))


@pytest.fixture(scope="module")
def no_email_pack(tmp_path_factory: pytest.TempPathFactory, builder: PackBuilder) -> Path:
    """A practice with no email and no website (and an address full of markup)."""
    tmp = tmp_path_factory.mktemp("no-email")
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    del data["email"], data["website"]
    data.update(ods_code="E00001", address=HOSTILE_ADDRESS)
    path = tmp / "practice.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    practice = load_practice(path)
    assert practice.email is None and practice.website is None
    return builder.build(practice, tmp / "out").folder


# --- one definition -----------------------------------------------------------------------

def test_the_definition_names_wording_labels_and_form_fields() -> None:
    lines = contact_lines()
    assert [line["label"] for line in lines] == list(contact_label_ids())
    assert [line["field"] for line in lines] == ["phone", "email", "website", "address"]
    assert [line["optional"] for line in lines] == [False, True, True, False]
    form = {f["field"] for f in definitions()["practice_form"]}
    for line in lines:
        assert WORDING[line["label"]]["text"], line["label"]
        assert line["field"] in form
    # The pack needs the labels' wording (pcsp validate reports it missing otherwise).
    needed = required_text_ids(ROOT)
    assert all(needed[label] == "text" for label in contact_label_ids())


def test_no_template_or_preview_names_a_contact_label() -> None:
    labels = set(contact_label_ids())
    files = [*template_files(), *PREVIEW_SOURCES]
    assert any(p.name == "pack.typ" for p in files) and any(p.suffix == ".j2" for p in files)
    for path in files:
        assert not wording_ids_used(path) & labels, path
        assert not any(label in path.read_text(encoding="utf-8") for label in labels), path
    for params in TEMPLATES.glob("*/params.yaml"):
        assert not set(read_yaml(params).data.get("text_ids") or {}) & labels, params
    # Each template that shows the contact lines takes them from the one data list.
    common = (TEMPLATES / "common" / "pack.typ").read_text(encoding="utf-8")
    assert "{ data.contact }" in common and ".map(line => (strong(line.label)," in common
    # (a bilingual page passes each language's own list of the same lines)
    for name in ("website.html.j2", "website.txt.j2"):
        assert "{% for line in contact %}" in (TEMPLATES / "website" / name).read_text("utf-8")
    script = PREVIEW_SOURCES[1].read_text(encoding="utf-8")
    assert "data.contact" in script and "wording[line.label]" in script


def test_pack_typst_website_and_preview_show_the_same_labels() -> None:
    """With wording whose text is its own id, every document shows the definition's ids."""
    ids = list(contact_label_ids())
    always = [(line["label"], line["field"]) for line in contact_lines() if not line["optional"]]
    practice = load_practice(EXAMPLE)
    assert practice.email and practice.website
    contact = contact_data(practice, identity_texts())
    assert [row["label"] for row in contact] == ids
    # The website templates.
    example = read_yaml(TEMPLATES / "website" / "params.yaml").data["example"]
    data = {**example, "contact": contact}
    html = render_text(TEMPLATES, "website/website.html.j2", data).decode()
    contact_list = BeautifulSoup(html, "html.parser").find_all("dl")[-1]
    assert [label for label, _ in contact_rows(contact_list)] == ids
    text = render_text(TEMPLATES, "website/website.txt.j2", data).decode()
    assert [line.split(":")[0] for line in text.splitlines() if line.startswith("shared-")] == ids
    # The Typst templates (the leaflet uses common/pack.typ: contact-lines; the staff script,
    # which speaks to staff, has no "Contact us" block).
    renderer = renderer_for(TEMPLATES, EPOCH)
    for folder in ("leaflet",):
        example = read_yaml(TEMPLATES / folder / "params.yaml").data["example"]
        shown = squash(pdf_text(renderer.pdf(f"{folder}/{folder}.typ",
                                             {**example, "contact": contact})))
        positions = [shown.find(label) for label in ids]
        assert -1 not in positions and positions == sorted(positions), folder
    # The guide's preview: the page's JSON carries the definition, the server-rendered
    # preview (no script yet, nothing typed) shows the lines that are always there.
    view = practice_pack_view(load_project(ROOT))
    assert view is not None and view["contact"] == contact_lines()
    payload = wording_script(view).astext().split(">", 1)[1].rsplit("</script>", 1)[0]
    assert json.loads(payload)["contact"] == contact_lines()
    preview = _Preview({**view, "wording": identity_texts()})
    blanks = {f["field"]: f["blank"] for f in view["fields"]}
    assert contact_rows(preview.contact()) == [(label, blanks[field]) for label, field in always]


def test_printed_contact_keeps_the_phone_number_on_one_line() -> None:
    practice = load_practice(EXAMPLE)
    texts = {label: WORDING[label]["text"] for label in contact_label_ids()}
    web = {row["field"]: row for row in contact_data(practice, texts)}
    printed = {row["field"]: row for row in contact_data(practice, texts, for_print=True)}
    assert web["phone"]["value"] == "01632 960000"
    assert printed["phone"]["value"] == "01632\u00a0960000"
    assert web["phone"]["href"] == "tel:01632960000"
    assert web["email"]["href"] == "mailto:" + practice.email
    assert web["website"]["href"] == practice.website
    assert web["address"] == {"field": "address", "label": "Address", "href": None,
                              "value": ", ".join(practice.address_lines)}


# --- a practice with no email or website -----------------------------------------------------

def test_no_email_or_website_lines_on_the_website(no_email_pack: Path) -> None:
    label = {line["field"]: WORDING[line["label"]]["text"] for line in contact_lines()}
    address = "1 <b>Mill</b> Lane #set text(red) {phone}, Newtown, NT1 2AB"
    html = (no_email_pack / "website.html").read_text(encoding="utf-8")
    assert "mailto:" not in html and "<b>" not in html
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find("b") is None
    assert contact_rows(soup.find_all("dl")[-1]) == [(label["phone"], "01632 960000"),
                                                      (label["address"], address)]
    text = (no_email_pack / "website.txt").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = lines.index("Riverside Health Centre")
    assert lines[start:start + 4] == ["Riverside Health Centre",
                                      f"{label['phone']}: 01632 960000",
                                      f"{label['address']}: {address}", ""]
    assert not any(line.startswith((f"{label['email']}:", f"{label['website']}:"))
                   for line in lines)


@pytest.mark.parametrize("name", ["leaflet.pdf"])
def test_no_email_or_website_lines_in_the_pdfs(no_email_pack: Path, name: str) -> None:
    label = {line["field"]: WORDING[line["label"]]["text"] for line in contact_lines()}
    example = load_practice(EXAMPLE)
    text = squash(pdf_text(no_email_pack / name))
    address = "1 <b>Mill</b> Lane #set text(red) {phone}, Newtown, NT1 2AB"
    # Phone then address, with nothing between them, and no email or website anywhere.
    assert squash(f"{label['phone']} 01632 960000 {label['address']} {address}") in text
    assert squash(example.email) not in text and squash(example.website) not in text
    assert squash(f"{label['email']} {example.email}") not in text
