"""The ``pcsp-checklist`` directive: a complete, printable checklist that JS makes interactive.

The directive emits a tree of :class:`html_element` nodes (one per HTML tag) around ordinary
docutils text, paragraph and link nodes, so every piece of content text is escaped by the
HTML writer and links are resolved by the ``pcsp`` domain. Only the HTML builders write it;
other builders skip it. The page works, and prints, without JavaScript: each item has its
text, guidance, links and a fieldset of rating radio buttons with plan fields.
``checklist.js`` adds saving in the browser, progress, export/import and sharing::

    <html_element tag="div" class="pcsp-checklist" data-checklist-id=...>
        <html_element tag="section" class="pcsp-checklist-section">
            <html_element tag="h2"> ...
            <html_element tag="ol"><html_element tag="li" class="pcsp-checklist-item" ...> ...
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..content.definitions import definitions
from ..content.diagnostics import did_you_mean
from ..content.model import Checklist, Guidance
from .domain import item_xref
from .html import E, html_element, labelled_input, page_assets, para, register_html_element
from .pages import current_site, display_title, generated_source
from .words import content_lang, count, labels, section_words, word

SCRIPT_WORDS = ("dates", "common", "checklist_script")
"""The sections of the interface words (``locale/<language>.json``) checklist.js uses."""

COMMON_SCRIPT = "pcsp-common.js"
"""Helpers shared by the checklist and self-assessment scripts (``window.pcsp``)."""
SCRIPTED = {"checklist", "self-assessment"}
"""Assets whose scripts use :data:`COMMON_SCRIPT`."""


def links(refs: list[dict[str, str]], docname: str) -> nodes.inline:
    """Comma-separated links to guide items, each showing the item's title.

    Links sit in an ``inline`` because Sphinx writes references only inside text elements.
    """
    out = nodes.inline()
    for n, ref in enumerate(refs):
        if n:
            out += nodes.Text(", ")
        out += item_xref(ref["id"], ref["title"], docname)
    return out


def doc_link(docname: str, title: str, fromdoc: str) -> nodes.inline:
    """A link to another page of the site, showing ``title``."""
    ref = addnodes.pending_xref("", refdomain="std", reftype="doc", reftarget=f"/{docname}",
                                refexplicit=True, refwarn=True, refdoc=fromdoc)
    ref += nodes.inline(title, title)
    return nodes.inline("", "", ref)


def _link(project: Guidance, item_id: str) -> dict[str, str]:
    return {"id": item_id, "title": display_title(project.get(item_id))}


def renamed_to_current(renamed: dict[str, str]) -> dict[str, str]:
    """Each old item id with the id the item has now (following ``a -> b -> c`` to ``c``;
    the validator refuses circles)."""
    current = {}
    for old, new in sorted(renamed.items()):
        seen = {old}
        while new in renamed and new not in seen:
            seen.add(new)
            new = renamed[new]
        current[old] = new
    return current


def checklist_view(checklist: Checklist, project: Guidance) -> dict[str, Any]:
    """What a checklist page shows, as JSON-able data (the page's only input).

    ``version`` (the guide's) is kept with each rating made on the page; ``renamed`` (old item
    id: new id) lets ratings saved under an old id follow the item."""
    return {
        "id": checklist.id, "title": checklist.title, "version": project.guide.version,
        "renamed": renamed_to_current(checklist.renamed_items),
        "audience": labels("checklist_audiences")[checklist.audience],
        "stage": _link(project, checklist.stage) if checklist.stage else None,
        "intro": checklist.intro,
        "sections": [{"id": s.id, "title": s.title, "items": [
            {"id": i.id, "text": i.text, "hash": i.text_hash, "why": i.why, "how": i.how,
             "refs": [_link(project, r) for r in i.refs]} for i in s.items]}
            for s in checklist.sections],
    }


def checklists_index_view(checklists: tuple[Checklist, ...], project: Guidance,
                          docs: dict[str, str], self_assessment_doc: str) -> dict[str, Any]:
    """What the checklists overview page shows: each checklist's page, audience and stage."""
    return {
        "title": word("checklist.index-title"),
        "checklists": [{"doc": docs[c.id], "title": c.title,
                        "audience": labels("checklist_audiences")[c.audience],
                        "stage": _link(project, c.stage)["title"] if c.stage else None,
                        "items": len(c.items)} for c in checklists],
        "self_assessment": self_assessment_doc,
        "contents": [docs[c.id] for c in checklists],
    }


def render_item(checklist_id: str, item: dict[str, Any], docname: str) -> html_element:
    """One checklist item: its fieldset with ratings, guidance, links and plan fields."""
    base = f"pcsp-{checklist_id}-{item['id']}"
    choices = E("div", *[
        E("label", E("input", type="radio", name=base, value=value), f" {label}")
        for value, label in labels("checklist_ratings").items()], class_="pcsp-choices")
    fieldset = E("fieldset", E("legend", E("span", item["text"], class_="pcsp-item-text",
                                           **content_lang())),
                 choices)
    if item["why"]:
        fieldset += E("details", E("summary", word("checklist.why")),
                      para(item["why"], **content_lang()),
                      class_="pcsp-why")
    if item["how"]:
        fieldset += E("details", E("summary", word("checklist.how")),
                      para(item["how"], **content_lang()),
                      class_="pcsp-how")
    if item["refs"]:
        fieldset += E("p", word("checklist.in-the-guide"), links(item["refs"], docname),
                      class_="pcsp-refs")
    field_labels = labels("checklist_plan_fields")
    fieldset += E("div", *[
        labelled_input(f"{base}-{f['id']}", field_labels[f["id"]], type=f["type"],
                       data_field=f["id"],
                       autocomplete="off", **(date_limits() if f["type"] == "date" else {}))
        for f in definitions()["checklist_plan_fields"]], class_="pcsp-item-plan")
    return E("li", fieldset, class_="pcsp-checklist-item", id=f"item-{item['id']}",
             data_item_id=item["id"], data_item_hash=item["hash"])


def date_limits() -> dict[str, str]:
    """The earliest and latest date a date field takes (``definitions.json``: date_limits);
    the scripts refuse, with a message, any date outside them."""
    return dict(definitions()["date_limits"])


def site_data(config: Any, version: str = "") -> dict[str, Any]:
    """Where the whole site's folder is, relative to this version's (``../`` when versions are
    published side by side), this page's guide version and every published version, newest
    first. The scripts keep saved data per site folder."""
    info = config.pcsp_versions or {}
    return {"root": "../" if info else "", "version": version,
            "versions": [v["version"] for v in info.get("versions", ())]}


def script_words(*sections: str) -> dict[str, Any]:
    """The interface words a page's script uses, by section, in the guide's language."""
    return {name: section_words(name) for name in sections}


def json_attr(value: Any) -> str:
    """Compact JSON for a ``data-`` attribute (escaped when written)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def progress(text_id: str, total: int, text_class: str, **attrs: Any) -> list[html_element]:
    """A status text and the ``<progress>`` it labels."""
    return [E("span", word("checklist.progress-start", total=total), id=text_id,
              class_=text_class, **attrs),
            E("progress", max=str(max(total, 1)), value="0", aria_labelledby=text_id)]


def toolbar(base: str, actions: list[tuple[str, str]], import_label: str,
            group_label: str) -> html_element:
    """Buttons shown only when JS runs, plus a labelled file input for importing;
    ``group_label`` names the group by what its buttons do (and nothing they do not)."""
    bar = E("div", role="group", aria_label=group_label, class_="pcsp-toolbar",
            data_js_only="", hidden=True)
    for action, label in actions:
        bar += E("button", label, type="button", data_action=action)
    bar += E("span", E("label", import_label, for_=f"{base}-import"), " ",
             E("input", type="file", id=f"{base}-import", accept=".json,application/json",
               data_action="import"), class_="pcsp-import")
    return bar


def messages() -> list[html_element]:
    """The polite status line and the problem list that import and sharing report into."""
    return [E("p", class_="pcsp-message", role="status", aria_live="polite", tabindex="-1"),
            E("div", class_="pcsp-problems", tabindex="-1", hidden=True)]


def render_checklist(data: dict[str, Any], docname: str, site: dict[str, Any]) -> html_element:
    """The whole checklist as a tree of nodes: readable, usable and printable without JS.

    ``site`` is :func:`site_data`: where the site's folder is and which version this is."""
    cid = data["id"]
    base = f"pcsp-{cid}"
    rating_labels = labels("checklist_ratings")
    ratings = [{"id": r["id"], "label": rating_labels[r["id"]], "code": r["code"]}
               for r in definitions()["checklist_ratings"]]
    root = E("div", class_="pcsp-checklist pcsp-interactive", data_checklist_id=cid,
             data_pcsp_definitions=json_attr(
                 {"ratings": ratings,
                  "fields": [f["id"] for f in definitions()["checklist_plan_fields"]],
                  "field_labels": labels("checklist_plan_fields"),
                  "dates": date_limits(), "renamed": data.get("renamed", {})}),
             data_pcsp_words=json_attr(script_words(*SCRIPT_WORDS)),
             data_pcsp_site=json_attr(site), data_pcsp_site_root=site["root"],
             data_checklist_title=data["title"], data_pcsp_asset="checklist")
    if data["sections"]:
        first = f"#{base}-s-{data['sections'][0]['id']}"
        root += E("p", E("a", word("checklist.skip-link"), href=first), class_="pcsp-skip-link")
    root += E("div", class_="pcsp-incoming", hidden=True)
    root += E("div", class_="pcsp-updates", hidden=True)
    meta = E("p", word("checklist.for", audience=data["audience"]), class_="pcsp-meta")
    if data["stage"]:
        meta += [nodes.Text(word("checklist.stage")), links([data["stage"]], docname),
                 nodes.Text(".")]
    root += meta
    root += para(data["intro"], class_="pcsp-intro", **content_lang())
    # The storage note is shown only when the script runs (it names the toolbar's buttons);
    # the other note only without JavaScript (the script hides it).
    root += E("div", para(word("checklist.storage-note"), data_js_only="", hidden=True),
              para(word("checklist.no-js-note"), class_="pcsp-no-js", data_no_js=""),
              class_="pcsp-about-data", role="note")
    root += E("div", labelled_input(f"{base}-group", word("checklist.group-name"), type="text",
                                    data_field="group", autocomplete="organization"),
              labelled_input(f"{base}-date", word("checklist.date"), type="date",
                             data_field="date", **date_limits()),
              class_="pcsp-plan-details")
    total = sum(len(s["items"]) for s in data["sections"])
    root += E("p", *progress(f"{base}-status", total, "pcsp-status-text", role="status",
                             aria_live="polite"),
              class_="pcsp-status", data_js_only="", hidden=True)
    root += toolbar(base, [(action, word(f"checklist.{action}"))
                           for action in ("export-json", "export-csv", "share", "print",
                                          "clear")],
                    word("checklist.import"), word("checklist.toolbar"))
    root += E("div", class_="pcsp-import-choice", hidden=True)
    root += E("div", E("p", E("label", word("checklist.share-link"), for_=f"{base}-share-link"),
                            " ", E("input", type="text", id=f"{base}-share-link",
                                   readonly=True)),
              para(word("checklist.share-note")),
              class_="pcsp-share", hidden=True)
    root += messages()
    for section in data["sections"]:
        heading = f"{base}-s-{section['id']}"
        root += E("section",
                  E("h2", section["title"], id=heading, **content_lang()),
                  E("p", *progress(f"{heading}-status", len(section["items"]),
                                   "pcsp-section-status-text"),
                    class_="pcsp-section-status", data_js_only="", hidden=True),
                  E("ol", *[render_item(cid, item, docname) for item in section["items"]],
                    class_="pcsp-items"),
                  class_="pcsp-checklist-section", data_section_id=section["id"],
                  aria_labelledby=heading)
    root += E("section", E("h2", word("checklist_script.removed-heading"),
                           id=f"{base}-removed"),
              para(word("checklist.removed-text")),
              E("ul"), E("button", word("checklist.remove-old"), type="button",
                          data_action="forget-removed"),
              class_="pcsp-kept-ratings", aria_labelledby=f"{base}-removed", hidden=True)
    columns = section_words("checklist")["plan-columns"]
    root += E("div", E("h2", word("checklist.plan-heading", title=data["title"])),
              para("", class_="pcsp-plan-for"),
              E("table", E("thead", E("tr", *[E("th", h, scope="col") for h in columns])),
                E("tbody")),
              class_="pcsp-plan")
    return root


def render_checklist_page(page: Any, data: dict[str, Any]) -> nodes.section:
    """A generated checklist page (``{pcsp-page} checklist <id>``): title, then the checklist."""
    top = page.page_section("checklist-page", data["title"])
    top += render_checklist(data, page.docname, site_data(page.directive.config,
                                                          data["version"]))
    return top


def render_checklists_index(page: Any, data: dict[str, Any]) -> nodes.section:
    """The checklists overview: each checklist with who it is for, and the self-assessment."""
    top = page.page_section("checklists-page", data["title"])
    top += para(word("checklist.index-intro"))
    if not data["checklists"]:
        top += para(word("checklist.index-none"))
    else:
        entries = E("ul", class_="pcsp-checklist-list")
        for c in data["checklists"]:
            stage = word("checklist.index-stage", stage=c["stage"]) if c["stage"] \
                else word("checklist.index-any-stage")
            entries += E("li", E("p", doc_link(c["doc"], c["title"], page.docname)),
                         para(word("checklist.index-entry", audience=c["audience"], stage=stage,
                                   items=count("checklist.index-items", c["items"]))))
        top += entries
    top += E("p", word("checklist.index-try"),
             doc_link(data["self_assessment"], word("self_assessment.title"), page.docname),
             word("checklist.index-try-end"))
    top += page.toctree(data["contents"], hidden=True)
    return top


class ChecklistDirective(SphinxDirective):
    """``{pcsp-checklist} <checklist-id>``: the interactive checklist with that id."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        """Emit the checklist's node tree, or an error naming the unknown id."""
        site = current_site(Path(self.config.pcsp_project_dir))
        view = site.page("checklist", self.arguments[0])
        if view is None:
            known = [c.id for c in site.bundle.checklists]
            hint = did_you_mean(self.arguments[0], known) or "known: " + ", ".join(known)
            raise self.error(f"pcsp-checklist: no checklist with id '{self.arguments[0]}' "
                             f"({hint})")
        # The generated page's source changes exactly when what the checklist shows changes.
        self.env.note_dependency(str(generated_source(Path(self.env.srcdir), view)))
        return [render_checklist(view.data, self.env.docname,
                                 site_data(self.config, view.data["version"]))]


def add_page_assets(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                    doctree: nodes.document | None) -> None:
    """Add the JS and CSS for interactive nodes to the pages that hold them, and only those.

    The scripts are classic scripts, never modules: Chromium refuses module scripts on pages
    opened from disk (``file://``). The checklist and self-assessment scripts use the helpers
    in :data:`COMMON_SCRIPT`, which is loaded before them."""
    if doctree is None:
        return
    assets = page_assets(doctree)
    if assets:
        app.add_css_file("interactive.css")
    if assets & SCRIPTED:
        app.add_js_file(COMMON_SCRIPT)
    for asset in sorted(assets):
        app.add_js_file(f"{asset}.js")


def setup_checklist(app: Sphinx) -> None:
    """Register the ``pcsp-checklist`` directive, its node and the page assets."""
    register_html_element(app)
    app.add_directive("pcsp-checklist", ChecklistDirective)
    app.connect("html-page-context", add_page_assets)
