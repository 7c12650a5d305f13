"""The ``pcsp-self-assessment`` directive: the NPT self-assessment that JS scores and charts.

The sixteen statements (one per NPT sub-construct, from ``content/npt.yaml``) are rendered
as fieldsets of radio buttons with a note field, so the form can be filled in and printed
without JavaScript. The results area holds an empty score table and, hidden, the typical
problems and what helps for each construct; ``self-assessment.js`` fills in the scores,
draws the radar chart and reveals the advice for the weakest construct(s)::

    <html_element tag="div" class="pcsp-self-assessment">
        <html_element tag="section" class="pcsp-sa-construct" data-construct-id=...>
            <html_element tag="fieldset" class="pcsp-sa-statement" ...> ...
        <html_element tag="section" class="pcsp-sa-results"> ...
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from ..content.model import Guidance
from .checklist import date_limits, json_attr, links, messages, script_words, site_data, toolbar
from .html import E, para, register_html_element
from .pages import current_site, generated_source
from .words import content_lang, labels, section_words, word

SCRIPT_WORDS = ("dates", "common", "self_assessment_script")
"""The sections of the interface words (``locale/<language>.json``) self-assessment.js uses."""


def self_assessment_view(project: Guidance) -> dict[str, Any]:
    """What the self-assessment page shows, as JSON-able data (the page's only input)."""
    return {
        "title": word("self_assessment.title"),
        "constructs": [{
            "id": c.id, "title": c.title, "plain_title": c.plain_title, "question": c.question,
            "statements": [{"id": s.id, "statement": s.statement} for s in c.sub_constructs],
            "typical_problems": [p.text for p in c.typical_problems],
            "what_helps": [h.text for h in c.what_helps],
        } for c in project.npt_constructs],
    }


def render_statement(sub: dict[str, str]) -> Any:
    """One statement: a fieldset of the agree scale, the not-relevant answers and a note."""
    name = f"pcsp-sa-s-{sub['id']}"
    radios = [E("label", E("input", type="radio", name=name, value=value), f" {label}")
              for value, label in labels("agreement_scale").items()]
    others = [E("label", E("input", type="radio", name=name, value=value), f" {label}")
              for value, label in labels("not_relevant_answers").items()]
    return E("fieldset",
             E("legend", E("span", sub["statement"], class_="pcsp-sa-statement-text",
                           **content_lang())),
             E("div", *radios, class_="pcsp-sa-scale"),
             E("div", *others, class_="pcsp-sa-not-relevant"),
             E("p", E("label", word("self_assessment.note"), for_=f"{name}-note"), " ",
               E("input", type="text", id=f"{name}-note", data_field="note",
                 autocomplete="off"), class_="pcsp-field"),
             class_="pcsp-sa-statement", data_statement_id=sub["id"])


def render_advice(construct: dict[str, Any], docname: str) -> Any:
    """Typical problems and what helps for one construct, hidden until JS diagnoses it."""
    return E("div",
             E("h3", f"{construct['title']}: {construct['plain_title']}", **content_lang()),
             E("h4", word("self_assessment.typical-problems")),
             E("ul", *[E("li", text) for text in construct["typical_problems"]],
               **content_lang()),
             E("h4", word("self_assessment.what-helps")),
             E("ul", *[E("li", text) for text in construct["what_helps"]], **content_lang()),
             E("p", links([{"id": construct["id"],
                            "title": word("self_assessment.read-about",
                                          title=construct["title"])}], docname)),
             class_="pcsp-sa-advice", data_construct_id=construct["id"], hidden=True)


def score_rows(constructs: list[dict[str, Any]], cells: tuple[str, ...]) -> list[Any]:
    """One table row per construct: its title, then an empty cell for each class in ``cells``."""
    return [E("tr", E("th", c["title"], scope="row"), *[E("td", "", class_=k) for k in cells],
              data_construct_id=c["id"]) for c in constructs]


def render_self_assessment(data: dict[str, Any], docname: str, site: dict[str, Any]) -> Any:
    """The whole self-assessment as a tree of nodes (``site``: see ``checklist.site_data``)."""
    constructs = data["constructs"]
    columns = section_words("self_assessment")["score-columns"]
    scale = {**labels("agreement_scale"), **labels("not_relevant_answers")}
    root = E("div", class_="pcsp-self-assessment pcsp-interactive",
             data_pcsp_asset="self-assessment", data_pcsp_site_root=site["root"],
             data_pcsp_definitions=json_attr({"scale": scale, "dates": date_limits()}),
             data_pcsp_words=json_attr(script_words(*SCRIPT_WORDS)))
    root += para(word("self_assessment.how-to"))
    # The storage note is shown only when the script runs (it names the toolbar's buttons);
    # the other note only without JavaScript (the script hides it).
    root += E("div", para(word("self_assessment.storage-note"), data_js_only="", hidden=True),
              para(word("self_assessment.no-js-note"), data_no_js=""),
              class_="pcsp-about-data", role="note")
    root += toolbar("pcsp-sa", [(action, word(f"self_assessment.{action}"))
                                for action in ("export-json", "print", "clear")],
                    word("self_assessment.import"), word("self_assessment.toolbar"))
    root += E("div", class_="pcsp-import-choice", hidden=True)
    root += messages()
    statements = E("div", class_="pcsp-sa-statements")
    for c in constructs:
        heading = f"pcsp-sa-c-{c['id']}"
        statements += E("section", E("h2", f"{c['title']}: {c['plain_title']}", id=heading,
                                     **content_lang()),
                        para(c["question"], class_="pcsp-sa-question", **content_lang()),
                        *[render_statement(s) for s in c["statements"]],
                        class_="pcsp-sa-construct", data_construct_id=c["id"],
                        data_construct_title=c["title"], aria_labelledby=heading)
    root += statements
    root += E("section",
              E("h2", word("self_assessment.results"), id="pcsp-sa-results"),
              para("", class_="pcsp-sa-print-date"),
              para(word("self_assessment.results-no-js"), data_no_js=""),
              E("div",
                E("div", class_="pcsp-sa-chart"),
                E("table",
                  E("caption", word("self_assessment.scores-caption")),
                  E("thead", E("tr", *[E("th", h, scope="col") for h in columns])),
                  E("tbody", *score_rows(constructs, ("pcsp-sa-score", "pcsp-sa-answered"))),
                  class_="pcsp-sa-scores"),
                E("p", class_="pcsp-sa-diagnosis", role="status", aria_live="polite"),
                *[render_advice(c, docname) for c in constructs],
                data_js_only="", hidden=True),
              class_="pcsp-sa-results", aria_labelledby="pcsp-sa-results")
    root += E("section",
              E("h2", word("self_assessment.snapshots"), id="pcsp-sa-snapshots"),
              para(word("self_assessment.snapshots-intro")),
              E("p", E("label", word("self_assessment.snapshot-name"),
                       for_="pcsp-sa-snapshot-label"), " ",
                E("input", type="text", id="pcsp-sa-snapshot-label",
                  data_field="snapshot-label", autocomplete="off"), class_="pcsp-field"),
              E("p", E("label", word("self_assessment.snapshot-date"),
                       for_="pcsp-sa-snapshot-date"), " ",
                E("input", type="date", id="pcsp-sa-snapshot-date", data_field="snapshot-date",
                  aria_describedby="pcsp-sa-snapshot-date-hint", **date_limits()), " ",
                E("span", word("self_assessment.snapshot-date-hint"),
                  id="pcsp-sa-snapshot-date-hint",
                  class_="pcsp-hint"),
                class_="pcsp-field"),
              E("p", E("button", word("self_assessment.save-snapshot"), type="button",
                       data_action="snapshot")),
              E("ul", class_="pcsp-sa-snapshot-list"),
              para(word("self_assessment.no-snapshots"), class_="pcsp-sa-no-snapshots"),
              E("div",
                E("p", E("label", word("self_assessment.compare"), for_="pcsp-sa-compare-a"), " ",
                  E("select", id="pcsp-sa-compare-a"), " ",
                  E("label", word("self_assessment.with"), for_="pcsp-sa-compare-b"), " ",
                  E("select", id="pcsp-sa-compare-b")),
                class_="pcsp-sa-compare-controls"),
              E("div", class_="pcsp-sa-compare-chart"),
              E("table",
                E("caption", word("self_assessment.compared-caption")),
                E("thead", E("tr", E("th", word("self_assessment.area"), scope="col"),
                             E("th", "", scope="col", class_="pcsp-sa-compare-a"),
                             E("th", "", scope="col", class_="pcsp-sa-compare-b"),
                             E("th", word("self_assessment.change"), scope="col"))),
                E("tbody", *score_rows(constructs, ("pcsp-sa-a", "pcsp-sa-b", "pcsp-sa-change"))),
                class_="pcsp-sa-compare"),
              class_="pcsp-sa-snapshots", aria_labelledby="pcsp-sa-snapshots",
              data_js_only="", hidden=True)
    return root


class SelfAssessmentDirective(SphinxDirective):
    """``{pcsp-self-assessment}``: the NPT self-assessment built from ``content/npt.yaml``."""

    def run(self) -> list[nodes.Node]:
        """Emit the self-assessment's node tree."""
        view = current_site(Path(self.config.pcsp_project_dir)).page("self-assessment")
        assert view is not None, "every site has the self-assessment page"
        # The generated page's source changes exactly when what the assessment shows changes.
        self.env.note_dependency(str(generated_source(Path(self.env.srcdir), view)))
        return [render_self_assessment(view.data, self.env.docname, site_data(self.config))]


def render_self_assessment_page(page: Any, data: dict[str, Any]) -> nodes.section:
    """The generated page (``{pcsp-page} self-assessment``): title, then the assessment."""
    top = page.page_section("self-assessment-page", data["title"])
    top += render_self_assessment(data, page.docname, site_data(page.directive.config))
    return top


def setup_self_assessment(app: Sphinx) -> None:
    """Register the ``pcsp-self-assessment`` directive (assets are added by the checklist hook)."""
    register_html_element(app)
    app.add_directive("pcsp-self-assessment", SelfAssessmentDirective)
