"""The guide's interface language (issue 13): conf.py's ``language`` puts Sphinx's own words
and ours (generator/site/locale/<language>.json) into that language; the guidance text stays
English; a default build is unchanged. And no browser script, template or translated renderer
holds English words of its own."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.content.definitions import definitions
from helpers import REPO, copy_project, edit, pcsp, pdf_text, soup

SITE = REPO / "generator" / "site"
LOCALE = SITE / "locale"
STATIC = SITE / "static"
CHECKLIST = "house-of-care-readiness"
LABELLED = ("checklist_ratings", "checklist_plan_fields", "checklist_audiences",
            "agreement_scale", "not_relevant_answers")
"""The label lists of definitions.json that the interface shows."""


def catalogue(code: str) -> dict:
    data = json.loads((LOCALE / f"{code}.json").read_text(encoding="utf-8"))
    data.pop("$comment")
    return data


def built(root: Path, language: str | None) -> Path:
    project = copy_project(root / "project")
    if language is not None:
        edit(project / "conf.py", 'language = "en"', f'language = "{language}"')
    pcsp("build", str(project), check=True)
    return project / "_build" / "html"


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built with ``language = "cy"`` in conf.py."""
    return built(tmp_path_factory.mktemp("welsh"), "cy")


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built as it is (conf.py says ``language = "en"``)."""
    return built(tmp_path_factory.mktemp("english"), None)


def checklist_page(site: Path) -> BeautifulSoup:
    return soup(site / "_generated" / "checklists" / f"{CHECKLIST}.html")


def assessment_page(site: Path) -> BeautifulSoup:
    return soup(site / "_generated" / "self-assessment.html")


def page_json(page: BeautifulSoup, selector: str, attribute: str) -> dict:
    return json.loads(page.select_one(selector)[attribute])


def text(node: BeautifulSoup | None) -> str:
    assert node is not None
    return " ".join(node.get_text(" ").split())


# ---------------------------------------------------------------- the Welsh build

def test_welsh_pages_say_they_are_welsh_and_use_sphinx_welsh_words(welsh: Path) -> None:
    for path in (welsh / "index.html", welsh / "search.html",
                 welsh / "_generated" / "checklists" / f"{CHECKLIST}.html"):
        assert soup(path).html["lang"] == "cy", path.name
    index = soup(welsh / "index.html")
    # Sphinx's own cy catalogue: the search box and the search page.
    assert index.select_one("input[name=q]")["placeholder"] == "Chwilio"
    assert soup(welsh / "search.html").title.get_text().startswith("Chwilio")
    # Ours, in the templates: the review line and the breadcrumb trail.
    assert "Adolygwyd y dudalen ddiwethaf:" in text(index.select_one(".pcsp-review"))
    crumbs = checklist_page(welsh).select_one("nav.pcsp-breadcrumbs")
    assert crumbs["aria-label"] == "Briwsion bara"
    assert crumbs.select_one("a").get_text() == "Hafan"
    # The theme's words that Sphinx's catalogue lacks, from ours ("theme").
    assert text(checklist_page(welsh).select_one(".next-page .context")) == "Nesaf"
    assert text(checklist_page(welsh).select_one(".prev-page .context")) == "Blaenorol"


def test_welsh_checklist_shows_its_interface_in_welsh(welsh: Path) -> None:
    cy = catalogue("cy")
    page = checklist_page(welsh)
    root = page.select_one(".pcsp-checklist")
    assert text(page.select_one(".pcsp-skip-link")) == cy["checklist"]["skip-link"]
    first = root.select_one(".pcsp-checklist-item")
    assert [text(label) for label in first.select(".pcsp-choices label")] == \
        list(cy["labels"]["checklist_ratings"].values())
    assert [text(label) for label in first.select(".pcsp-item-plan label")] == \
        list(cy["labels"]["checklist_plan_fields"].values())
    buttons = [text(b) for b in root.select(".pcsp-toolbar button")]
    assert buttons == [cy["checklist"][k] for k in ("export-json", "export-csv", "share",
                                                   "print", "clear")]
    assert [text(th) for th in root.select(".pcsp-plan th")] == cy["checklist"]["plan-columns"]
    assert text(root.select_one(".pcsp-meta")).startswith("Ar gyfer: Grŵp llywio.")
    assert "Dim ond yn y porwr gwe hwn" in text(root.select_one(".pcsp-about-data"))


def test_welsh_checklist_gives_its_script_welsh_words(welsh: Path) -> None:
    cy = catalogue("cy")
    page = checklist_page(welsh)
    words = page_json(page, ".pcsp-checklist", "data-pcsp-words")
    assert set(words) == {"dates", "common", "checklist_script"}
    assert words["checklist_script"]["shared-heading"] == "Sgoriau a rannwyd gyda chi"
    assert words["dates"]["months"][5] == "Mehefin"
    assert words["common"] == {**catalogue("en")["common"], **cy["common"]}
    found = page_json(page, ".pcsp-checklist", "data-pcsp-definitions")
    assert [r["label"] for r in found["ratings"]] == \
        list(cy["labels"]["checklist_ratings"].values())
    assert found["field_labels"]["due"] == "Erbyn pryd"


def test_welsh_self_assessment_shows_its_interface_in_welsh(welsh: Path) -> None:
    cy = catalogue("cy")
    page = assessment_page(welsh)
    root = page.select_one(".pcsp-self-assessment")
    statement = root.select_one(".pcsp-sa-statement")
    answers = [text(label) for label in statement.select("label")][:-1]  # then the note
    assert answers == [*cy["labels"]["agreement_scale"].values(),
                       *cy["labels"]["not_relevant_answers"].values()]
    assert text(root.select_one("#pcsp-sa-results")) == "Eich canlyniadau"
    assert [text(th) for th in root.select(".pcsp-sa-scores th[scope=col]")] == \
        cy["self_assessment"]["score-columns"]
    assert page.select_one("h1").get_text().startswith("Hunanasesiad NPT")
    words = page_json(page, ".pcsp-self-assessment", "data-pcsp-words")
    assert set(words) == {"dates", "common", "self_assessment_script"}
    assert words["self_assessment_script"]["your-answers"] == "Eich atebion"
    scale = page_json(page, ".pcsp-self-assessment", "data-pcsp-definitions")["scale"]
    assert scale["5"] == "Cytuno'n gryf"


def test_guidance_text_stays_english_and_says_so_in_a_welsh_build(welsh: Path) -> None:
    guide = yaml.safe_load((REPO / "content" / "guide.yaml").read_text(encoding="utf-8"))
    overview = soup(welsh / "_generated" / "index.html").select_one("[role=main]")
    summary = overview.find("p", string=guide["summary"][0])
    assert summary is not None and summary["lang"] == "en"
    details = overview.select_one("#guide--details")
    assert text(details.select_one("h2")).startswith("Am y canllaw hwn")
    assert not details.select_one("h2").has_attr("lang")  # the interface's own words
    checklist = yaml.safe_load(
        (REPO / "checklists" / f"{CHECKLIST}.yaml").read_text(encoding="utf-8"))
    first = checklist["sections"][0]["items"][0]["text"]
    item = checklist_page(welsh).select_one(".pcsp-item-text")
    assert (text(item), item["lang"]) == (first, "en")
    npt = yaml.safe_load((REPO / "content" / "npt.yaml").read_text(encoding="utf-8"))
    statement = npt["constructs"][0]["sub_constructs"][0]["statement"]
    shown = assessment_page(welsh).select_one(".pcsp-sa-statement-text")
    assert (text(shown), shown["lang"]) == (statement, "en")


# ---------------------------------------------------------------- the default build

def test_default_build_is_english(english: Path) -> None:
    en = catalogue("en")
    index = soup(english / "index.html")
    assert index.html["lang"] == "en"
    for path in (english / "_generated" / "index.html",
                 english / "_generated" / "checklists" / f"{CHECKLIST}.html"):
        assert not soup(path).select("body [lang]"), "parts marked English in an English page"
    assert index.select_one("input[name=q]")["placeholder"] == "Search"
    assert "Page last reviewed:" in text(index.select_one(".pcsp-review"))
    page = checklist_page(english)
    assert text(page.select_one(".next-page .context")) == "Next"
    assert text(page.select_one(".pcsp-skip-link")) == "Skip to the checklist items"
    assert [text(label) for label in page.select_one(".pcsp-choices").select("label")] == \
        [r["label"] for r in definitions()["checklist_ratings"]]
    words = page_json(page, ".pcsp-checklist", "data-pcsp-words")
    assert words == {name: en[name] for name in ("dates", "common", "checklist_script")}
    sa = assessment_page(english)
    assert text(sa.select_one("#pcsp-sa-results")) == "Your results"
    assert page_json(sa, ".pcsp-self-assessment", "data-pcsp-words")["self_assessment_script"] \
        == en["self_assessment_script"]


def test_a_language_without_interface_words_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    edit(project / "conf.py", 'language = "en"', 'language = "xx"')
    result = pcsp("build", str(project))
    assert result.returncode != 0
    assert "the guide's language is 'xx', but the interface has no words for it" \
        in result.stderr


# ---------------------------------------------------------------- the catalogues

def shape(value: object) -> object:
    """What a translation must keep: keys, plural forms, list lengths and placeholders."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return sorted(set(re.findall(r"\{([a-z_]+)\}", str(value))))


@pytest.mark.parametrize("code", sorted(p.stem for p in LOCALE.glob("*.json") if p.stem != "en"))
def test_every_language_gives_every_word_with_its_placeholders(code: str) -> None:
    en, other = catalogue("en"), catalogue(code)
    labels = other.pop("labels")
    assert shape(other) == shape(en)
    for name in LABELLED:
        assert set(labels[name]) == {entry["id"] for entry in definitions()[name]}, name
    assert "NEEDS REVIEW BY A QUALIFIED" in json.loads(
        (LOCALE / f"{code}.json").read_text(encoding="utf-8"))["$comment"]


# ---------------------------------------------------------------- no English of their own

def js_strings(source: str) -> list[tuple[int, str]]:
    """Each string literal of a script, with its line: comments and regular expressions are
    skipped, and a template literal's ``${...}`` parts are taken out."""
    found: list[tuple[int, str]] = []
    i, line, last = 0, 1, ""
    while i < len(source):
        c = source[i]
        if source.startswith("//", i):
            end = source.find("\n", i)
            i = len(source) if end < 0 else end
            continue
        if source.startswith("/*", i):
            end = source.index("*/", i + 2)
            line += source.count("\n", i, end)
            i = end + 2
            continue
        if c == "/" and (last in "(,=:[!&|?{};+-*%<>~^" or source[:i].endswith("return ")):
            i, in_class = i + 1, False
            while source[i] != "/" or in_class:
                if source[i] == "\\":
                    i += 1
                in_class = (in_class or source[i] == "[") and source[i] != "]"
                i += 1
            i, last = i + 1, "/"
            continue
        if c in "'\"`":
            start, i, parts = line, i + 1, []
            while source[i] != c:
                if source[i] == "\\":
                    parts.append(source[i:i + 2])
                    i += 2
                    continue
                if c == "`" and source.startswith("${", i):
                    depth, i = 1, i + 2
                    while depth:
                        depth += {"{": 1, "}": -1}.get(source[i], 0)
                        i += 1
                    parts.append(" ")
                    continue
                line += source[i] == "\n"
                parts.append(source[i])
                i += 1
            found.append((start, "".join(parts)))
            i, last = i + 1, "s"
            continue
        line += c == "\n"
        if not c.isspace():
            last = c
        i += 1
    return found


SENTENCE = re.compile(r"(?<![\w.#\[-])[A-Za-z]{2,}(?: +[A-Za-z]{2,})+(?![\w-])")
"""Two or more words in a row (not class names, ids or attribute selectors)."""
NOT_WORDS = {"use strict"}
TAGS = {"a", "p", "ul", "ol", "li", "tr", "td", "th", "tbody", "thead", "table", "div", "span",
        "select", "option", "input", "button", "label", "section", "summary", "textarea"}


def english_in_script(source: str) -> list[str]:
    """The string literals of a script that hold two or more words (CSS selectors made of
    tag names, like ``"tbody tr"``, are not words)."""
    return [f"line {line}: {literal!r}" for line, literal in js_strings(source)
            if literal.strip() not in NOT_WORDS and SENTENCE.search(literal)
            and not set(literal.split()) <= TAGS]


NOT_YET_TRANSLATED: set[str] = set()
"""Scripts that still hold English of their own (owned by the practice pack work): each must
still hold some, so this list is emptied as they are moved to the page's words."""


def test_the_english_finder_finds_english_and_only_english() -> None:
    script = ('"use strict"; const a = "Share link made and copied."; '
              "const b = `${n} of ${m} done`; const c = x.querySelector('.pcsp-plan table'); "
              "const d = /^it is not a \"date\" here$/; // Not a string: a comment\n"
              "const e = 'tbody tr'; const f = 'pcsp-radar-series pcsp-radar-series-1';")
    assert english_in_script(script) == ["line 1: 'Share link made and copied.'",
                                         "line 1: '  of   done'"]


@pytest.mark.parametrize("path", sorted(STATIC.glob("*.js")), ids=lambda p: p.name)
def test_no_browser_script_holds_english_sentences(path: Path) -> None:
    found = english_in_script(path.read_text(encoding="utf-8"))
    if path.name in NOT_YET_TRANSLATED:
        assert found, f"{path.name} has no English of its own now: take it off the list"
    else:
        assert not found, f"{path.name} holds English: read it from the page's words\n" + \
            "\n".join(found)


@pytest.mark.parametrize("path", sorted((SITE / "templates").glob("*.html")),
                         ids=lambda p: p.name)
def test_no_template_holds_english_sentences(path: Path) -> None:
    source = re.sub(r"\{#.*?#\}|\{\{.*?\}\}|\{%.*?%\}", " ", path.read_text(encoding="utf-8"),
                    flags=re.S)
    shown = re.sub(r"<[^>]*>", " ", source)  # attribute values are Jinja expressions
    attributes = re.findall(r'(?:aria-label|title|alt|placeholder)="([^"{]*)"', source)
    assert not [t for t in [shown, *attributes] if SENTENCE.search(t)], path.name


TRANSLATED_MODULES = ("checklist.py", "self_assessment.py", "versions.py", "words.py",
                      "page.py", "views.py")
"""Renderers whose words all come from the catalogue."""


def english_in_module(source: str) -> list[str]:
    """String literals of two or more words outside docstrings, ``raise`` and ``assert``
    statements (messages for the guide's editors and developers, not its readers)."""
    tree = ast.parse(source)
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise | ast.Assert):
            skip.update(id(n) for n in ast.walk(node))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skip.update(id(n) for n in ast.walk(body[0]))
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            skip.add(id(node.value))  # attribute docstrings
    return [f"line {n.lineno}: {n.value!r}" for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in skip
            and SENTENCE.search(n.value)]


def test_the_module_finder_finds_english_words() -> None:
    source = ('"""Docstring words."""\nX = "Skip to the items"\n'
              'def f():\n    """Doc words."""\n    raise ValueError("no such thing")\n')
    assert english_in_module(source) == ["line 2: 'Skip to the items'"]


@pytest.mark.parametrize("name", TRANSLATED_MODULES)
def test_translated_renderers_hold_no_english(name: str) -> None:
    assert english_in_module((SITE / name).read_text(encoding="utf-8")) == [], name


def test_the_printed_guide_speaks_the_interface_language(welsh: Path, english: Path) -> None:
    welsh_text = pdf_text(welsh / "print" / "guide.pdf")
    assert catalogue("cy")["print-guide"]["guide"]["contents"] in welsh_text
    assert catalogue("en")["print-guide"]["guide"]["contents"] not in welsh_text.split()
    blank = pdf_text(welsh / "print" / f"checklist-{CHECKLIST}.pdf")
    assert catalogue("cy")["labels"]["checklist_ratings"]["done"] in blank
    assert catalogue("en")["print-guide"]["guide"]["contents"] in pdf_text(
        english / "print" / "guide.pdf")
