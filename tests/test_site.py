"""The guide website: pages, links, the House of Care diagram, safety, and rebuild behaviour."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from sphinx.errors import ConfigError, ExtensionError
from sphinx.testing.util import SphinxTestApp

from generator.content.project import load_project
from generator.site.config import THEME_OPTIONS
from generator.site.house_diagram import PALETTE, TEXT_DARK, render_svg
from helpers import MINIMAL, copy_root, edit, files, html_pages, links_and_ids, page, soup

GUIDE = load_project(MINIMAL).require()
MakeApp = Callable[..., SphinxTestApp]


# ---------------------------------------------------------------- helpers

def link_target(outdir: Path, from_page: Path, href: str) -> tuple[Path, str]:
    """The file and fragment an internal ``href`` on ``from_page`` points to."""
    parts = urlsplit(href)
    target = (from_page.parent / unquote(parts.path)).resolve() if parts.path else from_page
    assert target.is_relative_to(outdir.resolve()), f"{href} on {from_page} leaves the site"
    return target, unquote(parts.fragment)


def hrefs_to(app: SphinxTestApp, docname: str) -> set[tuple[str, str]]:
    """(file, fragment) of every internal link on a page, relative to the output folder."""
    path = app.outdir / f"{docname}.html"
    result = set()
    for a in page(app, docname).find_all("a", href=True):
        if not urlsplit(a["href"]).scheme:
            target, fragment = link_target(app.outdir, path, a["href"])
            result.add((target.relative_to(app.outdir.resolve()).as_posix(), fragment))
    return result


def generated_mtimes(srcdir: Path) -> dict[str, int]:
    """Modification time of every generated source, by path."""
    return {p.relative_to(srcdir).as_posix(): p.stat().st_mtime_ns
            for p in sorted((srcdir / "_generated").rglob("*.md"))}


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# ---------------------------------------------------------------- the minimal guide

@pytest.mark.sphinx("html", testroot="minimal", freshenv=True)
def test_minimal_guide_builds_without_warnings(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue().strip() == ""
    assert app.statuscode == 0
    titles = {d: page(app, f"_generated/{d}").h1.get_text(strip=True).rstrip("¶")
              for d in ("index", "process", "house-of-care", "stages/index", "stages/set-up",
                        "success-factors", "npt", "roles/index", "roles/nurse", "glossary",
                        "content-reference")}
    assert titles == {
        "index": "Minimal test guide", "process": "The process", "house-of-care": "House of Care",
        "stages/index": "Stages", "stages/set-up": "Stage 1: Set-up",
        "success-factors": "Success factors", "npt": "NPT", "roles/index": "Roles",
        "roles/nurse": "Practice nurse", "glossary": "Glossary",
        "content-reference": "Content reference"}


@pytest.mark.sphinx("html", testroot="minimal", freshenv=True, warningiserror=True)
def test_build_passes_with_warnings_as_errors(app: SphinxTestApp) -> None:
    app.build()
    assert app.statuscode == 0
    assert (app.outdir / "_generated" / "npt.html").is_file()


@pytest.mark.sphinx("html", testroot="minimal")
def test_toctree_captions_are_headings_with_a_level(app: SphinxTestApp) -> None:
    app.build()
    captions = page(app, "index").select('[role="heading"]')
    assert captions, "the sidebar's toctree caption should be there"
    assert all(c.get("aria-level") == "2" for c in captions)


@pytest.mark.sphinx("html", testroot="minimal")
def test_every_internal_link_resolves(app: SphinxTestApp) -> None:
    """Every link to a page of the site goes to a file that exists and, if it names an
    anchor, to an element with that id. Each page is parsed once."""
    app.build()
    outdir = app.outdir.resolve()
    pages = {path.resolve(): links_and_ids(path) for path in html_pages(app.outdir)}
    broken = []
    checked = 0
    for path, (hrefs, _) in pages.items():
        for href in hrefs:
            if urlsplit(href).scheme in ("http", "https"):
                continue
            checked += 1
            target, fragment = link_target(outdir, path, href)
            if not target.is_file():
                broken.append(f"{href} on {path.name}: no file {target}")
            elif fragment and target.suffix == ".html" and fragment not in (
                    pages[target][1] if target in pages else links_and_ids(target)[1]):
                broken.append(f"{href} on {path.name}: no #{fragment}")
    assert broken == []
    assert checked > 200


@pytest.mark.sphinx("html", testroot="minimal")
def test_every_stage_factor_house_part_and_sub_construct_is_shown_and_linked(
        app: SphinxTestApp) -> None:
    app.build()
    stages_links = hrefs_to(app, "_generated/stages/index")
    for stage in GUIDE.stages:
        stage_page = page(app, f"_generated/stages/{stage.id}")
        assert stage.title in stage_page.h1.get_text()
        assert (f"_generated/stages/{stage.id}.html", "") in stages_links
        for activity in stage.activities:
            section = stage_page.find("section", id=activity.id)
            assert section is not None and activity.title in section.h2.get_text()
    factors_page = page(app, "_generated/success-factors")
    factor_links = hrefs_to(app, "_generated/success-factors")
    for factor in GUIDE.success_factors:
        assert factor.title in factors_page.find(id=factor.id).get_text()
        assert ("_generated/success-factors.html", factor.id) in factor_links
    house_links = hrefs_to(app, "_generated/house-of-care")
    for component in GUIDE.house.components:
        assert component.title in page(app, "_generated/house-of-care").find(
            id=component.id).get_text()
        assert ("_generated/house-of-care.html", component.id) in house_links
    npt_page = page(app, "_generated/npt")
    npt_links = hrefs_to(app, "_generated/npt")
    assert len(GUIDE.npt_sub_constructs) == 16
    for sub in GUIDE.npt_sub_constructs:
        section = npt_page.find("section", id=sub.id)
        assert sub.title in section.get_text() and sub.definition in section.get_text()
        assert ("_generated/npt.html", sub.id) in npt_links


@pytest.mark.sphinx("html", testroot="minimal")
def test_activity_lists_who_builds_supports_and_npt_as_links(app: SphinxTestApp) -> None:
    app.build()
    soup = page(app, "_generated/stages/set-up")
    fields = soup.find("section", id="form-steering-group").find("dl", class_="pcsp-fields")
    shown = {dt.get_text(strip=True).rstrip(":"): (dd.get_text(strip=True), dd.a["href"])
             for dt, dd in zip(fields.find_all("dt"), fields.find_all("dd"), strict=True)}
    assert shown == {
        "Who": ("Practice nurse", "../roles/nurse.html"),
        "Builds": ("Roof: organisational systems", "../house-of-care.html#roof"),
        "Supports": ("Shared purpose", "../success-factors.html#ws-purpose"),
        "NPT": ("Coherence", "../npt.html#coherence"),
    }


@pytest.mark.sphinx("html", testroot="minimal")
def test_success_factors_and_npt_list_the_activities_tagged_with_them(
        app: SphinxTestApp) -> None:
    app.build()
    factor = page(app, "_generated/success-factors").find("section", id="pr-roles")
    assert [a["href"] for a in factor.find_all("a", class_="reference")] == [
        "stages/implementation.html#train-teams"]
    construct = page(app, "_generated/npt").find("section", id="reflexive-monitoring")
    activities = construct.find("section", id="reflexive-monitoring--activities")
    assert [a.get_text() for a in activities.find_all("a", class_="reference")] == [
        "Check fidelity"]


@pytest.mark.sphinx("html", testroot="minimal")
def test_role_page_lists_its_activities_and_process_steps(app: SphinxTestApp) -> None:
    app.build()
    soup = page(app, "_generated/roles/nurse")
    assert "You will hold the conversation." in soup.find(
        "section", id="role--what-this-means").get_text()
    steps = soup.find("section", id="role--process")
    assert [a["href"] for a in steps.find_all("a", class_="reference")] == [
        "../process.html#preparation", "../process.html#discussion"]
    by_stage = soup.find("section", id="role--activities")
    assert [a.get_text() for a in by_stage.find_all("a", class_="reference")] == [
        "Stage 1: Set-up", "Form a steering group",
        "Stage 2: Implementation and training", "Train teams",
        "Stage 3: Maintenance", "Check fidelity"]
    assert by_stage.find("a", string="Train teams")["href"] == (
        "../stages/implementation.html#train-teams")


@pytest.mark.sphinx("html", testroot="minimal")
def test_house_diagram_has_a_focusable_link_per_part_and_a_text_alternative(
        app: SphinxTestApp) -> None:
    app.build()
    soup = page(app, "_generated/house-of-care")
    figure = soup.find("figure", class_="pcsp-house")
    svg = figure.find("svg")
    title_id, desc_id = svg["aria-labelledby"], svg["aria-describedby"]
    assert svg.find("title", id=title_id).get_text() == "House of Care"
    assert "Left wall: Engaged, informed people." in svg.find("desc", id=desc_id).get_text()
    assert svg.get("role") is None
    svg_links = [(a["href"], a.get_text(" ", strip=True)) for a in svg.find_all("a")]
    assert svg_links == [
        ("#roof", "Organisational systems"),
        ("#left-wall", "Engaged, informed people"),
        ("process.html", "The conversation"),
        ("#right-wall", "Committed clinicians"),
        ("#foundation", "Commissioning"),
    ]
    assert all(a.get("tabindex") is None for a in svg.find_all("a"))  # focusable as links
    # The same house drawn narrow for phones (the stylesheet shows one of the two).
    wide, narrow = figure.find_all("svg")
    assert "pcsp-house__svg--wide" in wide["class"] and "pcsp-house__svg--narrow" in narrow["class"]
    assert [(a["href"], a.get_text(" ", strip=True)) for a in narrow.find_all("a")] == svg_links
    assert narrow.find("title", id=narrow["aria-labelledby"]).get_text() == "House of Care"
    assert narrow.find("desc", id=narrow["aria-describedby"]).get_text() == \
        svg.find("desc").get_text()
    assert narrow["aria-labelledby"] != title_id
    alternative = figure.find("figcaption").find("ol")
    assert [(a["href"], a.get_text()) for a in alternative.find_all("a")] == [
        ("#roof", "Roof: organisational systems"),
        ("#left-wall", "Left wall: engaged people"),
        ("process.html", "The conversation"),
        ("#right-wall", "Right wall: committed clinicians"),
        ("#foundation", "Foundation: commissioning"),
    ]
    css = (app.outdir / "_static" / "pcsp.css").read_text(encoding="utf-8")
    assert ".pcsp-house__part:focus-visible .pcsp-house__shape" in css
    assert ".pcsp-house__svg--narrow" in css


@pytest.mark.sphinx("text", testroot="minimal")
def test_other_builders_show_the_text_alternative(app: SphinxTestApp) -> None:
    app.build()
    text = (app.outdir / "_generated" / "house-of-care.txt").read_text(encoding="utf-8")
    assert "1. Roof: organisational systems" in text
    assert "3. The conversation" in text
    assert "<svg" not in text and "Organisational systems" not in text


def test_diagram_svg_escapes_labels_and_links() -> None:
    svg = render_svg("d", "A & B", [("roof", '<b>"x"</b>', '#r"><script>'),
                                    ("centre", "plain", None)])
    assert "<title class=\"nohighlight\" id=\"d-title\">A &amp; B</title>" in svg
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in svg
    assert 'href="#r&quot;&gt;&lt;script&gt;"' in svg
    assert "<script>" not in svg and "<b>" not in svg
    assert '<g class="pcsp-house__part pcsp-house__part--centre">' in svg
    narrow = render_svg("d", "A & B", [("roof", '<b>"x"</b>', '#r"><script>')], narrow=True)
    assert "&lt;b&gt;&quot;x&quot;&lt;/b&gt;" in narrow and "<b>" not in narrow


def test_colours_meet_wcag_aa_contrast() -> None:
    for fill, text in PALETTE.values():
        assert contrast(fill, text) >= 4.5, (fill, text)
    assert contrast("#ffeb3b", TEXT_DARK) >= 4.5  # focused part
    light, dark = THEME_OPTIONS["light_css_variables"], THEME_OPTIONS["dark_css_variables"]
    for name in ("color-brand-primary", "color-brand-content", "color-brand-visited"):
        assert contrast(light[name], "#ffffff") >= 4.5, name  # furo light background
        assert contrast(light[name], "#f8f9fb") >= 4.5, name  # furo light sidebar
        assert contrast(dark[name], "#131416") >= 4.5, name  # furo dark background


@pytest.mark.sphinx("html", testroot="minimal")
def test_breadcrumbs_show_the_path_to_the_page(app: SphinxTestApp) -> None:
    app.build()
    nav = page(app, "_generated/stages/set-up").find("nav", attrs={"aria-label": "Breadcrumb"})
    items = nav.ol.find_all("li")
    assert [li.get_text(strip=True) for li in items] == [
        "Home", "Minimal test guide", "Stages", "Stage 1: Set-up"]
    assert [li.a["href"] for li in items[:-1]] == [
        "../../index.html", "../index.html", "index.html"]
    assert items[-1].find(attrs={"aria-current": "page"})
    assert page(app, "index").find("nav", attrs={"aria-label": "Breadcrumb"}) is None


@pytest.mark.sphinx("html", testroot="minimal")
def test_previous_and_next_links_follow_the_reading_order(app: SphinxTestApp) -> None:
    app.build()
    soup = page(app, "_generated/stages/set-up")
    assert soup.find("a", class_="prev-page")["href"] == "index.html"
    assert soup.find("a", class_="next-page")["href"] == "implementation.html"
    assert "Stage 2: Implementation and training" in soup.find(
        "a", class_="next-page").get_text()


@pytest.mark.sphinx("html", testroot="minimal")
def test_search_works_offline(app: SphinxTestApp) -> None:
    app.build()
    search = page(app, "search")
    sources = [s["src"] for s in search.find_all("script", src=True)]
    assert any(s.startswith("searchindex.js") for s in sources)
    index = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    assert '"chair":' in index  # from "Find a chair." in stages.yaml
    assert "Stage 1: Set-up" in index


@pytest.mark.sphinx("html", testroot="minimal")
def test_no_page_or_stylesheet_loads_anything_from_the_network(app: SphinxTestApp) -> None:
    app.build()
    for path in html_pages(app.outdir):
        html = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"),
                          ("iframe", "src")):
            for element in html.find_all(tag, attrs={attr: True}):
                assert not re.match(r"(https?:)?//", element[attr]), (path.name, element)
    remote = re.compile(r"@import|url\(\s*['\"]?(https?:)?//")
    for css in app.outdir.rglob("*.css"):
        assert not remote.search(css.read_text(encoding="utf-8")), css.name
    assert not [p for p in (app.outdir / "_sources").rglob("*") if p.is_file()]
    assert page(app, "_generated/npt").find("a", string=re.compile("Show Source")) is None


@pytest.mark.sphinx("html", testroot="minimal")
def test_generated_sources_hold_only_a_digest_and_a_directive(app: SphinxTestApp) -> None:
    app.build()
    source = (app.srcdir / "_generated" / "stages" / "set-up.md").read_text(encoding="utf-8")
    assert re.fullmatch(
        r"% content-digest: [0-9a-f]{64}\n% Generated [^\n]*\n\n"
        r"```\{pcsp-page\} stage set-up\n```\n", source)
    assert "Form a steering group" not in source


# ---------------------------------------------------------------- hostile content

@pytest.mark.sphinx("html", testroot="hostile", freshenv=True)
def test_hostile_content_is_shown_as_literal_text(app: SphinxTestApp) -> None:
    app.build()
    assert app.warning.getvalue().strip() == ""
    for path in html_pages(app.outdir):
        html = soup(path)
        for script in html.find_all("script"):
            assert "alert" not in script.get_text(), (path.name, script)
        for tag in html.find_all(True):
            assert not any(name.startswith("on") for name in tag.attrs), (path.name, tag)
            for attr in ("href", "src"):
                assert not str(tag.get(attr, "")).strip().lower().startswith("javascript:"), (
                    path.name, tag)
        assert html.find("iframe") is None and html.find("img") is None
        assert not any("display:none" in s.get_text() for s in html.find_all("style"))
    overview = page(app, "_generated/index").get_text()
    assert "```{eval-rst}" in overview and "<script>alert(" in overview
    assert "{raw}`html <script>alert(" in overview
    assert "[x](javascript:alert(" in overview
    assert "<b onmouseover=alert(" in overview
    stage = page(app, "_generated/stages/set-up")
    assert "<img src=x onerror=alert(" in stage.find("section", id="form-steering-group").h2.text
    assert "{{ 7 * 7 }} {% raw %}" in stage.get_text() and "49" not in stage.get_text()
    house = page(app, "_generated/house-of-care").find("svg", class_="pcsp-house__svg")
    assert "<script>alert(" in house.get_text() and "</svg><script>" in house.get_text()
    title = page(app, "_generated/npt").title.get_text()
    assert "<script>alert(" in title  # the site title, from the guide, is text too
    brand = page(app, "_generated/npt").find(class_="sidebar-brand-text").get_text()
    assert brand.startswith("<script>alert(")


# ---------------------------------------------------------------- cross-references

@pytest.mark.sphinx("html", testroot="xref", freshenv=True)
def test_hand_written_pages_link_to_items_and_missing_ids_warn(app: SphinxTestApp) -> None:
    app.build()
    soup = page(app, "index")
    links = {a.get_text(): a["href"] for a in soup.find("section").find_all("a")
             if "reference" in a.get("class", [])}
    assert links["Form a steering group"] == "_generated/stages/set-up.html#form-steering-group"
    assert links["the nurse page"] == "_generated/roles/nurse.html"
    assert "no-such-item" not in links
    assert "pcsp: no content item with id 'no-such-item'" in app.warning.getvalue()


def test_pcsp_warnings_are_typed_so_suppress_warnings_works(tmp_path: Path,
                                                            make_app: MakeApp) -> None:
    srcdir = copy_root("xref", tmp_path / "xref")
    (srcdir / "twice.md").write_text("# Twice\n\n```{pcsp-page} role nurse\n```\n",
                                     encoding="utf-8")
    edit(srcdir / "index.md", "_generated/index\n", "_generated/index\ntwice\n")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert "item 'nurse' is shown on two pages" in app.warning.getvalue()
    assert "[pcsp.duplicate-item]" in app.warning.getvalue()
    quiet = make_app("html", srcdir=srcdir, freshenv=True,
                     confoverrides={"suppress_warnings": ["pcsp.duplicate-item"]})
    quiet.build()
    assert "shown on two pages" not in quiet.warning.getvalue()


# ---------------------------------------------------------------- errors and settings

def test_content_errors_stop_the_build_listing_every_problem(tmp_path: Path,
                                                              make_app: MakeApp) -> None:
    srcdir = copy_root("minimal", tmp_path / "minimal")
    (srcdir / "content" / "glossary.yaml").unlink()
    (srcdir / "content" / "roles.yaml").write_text("roles: [\n", encoding="utf-8")
    with pytest.raises(ExtensionError) as caught:
        make_app("html", srcdir=srcdir)
    message = str(caught.value)
    assert "content/glossary.yaml:1:1: error: required content file is missing" in message
    assert "content/roles.yaml:" in message and "YAML syntax error" in message
    assert "Traceback" not in message


def test_project_dir_setting_is_checked(tmp_path: Path, make_app: MakeApp) -> None:
    srcdir = copy_root("minimal", tmp_path / "minimal")
    with pytest.raises(ConfigError, match="pcsp_project_dir '.*nowhere' has no content/ folder"):
        make_app("html", srcdir=srcdir,
                 confoverrides={"pcsp_project_dir": str(tmp_path / "nowhere")})


def test_content_can_live_outside_the_source_folder(tmp_path: Path, make_app: MakeApp) -> None:
    project = copy_root("minimal", tmp_path / "minimal")
    srcdir = tmp_path / "source"
    srcdir.mkdir()
    shutil.move(project / "index.md", srcdir / "index.md")
    shutil.move(project / "conf.py", srcdir / "conf.py")
    app = make_app("html", srcdir=srcdir, confoverrides={"pcsp_project_dir": str(project)})
    app.build()
    assert (srcdir / "_generated" / "glossary.md").is_file()
    assert not (project / "_generated").exists()
    assert "Personalised care and support planning." in page(app, "_generated/glossary").text


# ---------------------------------------------------------------- rebuilds

def test_unchanged_content_rewrites_no_source_and_one_edit_rewrites_only_its_pages(
        tmp_path: Path, make_app: MakeApp) -> None:
    srcdir = copy_root("minimal", tmp_path / "minimal")
    make_app("html", srcdir=srcdir).build()
    first = generated_mtimes(srcdir)
    assert {"_generated/index.md", "_generated/stages/set-up.md",
            "_generated/roles/nurse.md"} <= first.keys()

    make_app("html", srcdir=srcdir).build()
    assert generated_mtimes(srcdir) == first

    glossary = srcdir / "content" / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(
        "Personalised care and support planning.", "Care planning, personalised."),
        encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    second = generated_mtimes(srcdir)
    assert {p for p in first if first[p] != second[p]} == {"_generated/glossary.md"}
    assert "Care planning, personalised." in page(app, "_generated/glossary").text

    stages = srcdir / "content" / "stages.yaml"
    stages.write_text(stages.read_text(encoding="utf-8").replace(
        "title: Train teams", "title: Train the whole team"), encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    third = generated_mtimes(srcdir)
    changed = {p for p in second if second[p] != third[p]}
    # Checklist pages (another renderer) may show the activity too; judge the rest exactly.
    assert {p for p in changed if not p.startswith("_generated/checklists/")} == {
        "_generated/stages/implementation.md",  # shows the activity
        "_generated/stages/index.md",  # lists it
        "_generated/roles/nurse.md",  # the nurse does it
        "_generated/house-of-care.md",  # it builds the right wall
        "_generated/success-factors.md",  # it supports pr-roles
        "_generated/npt.md",  # it is tagged collective-action
    }
    assert page(app, "_generated/roles/nurse").find("a", string="Train the whole team")


def test_stale_generated_sources_are_removed(tmp_path: Path, make_app: MakeApp) -> None:
    srcdir = copy_root("minimal", tmp_path / "minimal")
    stale = srcdir / "_generated" / "stages" / "old-stage.md"
    stale.parent.mkdir(parents=True)
    stale.write_text("% stale\n", encoding="utf-8")
    (srcdir / "_generated" / "gone").mkdir()
    (srcdir / "_generated" / "gone" / "page.md").write_text("% stale\n", encoding="utf-8")
    app = make_app("html", srcdir=srcdir)
    app.build()
    assert not stale.exists() and not (srcdir / "_generated" / "gone").exists()
    assert not (app.outdir / "_generated" / "stages" / "old-stage.html").exists()


def test_builds_with_source_date_epoch_are_byte_identical(
        tmp_path: Path, make_app: MakeApp, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764000000")
    outputs = []
    for name in ("one", "two"):
        app = make_app("html", srcdir=copy_root("minimal", tmp_path / name / "minimal"),
                       freshenv=True)
        app.build()
        outputs.append(files(app.outdir))
    assert len(outputs[0]) > 40
    assert outputs[0].keys() == outputs[1].keys()
    differing = [name for name in outputs[0] if outputs[0][name] != outputs[1][name]]
    assert differing == []
