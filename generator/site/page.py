"""The ``pcsp-page`` directive: draws one generated page from its view, as docutils nodes.

Every piece of content text becomes a ``nodes.Text`` (never parsed as markup), every item
gets one anchor (its id) recorded in the ``pcsp`` domain, and every link to an item is a
``pending_xref`` resolved by that domain. Anchors that are not items (layout headings)
contain ``--``, which a content id never does, so the two can never clash.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .changes import render_changes
from .checklist import render_checklist_page, render_checklists_index
from .domain import PcspDomain, item_xref
from .house_diagram import DIAGRAM_POSITIONS, house_diagram
from .pages import current_site
from .practice_pack import render_practice_pack_page, render_practice_packs_page
from .self_assessment import render_self_assessment_page
from .words import content_classes, word

Link = dict[str, Any]


def text_para(text: str, classes: Iterable[str] = (), *, interface: bool = False
              ) -> nodes.paragraph:
    """A paragraph showing ``text`` exactly as written: content text (marked as English when
    the interface is in another language), or the interface's own words (``interface``)."""
    marks = [] if interface else content_classes()
    return nodes.paragraph("", "", nodes.Text(text), classes=[*classes, *marks])


def bullet_list(texts: Iterable[str], enumerated: bool = False) -> nodes.Element:
    """A bullet (or numbered) list of plain-text items."""
    result = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".") if enumerated \
        else nodes.bullet_list()
    for text in texts:
        result += nodes.list_item("", text_para(text))
    return result


class _Page:
    """Builds the nodes of one page and records its anchors in the domain."""

    def __init__(self, directive: SphinxDirective):
        self.directive = directive
        self.docname = directive.env.docname
        self.document = directive.state.document
        self.domain: PcspDomain = directive.env.get_domain("pcsp")  # type: ignore[assignment]

    def section(self, anchor: str, title: str, *, item: bool = True,
                classes: Iterable[str] = ()) -> nodes.section:
        """A section titled ``title`` with id ``anchor`` (recorded as an item if ``item``)."""
        heading = nodes.title(title, title, classes=content_classes() if item else [])
        sec = nodes.section("", heading, ids=[anchor], classes=list(classes))
        self.document.set_id(sec)
        self.directive.set_source_info(sec)
        if item:
            self.note(anchor, title, sec)
        return sec

    def page_section(self, kind: str, title: str, item_id: str = "") -> nodes.section:
        """The page's top section; if the page is an item's own page, links go to its top."""
        sec = self.section(f"page--{kind}", title, item=False, classes=[f"pcsp-{kind}"])
        if item_id:
            self.note(item_id, title, sec, anchor="")
        return sec

    def note(self, item_id: str, title: str, node: nodes.Node,
             anchor: str | None = None) -> None:
        """Record that this page shows ``item_id`` (at ``anchor``, default the id itself)."""
        self.domain.note_item(item_id, self.docname, item_id if anchor is None else anchor,
                              title, node)

    def anchored(self, node: nodes.Element, item_id: str, title: str) -> nodes.Element:
        """Give ``node`` the anchor ``item_id`` and record it."""
        node["ids"].append(item_id)
        self.document.set_id(node)
        self.note(item_id, title, node)
        return node

    def xref(self, link: Link) -> addnodes.pending_xref:
        """A link to an item, showing its title."""
        return item_xref(link["id"], link["title"], self.docname)

    def links_para(self, links: list[Link]) -> nodes.paragraph:
        """A paragraph of comma-separated links."""
        para = nodes.paragraph()
        for i, link in enumerate(links):
            if i:
                para += nodes.Text(", ")
            para += self.xref(link)
        return para

    def doc_xref(self, link: Link) -> addnodes.pending_xref:
        """A link to a page (``doc``), showing its title."""
        ref = addnodes.pending_xref("", refdomain="std", reftype="doc",
                                    reftarget=f"/{link['doc']}", refexplicit=True,
                                    refwarn=True, refdoc=self.docname)
        ref += nodes.inline(link["title"], link["title"])
        return ref

    def mixed_links_list(self, links: list[Link]) -> nodes.bullet_list:
        """A bullet list of links to items (``id``) or pages (``doc`` only)."""
        result = nodes.bullet_list()
        for link in links:
            ref = self.xref(link) if "id" in link else self.doc_xref(link)
            result += nodes.list_item("", nodes.paragraph("", "", ref))
        return result

    def links_list(self, links: list[Link]) -> nodes.bullet_list:
        """A bullet list of links."""
        result = nodes.bullet_list()
        for link in links:
            result += nodes.list_item("", nodes.paragraph("", "", self.xref(link)))
        return result

    def fields(self, rows: list[tuple[str, nodes.Element | None]]) -> nodes.field_list:
        """A list of labelled values (a definition list in HTML), skipping empty ones."""
        result = nodes.field_list(classes=["pcsp-fields"])
        for label, body in rows:
            if body is None:
                continue
            result += nodes.field("", nodes.field_name(label, label), nodes.field_body("", body))
        return result

    def link_field(self, label: str, links: list[Link]) -> tuple[str, nodes.Element | None]:
        """A labelled list of links, or nothing if there are none."""
        return label, self.links_para(links) if links else None

    def toctree(self, docnames: list[str], *, hidden: bool) -> nodes.compound:
        """A toctree of the given pages (absolute docnames)."""
        tree = addnodes.toctree()
        tree["parent"] = self.docname
        tree["entries"] = [(None, d) for d in docnames]
        tree["includefiles"] = list(docnames)
        tree["maxdepth"] = 1
        tree["caption"] = None
        tree["glob"] = False
        tree["hidden"] = hidden
        tree["includehidden"] = False
        tree["numbered"] = 0
        tree["titlesonly"] = True
        self.directive.set_source_info(tree)
        return nodes.compound("", tree, classes=["toctree-wrapper"])


def render_index(page: _Page, data: dict[str, Any]) -> nodes.section:
    """The overview: summary, how to use the guide, guide details and contents."""
    top = page.page_section("index", data["title"])
    top += [text_para(t) for t in data["summary"]]
    for part in data["how_to_use"]:
        sec = page.section(part["id"], part["title"])
        sec += text_para(part["text"])
        if part["links"]:
            sec += page.mixed_links_list(part["links"])
        top += sec
    details = page.section("guide--details", word("pages.about-guide"), item=False)
    details += page.fields([(label, text_para(value)) for label, value in data["details"]])
    top += details
    contents = page.section("guide--contents", word("pages.in-this-guide"), item=False)
    contents += page.toctree(data["contents"], hidden=False)
    top += contents
    return top


def render_process(page: _Page, data: dict[str, Any]) -> nodes.section:
    """The PCSP process, step by step."""
    top = page.page_section("process", data["title"])
    top += [text_para(t) for t in data["intro"]]
    for step in data["steps"]:
        sec = page.section(step["id"], step["title"], classes=["pcsp-process-step"])
        sec += text_para(step["summary"])
        sec += page.fields([(word("pages.what-happens"), bullet_list(step["what_happens"])),
                            page.link_field(word("pages.who"), step["roles"])])
        top += sec
    return top


def house_diagram_node(page: _Page, data: dict[str, Any]) -> house_diagram:
    """The diagram node with its text alternative: the parts, top to bottom, linked."""
    components = {c["id"]: c for c in data["components"]}
    centre = data["centre"]
    labels = {part: components[part]["label"] for part in DIAGRAM_POSITIONS if part in components}
    labels["centre"] = centre["title"]
    serial = page.directive.env.new_serialno("pcsp-house")
    diagram = house_diagram("", diagram_id=f"pcsp-house-{serial}", title=data["title"],
                            labels=labels)
    diagram += text_para(word("pages.house-parts"), interface=True)
    parts = nodes.enumerated_list(enumtype="arabic", prefix="", suffix=".")
    for part in DIAGRAM_POSITIONS:
        if part == "centre":
            ref = addnodes.pending_xref("", refdomain="std", reftype="doc",
                                        reftarget=f"/{centre['process']['doc']}",
                                        refexplicit=True, refwarn=True, refdoc=page.docname)
            ref += nodes.inline(centre["title"], centre["title"])
        elif part in components:
            ref = page.xref({"id": part, "title": components[part]["title"]})
        else:
            continue
        parts += nodes.list_item("", nodes.paragraph("", "", ref), pcsp_part=part)
    diagram += parts
    return diagram


def render_house(page: _Page, data: dict[str, Any]) -> nodes.section:
    """The House of Care: diagram, centre, the four parts and the model of care."""
    top = page.page_section("house-of-care", data["title"])
    top += house_diagram_node(page, data)
    top += [text_para(t) for t in data["intro"]]
    centre = data["centre"]
    sec = page.section("house--centre", centre["title"], item=False)
    sec += text_para(centre["summary"])
    sec += page.fields([(word("pages.see"),
                         nodes.paragraph("", "", page.doc_xref(centre["process"])))])
    top += sec
    for component in data["components"]:
        sec = page.section(component["id"], component["title"], classes=["pcsp-house-part"])
        sec += text_para(component["summary"])
        sec += page.fields([(word("pages.what-it-needs"), bullet_list(component["needs"])),
                            (word("pages.activities-that-build"),
                             page.links_list(component["activities"])
                             if component["activities"] else None)])
        top += sec
    moc = data["model_of_care"]
    sec = page.section("house--model-of-care", moc["title"], item=False)
    sec += text_para(moc["intro"])
    for question in moc["questions"]:
        sub = page.section(question["id"], question["question"])
        sub += bullet_list(question["prompts"])
        sec += sub
    top += sec
    return top


def render_stages(page: _Page, data: dict[str, Any]) -> nodes.section:
    """The stages at a glance, each linked to its page with its activities."""
    top = page.page_section("stages", data["title"])
    top += [text_para(t) for t in data["intro"]]
    overview = nodes.bullet_list(classes=["pcsp-stage-list"])
    for stage in data["stages"]:
        item = nodes.list_item()
        item += nodes.paragraph("", "", nodes.strong("", "", page.xref(stage["link"])))
        item += text_para(stage["summary"])
        item += page.links_list(stage["activities"])
        overview += item
    top += overview
    top += page.toctree(data["contents"], hidden=True)
    return top


def render_stage(page: _Page, data: dict[str, Any]) -> nodes.section:
    """One stage: each activity with its steps, who does it and what it builds and supports."""
    top = page.page_section("stage", data["title"], item_id=data["id"])
    top += text_para(data["summary"])
    for activity in data["activities"]:
        sec = page.section(activity["id"], activity["title"], classes=["pcsp-activity"])
        sec += text_para(activity["summary"])
        if activity["steps"]:
            sec += bullet_list(activity["steps"], enumerated=True)
        sec += page.fields([page.link_field(word("pages.who"), activity["roles"]),
                            page.link_field(word("pages.builds"), activity["house"]),
                            page.link_field(word("pages.supports"), activity["success_factors"]),
                            page.link_field(word("pages.npt"), activity["npt"])])
        top += sec
    return top


def render_success_factors(page: _Page, data: dict[str, Any]) -> nodes.section:
    """Success factors by level, each with the activities that support it."""
    top = page.page_section("success-factors", data["title"])
    top += [text_para(t) for t in data["intro"]]
    for level in data["levels"]:
        sec = page.section(level["id"], level["title"])
        sec += text_para(level["summary"])
        for factor in level["factors"]:
            sub = page.section(factor["id"], factor["title"], classes=["pcsp-success-factor"])
            sub += text_para(factor["text"])
            sub += page.fields([(word("pages.supported-by"),
                                 page.links_list(factor["activities"])
                                 if factor["activities"] else None)])
            sec += sub
        top += sec
    return top


def render_npt(page: _Page, data: dict[str, Any]) -> nodes.section:
    """The NPT constructs with their sub-constructs, problems, remedies and activities."""
    top = page.page_section("npt", data["title"])
    top += [text_para(t) for t in data["intro"]]
    for construct in data["constructs"]:
        cid = construct["id"]
        title = f"{construct['title']}: {construct['plain_title']}"
        sec = page.section(cid, title, classes=["pcsp-npt-construct"])
        sec += text_para(construct["question"], classes=["pcsp-question"])
        sec += text_para(construct["summary"])
        sub = page.section(f"{cid}--sub-constructs", word("pages.sub-constructs"), item=False)
        for sc in construct["sub_constructs"]:
            item = page.section(sc["id"], sc["title"], classes=["pcsp-npt-sub-construct"])
            item += text_para(sc["definition"])
            sub += item
        sec += sub
        for key, heading in (("typical_problems", word("pages.typical-problems")),
                             ("what_helps", word("pages.what-helps"))):
            sub = page.section(f"{cid}--{key.replace('_', '-')}", heading, item=False)
            points = nodes.bullet_list()
            for point in construct[key]:
                points += page.anchored(nodes.list_item("", text_para(point["text"])),
                                        point["id"], point["text"])
            sub += points
            sec += sub
        if construct["activities"]:
            sub = page.section(f"{cid}--activities", word("pages.activities"), item=False)
            sub += page.links_list(construct["activities"])
            sec += sub
        top += sec
    return top


def render_roles(page: _Page, data: dict[str, Any]) -> nodes.section:
    """Everyone involved, each linked to their own page."""
    top = page.page_section("roles", data["title"])
    top += [text_para(t) for t in data["intro"]]
    roles = nodes.bullet_list(classes=["pcsp-role-list"])
    for role in data["roles"]:
        roles += nodes.list_item("", nodes.paragraph("", "", page.xref(role["link"])),
                                 text_para(role["summary"]))
    top += roles
    top += page.toctree(data["contents"], hidden=True)
    return top


def render_role(page: _Page, data: dict[str, Any]) -> nodes.section:
    """One role: what it means for them and everything they are involved in."""
    top = page.page_section("role", data["title"], item_id=data["id"])
    top += text_para(data["summary"])
    sec = page.section("role--what-this-means", word("pages.what-this-means"), item=False)
    sec += bullet_list(data["what_this_means"])
    top += sec
    if data["process_steps"]:
        sec = page.section("role--process", word("pages.in-the-process"), item=False)
        sec += page.links_list(data["process_steps"])
        top += sec
    if data["stages"]:
        sec = page.section("role--activities", word("pages.activities-by-stage"), item=False)
        groups = nodes.bullet_list()
        for group in data["stages"]:
            groups += nodes.list_item(
                "", nodes.paragraph("", "", nodes.strong("", "", page.xref(group["stage"]))),
                page.links_list(group["activities"]))
        sec += groups
        top += sec
    return top


def render_glossary(page: _Page, data: dict[str, Any]) -> nodes.section:
    """The glossary as a definition list."""
    top = page.page_section("glossary", data["title"])
    terms = nodes.definition_list(classes=["pcsp-glossary"])
    for t in data["terms"]:
        term = page.anchored(nodes.term(t["term"], t["term"]), t["id"], t["term"])
        terms += nodes.definition_list_item(
            "", term, nodes.definition("", text_para(t["definition"])))
    top += terms
    return top


def _table(columns: list[str], rows: list[list[str]]) -> nodes.table:
    """A simple table with a header row."""
    group = nodes.tgroup(cols=len(columns))
    group += [nodes.colspec(colwidth=1) for _ in columns]

    def row(cells: list[str]) -> nodes.row:
        return nodes.row("", *[nodes.entry("", text_para(c)) for c in cells])

    group += nodes.thead("", row(columns))
    group += nodes.tbody("", *[row(r) for r in rows])
    return nodes.table("", group, classes=["pcsp-content-reference"])


def render_content_reference(page: _Page, data: dict[str, Any]) -> nodes.section:
    """One table per content file: its fields, types and what they hold."""
    top = page.page_section("content-reference", data["title"])
    if not data["files"]:
        top += text_para(word("pages.no-content-reference"), interface=True)
    for entry in data["files"]:
        anchor = "file--" + nodes.make_id(entry["file"])
        sec = page.section(anchor, entry["file"], item=False)
        if entry["description"]:
            sec += text_para(entry["description"])
        sec += _table(data["columns"], entry["rows"])
        top += sec
    return top


RENDERERS: dict[str, Callable[[_Page, dict[str, Any]], nodes.section]] = {
    "index": render_index,
    "process": render_process,
    "house-of-care": render_house,
    "stages": render_stages,
    "stage": render_stage,
    "success-factors": render_success_factors,
    "npt": render_npt,
    "roles": render_roles,
    "role": render_role,
    "glossary": render_glossary,
    "content-reference": render_content_reference,
    "checklists": render_checklists_index,
    "checklist": render_checklist_page,
    "self-assessment": render_self_assessment_page,
    "changes": render_changes,
    "practice-pack": render_practice_pack_page,
    "practice-packs": render_practice_packs_page,
}


class PageDirective(SphinxDirective):
    """Draw a generated guide page: ``{pcsp-page} stage set-up``.

    Emits one section (the page) holding titled subsections, one per item::

        <section ids="page--stage"><title>Stage 1: Set-up
            <paragraph>...
            <section ids="form-steering-group"><title>Form a steering group ...
    """

    required_arguments = 1
    optional_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        """Find this page's view and draw it."""
        kind = self.arguments[0]
        item_id = self.arguments[1] if len(self.arguments) > 1 else ""
        if kind not in RENDERERS:
            raise self.error(f"unknown pcsp page kind '{kind}'; "
                             f"use one of: {', '.join(sorted(RENDERERS))}")
        view = current_site(Path(self.config.pcsp_project_dir)).page(kind, item_id)
        if view is None:
            raise self.error(f"no pcsp page '{kind} {item_id}' in the content")
        return [RENDERERS[kind](_Page(self), view.data)]


def setup_page(app: Sphinx) -> None:
    """Register the ``pcsp-page`` directive."""
    app.add_directive("pcsp-page", PageDirective)
