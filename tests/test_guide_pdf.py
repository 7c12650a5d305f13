"""The guide as printable PDFs (issue 14): the whole guide, one stage, and each checklist left
empty, made from the content model with the pack engine (generator/packs/guide.py).

The PDFs are read back as a reader gets them: their text (pypdf), the size of every letter
(pdfplumber), their bookmarks, link annotations and named destinations, and their tags.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pdfplumber
import pypdf
import pytest

from generator.content.load import read_yaml
from generator.content.model import Guidance
from generator.content.project import Project, load_project
from generator.packs.guide import (
    blank_checklist_data,
    blank_checklist_pdf,
    guide_pdf,
    stage_pdf,
    write_guide_pdfs,
)
from generator.packs.render import Renderer, renderer_for
from generator.site.print_guide import print_words
from helpers import EPOCH, REPO, copy_project, edit, pcsp, squash

TEMPLATES = REPO / "_templates"
WORDS = print_words()  # in English, the interface language these tests build in
GUIDE_WORDS, CHECKLIST_WORDS = WORDS["guide"], WORDS["checklist"]
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)


@pytest.fixture(scope="module")
def project() -> Project:
    return load_project(REPO)


@pytest.fixture(scope="module")
def guidance(project: Project) -> Guidance:
    return project.require()


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return renderer_for(TEMPLATES, int(EPOCH))


@pytest.fixture(scope="module")
def whole(project: Project, renderer: Renderer) -> bytes:
    return guide_pdf(project, WORDS, renderer)


@pytest.fixture(scope="module")
def reader(whole: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(whole))


@pytest.fixture(scope="module")
def texts(reader: pypdf.PdfReader) -> list[str]:
    return pages_text(reader)


def pages_text(reader: pypdf.PdfReader) -> list[str]:
    """The text of each page (reading it is slow: read each PDF once)."""
    return [page.extract_text() for page in reader.pages]


def dest_pages(reader: pypdf.PdfReader) -> dict[str, int]:
    """Each named destination (an item's id) and the index of the page it is on."""
    return {name: reader.get_destination_page_number(dest)
            for name, dest in reader.named_destinations.items()}


def links(reader: pypdf.PdfReader, texts: list[str]) -> list[tuple[int, dict[str, Any]]]:
    """Every link to an item (by its id) after the contents: the index of the page it is on
    and its annotation."""
    found = []
    after = 1 + len(contents_pages(texts))
    for index, page in enumerate(reader.pages):
        if index < after:
            continue
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and isinstance(annot.get("/Dest"), str):
                found.append((index, annot))
    return found


CONTENTS_LINE = re.compile(r"^(?P<title>.+?)\s*(?:\.\s*)+(?P<page>\d+)\s*$")


def contents_pages(texts: list[str]) -> list[list[re.Match[str]]]:
    """The entries of each contents page (they follow the title page)."""
    assert texts[1].startswith(GUIDE_WORDS["contents"])
    pages = []
    for text in texts[1:]:
        lines = [m for m in map(CONTENTS_LINE.match, text.splitlines()) if m]
        if not lines:
            break
        pages.append(lines)
    return pages


def contents(texts: list[str]) -> list[tuple[str, int]]:
    """The contents pages' entries, in order: title and page number."""
    return [(m["title"].strip(), int(m["page"])) for page in contents_pages(texts)
            for m in page]


def structure_types(reader: pypdf.PdfReader) -> dict[str, int]:
    """How many elements of each type (/H1, /P, /Link...) the PDF's tag tree holds."""
    counts: dict[str, int] = {}

    def walk(node: Any) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "/S" in node:
                counts[node["/S"]] = counts.get(node["/S"], 0) + 1
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return counts


def stage_heading(stage: Any) -> str:
    return f"{GUIDE_WORDS['stage']} {stage.number}: {stage.title}"


# ---------------------------------------------------------------- the whole guide

def test_every_stage_and_activity_title_is_in_the_guide(guidance: Guidance,
                                                        texts: list[str]) -> None:
    text = squash("".join(texts))
    for stage in guidance.stages:
        assert squash(stage_heading(stage)) in text
        assert squash(stage.summary) in text
        for activity in stage.activities:
            assert squash(activity.title) in text, activity.id
            assert all(squash(step) in text for step in activity.steps), activity.id
    for item in (*guidance.success_factors, *guidance.npt_sub_constructs, *guidance.roles,
                 *guidance.house.components):
        assert squash(item.title) in text, item.id
    assert all(squash(term.term) in text and squash(term.definition) in text
               for term in guidance.glossary)


def test_contents_gives_the_page_each_heading_is_on(guidance: Guidance, reader: pypdf.PdfReader,
                                                    texts: list[str]) -> None:
    entries = contents(texts)
    where = dest_pages(reader)
    total = len(reader.pages)
    position = 0
    for stage in guidance.stages:
        for item_id, title in ((stage.id, stage_heading(stage)),
                               *((a.id, a.title) for a in stage.activities)):
            # The entries come in the order of the guide: look for this one after the last.
            found = next(i for i in range(position, len(entries)) if entries[i][0] == title)
            position = found + 1
            page = entries[found][1]
            assert squash(title) in squash(texts[page - 1]), (title, page)
            assert where[item_id] == page - 1, title  # the heading itself is on that page
            assert f"page {page} of {total}" in texts[page - 1]  # as the footer says


def test_headings_are_bookmarks(guidance: Guidance, reader: pypdf.PdfReader) -> None:
    def titles(outline: list[Any]) -> list[str]:
        return [t for entry in outline for t in (titles(entry) if isinstance(entry, list)
                                                 else [entry.title])]

    bookmarks = titles(reader.outline)
    wanted = [t for s in guidance.stages for t in (stage_heading(s),
                                                   *(a.title for a in s.activities))]
    assert [t for t in bookmarks if t in wanted] == wanted
    assert all(f.title in bookmarks for f in guidance.success_factors)


def test_activities_link_to_the_page_of_each_item_they_name(
        guidance: Guidance, reader: pypdf.PdfReader, texts: list[str]) -> None:
    where = dest_pages(reader)
    from_page: dict[int, set[str]] = {}
    for index, annot in links(reader, texts):
        from_page.setdefault(index, set()).add(annot["/Dest"])
    activities = guidance.activities
    for n, activity in enumerate(activities):
        first = where[activity.id]
        last = where[activities[n + 1].id] if n + 1 < len(activities) else first + 1
        linked = set().union(*(from_page.get(i, set()) for i in range(first, last + 1)))
        for tag in ("success_factors", "house", "npt", "roles"):
            assert set(getattr(activity, tag)) <= linked, (activity.id, tag)
        for factor_id in activity.success_factors:
            factor = guidance.get(factor_id)
            page = where[factor_id]
            # The factor is described on the page the link leads to, and the activity says
            # which page that is, for readers of the printed copy.
            assert squash(factor.title + factor.text) in squash(texts[page]), factor_id
            near = squash("".join(texts[first:last + 1]))
            assert squash(f"{factor.title} ({guidance.get(factor.level).title.lower()}) "
                          f"(page {page + 1})") in near, (activity.id, factor_id)


def test_a_link_covers_the_name_of_what_it_leads_to(
        guidance: Guidance, whole: bytes, reader: pypdf.PdfReader, texts: list[str]) -> None:
    checked = 0
    where = dest_pages(reader)
    with pdfplumber.open(io.BytesIO(whole)) as pdf:
        for index, annot in links(reader, texts):
            if len(annot.get("/QuadPoints", ())) > 8:
                continue  # a link broken over two lines: its rectangle holds other words
            x0, y0, x1, y1 = (float(v) for v in annot["/Rect"])
            page = pdf.pages[index]
            shown = squash(page.crop((x0, page.height - y1, x1, page.height - y0))
                           .extract_text())
            item = guidance.get(annot["/Dest"])
            assert squash(f"{item.title}") in shown, annot["/Dest"]
            assert squash(f"(page {where[annot['/Dest']] + 1})") in shown, annot["/Dest"]
            checked += 1
    assert checked > 100


def test_guide_is_tagged_titled_and_in_english(guidance: Guidance,
                                               reader: pypdf.PdfReader) -> None:
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"])
    assert str(root["/Lang"]).split("-")[0] == "en"
    assert reader.metadata.title == guidance.guide.title
    tags = structure_types(reader)
    assert tags.get("/H2", 0) >= len(guidance.stages) + len(guidance.npt_constructs)
    assert tags.get("/H3", 0) >= len(guidance.activities) + len(guidance.success_factors)
    assert tags.get("/TOC") and tags.get("/Link", 0) >= 100 and tags.get("/L")
    assert all(tuple(round(float(v)) for v in page.mediabox[2:]) == tuple(map(round, A4))
               for page in reader.pages)


def test_title_page_and_footers_give_the_version_and_dates(guidance: Guidance,
                                                           texts: list[str]) -> None:
    title_page = squash(texts[0])
    for label, value in (("Version", guidance.guide.version),
                         ("Published", "25 November 2026"),
                         ("Next review", "25 November 2027"),
                         ("Owner", guidance.guide.owner), ("Licence", guidance.guide.licence)):
        assert squash(label + value) in title_page, label
    assert guidance.guide.published == "2026-11-25"
    total = len(texts)
    assert total > 10
    for n, text in enumerate(texts[1:], 2):
        assert squash(f"{guidance.guide.title} · Version {guidance.guide.version}") in \
            squash(text), n
        assert f"page {n} of {total}" in text


# ---------------------------------------------------------------- one stage

@pytest.mark.parametrize("stage_id", ["set-up", "maintenance"])
def test_one_stage_holds_that_stage_only(guidance: Guidance, project: Project,
                                         renderer: Renderer, stage_id: str) -> None:
    reader = pypdf.PdfReader(io.BytesIO(stage_pdf(project, stage_id, WORDS, renderer)))
    texts = pages_text(reader)
    text = squash("".join(texts))
    stage = guidance.get(stage_id)
    assert squash(stage_heading(stage)) in squash(texts[0])
    assert all(squash(a.title) in text for a in stage.activities)
    for other in guidance.stages:
        if other.id != stage_id:
            assert squash(stage_heading(other)) not in text
            assert not any(squash(a.title) in text for a in other.activities), other.id
    # What it names is described in it (and only that), so every link leads somewhere.
    named = {i for a in stage.activities for i in (*a.success_factors, *a.house, *a.npt,
                                                   *a.roles)}
    where = dest_pages(reader)
    assert {annot["/Dest"] for _, annot in links(reader, texts)} == named
    assert named <= set(where)
    left_out = {f.id for f in guidance.success_factors} - named
    assert left_out and not any(squash(guidance.get(f).text) in text for f in left_out)
    assert reader.metadata.title.startswith(stage_heading(stage))
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    with pytest.raises(KeyError):
        stage_pdf(project, "no-such-stage", WORDS, renderer)


# ---------------------------------------------------------------- empty checklists

def test_each_checklist_prints_empty(project: Project, renderer: Renderer) -> None:
    assert len(project.checklists) >= 5
    for checklist in project.checklists:
        pdf = blank_checklist_pdf(project, checklist.id, WORDS, renderer)
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        assert reader.metadata.title == checklist.title
        assert "/StructTreeRoot" in reader.trailer["/Root"]
        text = squash("".join(pages_text(reader)))
        assert all(squash(item.text) in text for item in checklist.items), checklist.id
        # Nothing is printed but the checklist and the form's own words: no answers.
        data = blank_checklist_data(project, checklist.id, WORDS)
        known = [data["title"], data["checklist"]["intro"], data["checklist"]["audience"],
                 data["checklist"]["stage"] or "", data["guide"]["title"],
                 *CHECKLIST_WORDS.values(), *data["ratings"],
                 *(s.title for s in checklist.sections), *(i.text for i in checklist.items)]
        footer = f"{data['guide']['title']}, version {data['guide']['version']}"
        text = re.sub(r"page\d+of\d+", "", text)
        for words in sorted(map(squash, [footer, *known]), key=len, reverse=True):
            text = text.replace(words, "")
        left = re.sub(r"[·:]", "", text)
        assert left == "", (checklist.id, left[:200])
        # Legible on paper: no letter under 11 pt.
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            sizes = {round(c["size"], 1) for page in doc.pages for c in page.chars}
            assert min(sizes) >= 11, checklist.id
            # A box to tick for each rating of each item (and the items' rows hold nothing).
            boxes = [r for page in doc.pages for r in page.rects
                     if 5.5 * MM < r["width"] < 6.5 * MM and 5.5 * MM < r["height"] < 6.5 * MM]
            assert len(boxes) == len(checklist.items) * len(data["ratings"]), checklist.id


# ---------------------------------------------------------------- text stays text

HOSTILE = r"Form #set page(width: 1cm) $x^2$ <script>alert(1)</script> a\b *c* _d_ @e <f>"


def test_markup_in_the_content_prints_as_written(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    edit(root / "content" / "stages.yaml", "title: Form a steering group",
         f"title: '{HOSTILE}'")
    edit(root / "content" / "success-factors.yaml", "title: Knowing the setting",
         "title: 'Knowing #strong[the] $setting$ \\\\'")
    edit(root / "checklists" / "set-up.yaml",
         "text: One or more local clinical champions have agreed to lead and speak for the work.",
         f"text: '{HOSTILE}'")
    project = load_project(root)
    assert project.ok, project.diagnostics
    renderer = renderer_for(root / "_templates", int(EPOCH))
    reader = pypdf.PdfReader(io.BytesIO(guide_pdf(project, WORDS, renderer)))
    text = squash("".join(pages_text(reader)))
    assert squash(HOSTILE) in text
    assert squash("Knowing #strong[the] $setting$ \\\\ (steering group)") in text
    assert all(tuple(round(float(v)) for v in page.mediabox[2:]) == tuple(map(round, A4))
               for page in reader.pages)
    checklist = pypdf.PdfReader(io.BytesIO(blank_checklist_pdf(project, "set-up", WORDS, renderer)))
    assert squash(HOSTILE) in squash("".join(pages_text(checklist)))


# ---------------------------------------------------------------- the same every time

def test_same_input_gives_the_same_bytes(project: Project, whole: bytes) -> None:
    fresh = Renderer(TEMPLATES, int(EPOCH))  # a new compiler, nothing laid out yet
    assert guide_pdf(project, WORDS, fresh) == whole
    first = stage_pdf(project, "set-up", WORDS, fresh)
    assert stage_pdf(project, "set-up", WORDS, Renderer(TEMPLATES, int(EPOCH))) == first
    assert blank_checklist_pdf(project, "set-up", WORDS, fresh) == \
        blank_checklist_pdf(project, "set-up", WORDS, Renderer(TEMPLATES, int(EPOCH)))


def test_written_files_and_their_page_counts(project: Project, renderer: Renderer,
                                             whole: bytes, reader: pypdf.PdfReader,
                                             tmp_path: Path) -> None:
    made = write_guide_pdfs(project, tmp_path / "print", WORDS, renderer)
    names = {"guide.pdf", *(f"stage-{s.id}.pdf" for s in project.require().stages),
             *(f"checklist-{c.id}.pdf" for c in project.checklists)}
    assert set(made.written) == set(made.pages) == names
    assert {p.name for p in (tmp_path / "print").iterdir()} == names
    assert (tmp_path / "print" / "guide.pdf").read_bytes() == whole
    assert made.pages["guide.pdf"] == len(reader.pages)
    assert write_guide_pdfs(project, tmp_path / "print", WORDS, renderer).written == ()


# ---------------------------------------------------------------- the templates' examples

@pytest.mark.parametrize(("folder", "words"), [("guide", GUIDE_WORDS),
                                               ("checklist-blank", CHECKLIST_WORDS)])
def test_template_example_renders(renderer: Renderer, folder: str, words: dict) -> None:
    params = read_yaml(TEMPLATES / folder / "params.yaml").data
    example = params["example"]
    assert set(example["words"]) == set(words)  # the example keeps up with the Python
    assert set(params["parameters"]) == set(example)
    reader = pypdf.PdfReader(io.BytesIO(renderer.pdf(f"{folder}/{params['template']}",
                                                     example)))
    assert reader.metadata.title == example["title"]
    text = squash("".join(pages_text(reader)))
    assert "Example" in text and "/StructTreeRoot" in reader.trailer["/Root"]


# --- in the site -----------------------------------------------------------------------------

def print_links(page: Path) -> dict[str, str]:
    """The page's printable-version links: file name -> link text."""
    html = page.read_text(encoding="utf-8")
    nav = re.search(r'<nav class="pcsp-print"[^>]*>(.*?)</nav>', html, re.S)
    assert nav, page
    return {Path(href).name: text for href, text in
            re.findall(r'<a href="([^"]+)" download>([^<]+)</a>', nav.group(1))}


def pdf_pages(path: Path) -> int:
    return len(pypdf.PdfReader(path).pages)


def test_every_page_links_the_printable_guide_with_its_page_count(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    assert pcsp("build", str(root)).returncode == 0
    html = root / "_build" / "html"
    printed = html / "print"
    guide_pages = pdf_pages(printed / "guide.pdf")
    pages = sorted(html.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        links = print_links(page)
        assert links["guide.pdf"] == f"Download this guide (PDF, {guide_pages} pages)", page
    stage = print_links(html / "_generated" / "stages" / "set-up.html")
    assert stage["stage-set-up.pdf"] == \
        f"Download this stage (PDF, {pdf_pages(printed / 'stage-set-up.pdf')} pages)"
    checklist = print_links(html / "_generated" / "checklists" / "set-up.html")
    assert checklist["checklist-set-up.pdf"].startswith("Print this checklist blank")
    assert "stage-set-up.pdf" not in print_links(html / "index.html")

    # A build with nothing changed makes no PDF again; a longer glossary changes the guide's
    # page count on every page, as a clean build would show it.
    made = {p.name: p.stat().st_mtime_ns for p in printed.iterdir()}
    assert pcsp("build", str(root)).returncode == 0
    assert {p.name: p.stat().st_mtime_ns for p in printed.iterdir()} == made
    terms = "".join(f"  - id: extra-term-{n}\n    term: Extra term {n}\n    definition: "
                    f"{'A long explanation of a term. ' * 12}\n\n" for n in range(30))
    edit(root / "content" / "glossary.yaml", "terms:\n", "terms:\n" + terms)
    assert pcsp("build", str(root)).returncode == 0
    longer = pdf_pages(printed / "guide.pdf")
    assert longer > guide_pages
    for page in sorted(html.rglob("*.html")):
        assert print_links(page)["guide.pdf"] == \
            f"Download this guide (PDF, {longer} pages)", page
