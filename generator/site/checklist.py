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

from ..content.definitions import checklist_audiences, checklist_ratings, definitions
from ..content.diagnostics import did_you_mean
from ..content.model import Checklist, Guidance
from .domain import item_xref
from .html import E, html_element, labelled_input, page_assets, para, register_html_element
from .pages import current_site, display_title, generated_source

STORAGE_NOTE = (
    "Your ratings and notes are kept only in this web browser, on this device. They are not "
    "sent to any server and no cookies are used. Anyone else using this browser can see them. "
    "To remove them, use “Clear my data”, or clear this site's data in your browser settings. "
    "To keep a copy or move to another device, download your ratings and load them there."
)
"""Shown only when the script runs: it names the toolbar's buttons."""
NO_JS_NOTE = (
    "Saving, progress, sharing and the action plan need JavaScript. Without it you can still "
    "fill in this page and print it, or print it blank and fill it in by hand."
)
"""Shown only without JavaScript (the script hides it)."""
SKIP_LINK = "Skip to the checklist items"

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
        "audience": checklist_audiences()[checklist.audience],
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
        "title": "Checklists",
        "checklists": [{"doc": docs[c.id], "title": c.title,
                        "audience": checklist_audiences()[c.audience],
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
        for value, label in checklist_ratings().items()], class_="pcsp-choices")
    fieldset = E("fieldset", E("legend", E("span", item["text"], class_="pcsp-item-text")),
                 choices)
    if item["why"]:
        fieldset += E("details", E("summary", "Why it matters"), para(item["why"]),
                      class_="pcsp-why")
    if item["how"]:
        fieldset += E("details", E("summary", "How to go about it"), para(item["how"]),
                      class_="pcsp-how")
    if item["refs"]:
        fieldset += E("p", "In the guide: ", links(item["refs"], docname), class_="pcsp-refs")
    fieldset += E("div", *[
        labelled_input(f"{base}-{f['id']}", f["label"], type=f["type"], data_field=f["id"],
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


def json_attr(value: Any) -> str:
    """Compact JSON for a ``data-`` attribute (escaped when written)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def progress(text_id: str, total: int, text_class: str, **attrs: Any) -> list[html_element]:
    """A status text and the ``<progress>`` it labels."""
    return [E("span", f"0 of {total} done", id=text_id, class_=text_class, **attrs),
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
    ratings = [{"id": r["id"], "label": r["label"], "code": r["code"]}
               for r in definitions()["checklist_ratings"]]
    root = E("div", class_="pcsp-checklist pcsp-interactive", data_checklist_id=cid,
             data_pcsp_definitions=json_attr(
                 {"ratings": ratings,
                  "fields": [f["id"] for f in definitions()["checklist_plan_fields"]],
                  "dates": date_limits(), "renamed": data.get("renamed", {})}),
             data_pcsp_site=json_attr(site), data_pcsp_site_root=site["root"],
             data_checklist_title=data["title"], data_pcsp_asset="checklist")
    if data["sections"]:
        root += E("p", E("a", SKIP_LINK, href=f"#{base}-s-{data['sections'][0]['id']}"),
                  class_="pcsp-skip-link")
    root += E("div", class_="pcsp-incoming", hidden=True)
    root += E("div", class_="pcsp-updates", hidden=True)
    meta = E("p", f"For: {data['audience']}.", class_="pcsp-meta")
    if data["stage"]:
        meta += [nodes.Text(" Stage: "), links([data["stage"]], docname), nodes.Text(".")]
    root += meta
    root += para(data["intro"], class_="pcsp-intro")
    root += E("div", para(STORAGE_NOTE, data_js_only="", hidden=True),
              para(NO_JS_NOTE, class_="pcsp-no-js", data_no_js=""),
              class_="pcsp-about-data", role="note")
    root += E("div", labelled_input(f"{base}-group", "Practice or group name", type="text",
                                    data_field="group", autocomplete="organization"),
              labelled_input(f"{base}-date", "Date", type="date", data_field="date",
                             **date_limits()),
              class_="pcsp-plan-details")
    total = sum(len(s["items"]) for s in data["sections"])
    root += E("p", *progress(f"{base}-status", total, "pcsp-status-text", role="status",
                             aria_live="polite"),
              class_="pcsp-status", data_js_only="", hidden=True)
    root += toolbar(base, [("export-json", "Download my ratings (JSON)"),
                           ("export-csv", "Download for a spreadsheet (CSV)"),
                           ("share", "Make a share link"),
                           ("print", "Print action plan"),
                           ("clear", "Clear my data")], "Load ratings from a file (JSON)",
                    "Save, share and print")
    root += E("div", class_="pcsp-import-choice", hidden=True)
    root += E("div", E("p", E("label", "Share link", for_=f"{base}-share-link"), " ",
                            E("input", type="text", id=f"{base}-share-link", readonly=True)),
              para("The ratings are in the part of the link after #state=. Browsers do not send "
                   "that part to any server: whoever opens the link is asked before it is used."),
              class_="pcsp-share", hidden=True)
    root += messages()
    for section in data["sections"]:
        heading = f"{base}-s-{section['id']}"
        root += E("section",
                  E("h2", section["title"], id=heading),
                  E("p", *progress(f"{heading}-status", len(section["items"]),
                                   "pcsp-section-status-text"),
                    class_="pcsp-section-status", data_js_only="", hidden=True),
                  E("ol", *[render_item(cid, item, docname) for item in section["items"]],
                    class_="pcsp-items"),
                  class_="pcsp-checklist-section", data_section_id=section["id"],
                  aria_labelledby=heading)
    root += E("section", E("h2", "Ratings for items no longer in this checklist",
                           id=f"{base}-removed"),
              para("These items were taken out or replaced since you rated them. Your ratings "
                   "are kept here in case you need them."),
              E("ul"), E("button", "Remove these old ratings", type="button",
                          data_action="forget-removed"),
              class_="pcsp-kept-ratings", aria_labelledby=f"{base}-removed", hidden=True)
    root += E("div", E("h2", f"Action plan: {data['title']}"), para("", class_="pcsp-plan-for"),
              E("table", E("thead", E("tr", *[E("th", h, scope="col") for h in (
                  "Item", "Rating", "Next step (or why not relevant)", "Who", "By when")])),
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
    top += para("Work through these lists to see what is in place and plan what to do next. "
                "Your ratings are kept in your own browser; you can download, share and print "
                "them.")
    if not data["checklists"]:
        top += para("There are no checklists in this guide yet.")
    else:
        entries = E("ul", class_="pcsp-checklist-list")
        for c in data["checklists"]:
            stage = f"Stage: {c['stage']}." if c["stage"] else "Any stage."
            entries += E("li", E("p", doc_link(c["doc"], c["title"], page.docname)),
                         para(f"For: {c['audience']}. {stage} {c['items']} items."))
        top += entries
    top += E("p", "To see how well the new way of working is taking hold, try the ",
             doc_link(data["self_assessment"], "NPT self-assessment", page.docname), ".")
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
