"""The practice pack pages in real Chromium: live previews from the form, hostile text shown
literally, printing one preview, the previews in each translated language and in Welsh and
English side by side, and the filter on the list of published packs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.build import build_site
from generator.content.definitions import definitions
from generator.content.project import load_project
from generator.packs.profile import load_practices_csv
from generator.packs.wording import placeholder_values
from helpers import EXAMPLE_PRACTICES_CSV, REPO, copy_project, filled, practices_csv

from .harness import SiteServer, axe_violations, nu_checker_errors, serving, watched_page

URL = "_generated/practice-pack.html"
HOSTILE = "St Mary's & St John's <script>alert(1)</script> {eval-rst} #set $x$ \\end"
DETAILS = {  # what fill_details types, by placeholder
    "phone": "01632 960000", "model_of_care_name": "My Health Review",
    "information_gathering_who": "a health care assistant",
    "information_gathering_where": "at the surgery", "information_gathering_minutes": "30",
    "conversation_who": "your practice nurse", "conversation_where": "at the surgery",
    "conversation_minutes": "20", "results_sent_days_before": "10",
    "accessible_formats_contact": "Ask at reception."}


@pytest.fixture(scope="module")
def wording() -> dict[str, Any]:
    """The pack wording the guide was built with (the previews must show it, whatever it says)."""
    return dict(load_project(REPO).wording.items)


@pytest.fixture(scope="module")
def translated() -> dict[str, dict[str, Any]]:
    """Each translation's wording (English where it lacks an item), by language code."""
    project = load_project(REPO)
    return {t.language: dict(project.wording.translated(t).items) for t in project.translations}


def says(wording: dict[str, Any], item_id: str, name: str, index: int | None = None) -> str:
    """A wording item (or one point of it) as the previews show it for the details that
    fill_details types, with practice name ``name``."""
    text = wording[item_id] if index is None else wording[item_id][index]
    return filled(text, {**DETAILS, "practice_name": name})


def open_form(page: Any) -> None:
    """Open the form page and wait for its script to start."""
    page.goto(URL)
    page.locator(".pcsp-practice-pack.pcsp-js").wait_for()


def fill_details(page: Any, name: str) -> None:
    """Type a practice's details into the form, as a person would."""
    page.get_by_label("Practice name", exact=True).fill(name)
    page.get_by_label("Phone number").fill(DETAILS["phone"])
    page.get_by_label("Address").fill("12 Mill Lane\nNewtown\nNT1 2AB")
    page.get_by_label("Your name for the new way of working").fill(DETAILS["model_of_care_name"])
    page.get_by_label("Tests and checks: who the patient sees").fill(
        DETAILS["information_gathering_who"])
    page.get_by_label("Tests and checks: where").fill(DETAILS["information_gathering_where"])
    page.get_by_label("Tests and checks: minutes").fill(DETAILS["information_gathering_minutes"])
    page.get_by_label("The talk: who the patient sees").fill(DETAILS["conversation_who"])
    page.get_by_label("The talk: where").fill(DETAILS["conversation_where"])
    page.get_by_label("The talk: minutes").fill(DETAILS["conversation_minutes"])
    page.get_by_label("Days before the talk that results are sent (7 to 14)").fill(
        DETAILS["results_sent_days_before"])
    page.get_by_label("How to ask for large print or other formats").fill(
        DETAILS["accessible_formats_contact"])
    page.get_by_label("Local service 1: name").fill("Newtown Walking Group")
    page.get_by_label("Local service 1: what it offers").fill("Short walks every Tuesday.")
    page.get_by_label("Languages you can help in (optional)").fill(" cy; polish, Klingon ")


HELP_IN = "Cymraeg (Welsh), Polski (Polish), Klingon"
"""The languages fill_details types, as the previews name them (as the PDFs do)."""
LANGUAGE = definitions()["practice_form_language"]["label"]
"""The label of the form's choice of language."""


def preview(page: Any, kind: str) -> Any:
    """One preview document."""
    return page.locator(f'article[data-doc="{kind}"]')


def test_previews_show_what_is_typed(site_page: tuple[str, Any],
                                    wording: dict[str, Any]) -> None:
    base_url, page = site_page
    open_form(page)
    poster = preview(page, "poster")
    expect(poster.locator('[data-text="poster-kicker"]')).to_have_text(
        says(wording, "poster-kicker", "[practice name]"))
    fill_details(page, "Riverside Health Centre")
    expect(poster.locator('[data-text="poster-kicker"]')).to_have_text(
        says(wording, "poster-kicker", "Riverside Health Centre"))
    expect(poster.locator('[data-field="model_of_care_name"]')).to_have_text("My Health Review")
    expect(poster.locator('[data-text="poster-ask"]')).to_have_text(
        says(wording, "poster-ask", "Riverside Health Centre"))
    steps = poster.locator('[data-points="poster-steps"] li').all_inner_texts()
    assert steps == [says(wording, "poster-steps", "Riverside Health Centre", n)
                     for n in range(len(wording["poster-steps"]))]
    leaflet = preview(page, "leaflet")
    expect(leaflet.locator('[data-text="leaflet-step1"]')).to_have_text(
        says(wording, "leaflet-step1", "Riverside Health Centre"))
    expect(leaflet.locator("[data-services] dt")).to_have_text(["Newtown Walking Group"])
    expect(leaflet.locator("[data-contact]")).to_contain_text("12 Mill Lane, Newtown, NT1 2AB")
    expect(leaflet.locator("[data-languages]")).to_have_text(
        f"{wording['shared-languages']} {HELP_IN}.")
    script = preview(page, "script")
    expect(script.locator('[data-field="name"]').first).to_have_text("Riverside Health Centre")
    questions = script.locator('[data-entries="script-faq"] dt').all_inner_texts()
    assert questions == [e["title"] for e in wording["script-faq"]]
    if base_url.startswith("http"):  # axe reads the style sheets, refused from disk
        assert axe_violations(page) == []


def test_hostile_name_is_shown_literally(site_page: tuple[str, Any],
                                         wording: dict[str, Any]) -> None:
    _, page = site_page
    open_form(page)
    page.evaluate("window.__alerted = false;"
                  "window.alert = () => { window.__alerted = true; }; null")
    fill_details(page, HOSTILE)
    expect(preview(page, "poster").locator('[data-text="poster-kicker"]')).to_have_text(
        says(wording, "poster-kicker", HOSTILE))
    expect(preview(page, "leaflet").locator('[data-field="name"]').first).to_have_text(HOSTILE)
    assert page.locator(".pcsp-practice-pack script:not([type])").count() == 0
    assert page.evaluate("window.__alerted") is False


def test_print_button_prints_that_preview_alone(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    open_form(page)
    fill_details(page, "Riverside Health Centre")
    page.evaluate("window.print = () => { const copy = document.querySelector("
                  "'.pcsp-pp-print-root article'); window.__printed = ["
                  "document.documentElement.className, copy.dataset.doc, copy.textContent]; };"
                  "null")
    page.get_by_role("button", name="Print or save the leaflet as PDF").click()
    classes, doc, text = page.evaluate("window.__printed")
    assert "pcsp-pp-printing" in classes and doc == "leaflet"
    assert text.startswith("Riverside Health CentreMy Health Review")
    # Everything on the page but the copy is left out of the printout.
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.page')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.pcsp-pp-print-root'))"
                         ".display") != "none"
    page.emulate_media(media="screen")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.locator(".pcsp-pp-print-root").count() == 0


def test_without_javascript_the_page_explains_itself(browser: Any, site_url: str,
                                                     wording: dict[str, Any]) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=site_url)
    page = context.new_page()
    page.goto(URL)
    expect(page.locator("[data-no-js]")).to_be_visible()
    expect(page.locator("form.pcsp-pp-form")).to_be_hidden()
    expect(preview(page, "poster").locator('[data-text="poster-kicker"]')).to_have_text(
        says(wording, "poster-kicker", "[practice name]"))
    # The previews are in English only, with no dead language choice and no note.
    expect(page.locator("select")).to_have_count(1)
    expect(page.locator("select")).to_be_hidden()
    for kind in ("poster", "leaflet", "script"):
        doc = preview(page, kind)
        expect(doc.locator("[data-part]")).to_have_count(1)
        expect(doc).not_to_have_attribute("lang", re.compile("."))
        expect(doc.locator("[data-unreviewed]")).to_be_hidden()
    context.close()


def choose(page: Any, label: str) -> None:
    """Choose the previews' language by its label, as a person would."""
    page.get_by_label(LANGUAGE).select_option(label=label)


def test_choosing_welsh_shows_the_poster_and_leaflet_in_welsh(
        site_page: tuple[str, Any], wording: dict[str, Any],
        translated: dict[str, dict[str, Any]]) -> None:
    base_url, page = site_page
    welsh = translated["cy"]
    open_form(page)
    fill_details(page, "Riverside Health Centre")
    choice = page.get_by_label(LANGUAGE)
    assert choice.locator("option").all_inner_texts() == [
        "English", "Cymraeg (Welsh)", "Polski (Polish)", "اردو (Urdu)",
        "Cymraeg and English side by side"]
    choose(page, "Cymraeg (Welsh)")
    poster, leaflet, script = (preview(page, k) for k in ("poster", "leaflet", "script"))
    expect(poster).to_have_attribute("lang", "cy")
    expect(poster).to_have_attribute("dir", "ltr")
    assert welsh["poster-ask"] != wording["poster-ask"]
    expect(poster.locator('[data-text="poster-ask"]')).to_have_text(
        says(welsh, "poster-ask", "Riverside Health Centre"))
    steps = poster.locator('[data-points="poster-steps"] li').all_inner_texts()
    assert steps == [says(welsh, "poster-steps", "Riverside Health Centre", n)
                     for n in range(len(welsh["poster-steps"]))]
    expect(leaflet).to_have_attribute("lang", "cy")
    expect(leaflet.locator('[data-text="leaflet-step1"]')).to_have_text(
        says(welsh, "leaflet-step1", "Riverside Health Centre"))
    expect(leaflet.locator("[data-contact] dt").first).to_have_text(welsh["shared-phone-label"])
    expect(leaflet.locator("[data-languages]")).to_have_text(
        f"{welsh['shared-languages']} {HELP_IN}.")
    # The translation has no reviewed date: the note says so, in English, for staff.
    note = poster.locator("[data-unreviewed]")
    expect(note).to_be_visible()
    expect(note).to_have_text(wording["index-translation-unreviewed"])
    expect(note).to_have_attribute("lang", "en")
    # The staff script is for the team: it stays in English, as in the printed pack.
    expect(script).to_have_attribute("lang", "en")
    expect(script.locator('[data-text="script-title"]')).to_have_text(
        says(wording, "script-title", "Riverside Health Centre"))
    if base_url.startswith("http"):
        assert axe_violations(page) == []
    choose(page, "English")
    expect(poster).to_have_attribute("lang", "en")
    expect(poster.locator('[data-text="poster-ask"]')).to_have_text(
        says(wording, "poster-ask", "Riverside Health Centre"))
    expect(note).to_be_hidden()


def test_urdu_previews_read_right_to_left(site_page: tuple[str, Any],
                                          translated: dict[str, dict[str, Any]]) -> None:
    base_url, page = site_page
    open_form(page)
    fill_details(page, "Riverside Health Centre")
    choose(page, "اردو (Urdu)")
    poster = preview(page, "poster")
    expect(poster).to_have_attribute("dir", "rtl")
    expect(poster).to_have_attribute("lang", "ur")
    expect(poster.locator('[data-text="poster-ask"]')).to_have_text(
        says(translated["ur"], "poster-ask", "Riverside Health Centre"))
    # Laid out from the right: a short line ends at the right edge, the list's numbers too.
    name = poster.locator('[data-field="model_of_care_name"]')
    left, right, box_left, box_right = name.evaluate(
        "e => { const r = document.createRange(); r.selectNodeContents(e);"
        " const t = r.getBoundingClientRect(), b = e.getBoundingClientRect();"
        " return [t.left, t.right, b.left, b.right]; }")
    assert abs(right - box_right) < 2 and left - box_left > 50
    steps = poster.locator('[data-points="poster-steps"]')
    assert steps.evaluate("e => parseFloat(getComputedStyle(e).paddingRight)") > \
        steps.evaluate("e => parseFloat(getComputedStyle(e).paddingLeft)")
    # The note for staff stays English, left to right.
    expect(poster.locator("[data-unreviewed]")).to_have_attribute("dir", "ltr")
    if base_url.startswith("http"):
        assert axe_violations(page) == []


def boxes(parts: Any) -> list[dict[str, float]]:
    """Where each part of a preview is on the page, measured at one moment."""
    return parts.evaluate_all("ps => ps.map(p => p.getBoundingClientRect().toJSON())")


def test_a_practice_in_wales_gets_welsh_and_english_side_by_side(
        site_page: tuple[str, Any], wording: dict[str, Any],
        translated: dict[str, dict[str, Any]]) -> None:
    base_url, page = site_page
    welsh = translated["cy"]
    open_form(page)
    fill_details(page, "Meddygfa Glan yr Afon")
    choice = page.get_by_label(LANGUAGE)
    expect(choice).to_have_value("en")
    page.get_by_label("ODS code").fill("W12345")
    expect(choice).to_have_value("cy-en")
    expect(choice.locator("option:checked")).to_have_text("Cymraeg and English side by side")
    for kind in ("poster", "leaflet"):
        parts = preview(page, kind).locator("[data-part]")
        expect(parts).to_have_count(2)
        assert [parts.nth(n).get_attribute("lang") for n in (0, 1)] == ["cy", "en"]
    parts = preview(page, "poster").locator("[data-part]")
    expect(parts.nth(0).locator('[data-text="poster-ask"]')).to_have_text(
        says(welsh, "poster-ask", "Meddygfa Glan yr Afon"))
    expect(parts.nth(1).locator('[data-text="poster-ask"]')).to_have_text(
        says(wording, "poster-ask", "Meddygfa Glan yr Afon"))
    expect(parts.nth(0).locator("[data-unreviewed]")).to_be_visible()
    expect(parts.nth(1).locator("[data-unreviewed]")).to_be_hidden()
    welsh_box, english_box = boxes(parts)
    assert welsh_box["right"] <= english_box["left"]  # Welsh on the left
    assert abs(welsh_box["top"] - english_box["top"]) < 1  # side by side
    expect(preview(page, "script").locator("[data-part]")).to_have_count(1)
    expect(preview(page, "script")).to_have_attribute("lang", "en")
    if base_url.startswith("http"):
        assert axe_violations(page) == []
    # On a phone, one above the other, Welsh first.
    page.set_viewport_size({"width": 375, "height": 800})
    welsh_box, english_box = boxes(parts)
    assert welsh_box["bottom"] <= english_box["top"]
    page.set_viewport_size({"width": 1280, "height": 800})
    # Another ODS code goes back to English, until the user chooses for themselves.
    page.get_by_label("ODS code").fill("A81001")
    expect(choice).to_have_value("en")
    expect(preview(page, "poster").locator("[data-part]")).to_have_count(1)
    choose(page, "Cymraeg (Welsh)")
    page.get_by_label("ODS code").fill("W12345")
    expect(choice).to_have_value("cy")
    expect(preview(page, "poster")).to_have_attribute("lang", "cy")
    expect(preview(page, "poster").locator("[data-part]")).to_have_count(1)


def test_form_page_has_no_nu_html_checker_errors(site_dir: Path) -> None:
    assert nu_checker_errors(site_dir, [URL]) == ""


@pytest.fixture(scope="module")
def packs_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The guide built with two practices' packs published, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("packs-guide")
    project = copy_project(root / "project")
    csv_path = practices_csv(root / "practices.csv", 2)
    assert build_site(project, out=root / "html", practices=csv_path) == 0
    with serving(root / "html") as srv:
        yield srv


@pytest.mark.slow  # builds the whole guide again, with packs
def test_published_packs_can_be_found(browser: Any, packs_site: SiteServer,
                                      wording: dict[str, Any]) -> None:
    with watched_page(browser, packs_site.base_url) as (page, _):
        page.goto("_generated/practice-packs.html")
        page.locator(".pcsp-practice-packs.pcsp-js").wait_for()
        rows = page.locator(".pcsp-pp-list tbody tr")
        expect(rows).to_have_count(2)
        expect(page.locator(".pcsp-pp-count")).to_have_text("Showing 2 of 2 practices.")
        search = page.get_by_label("Find a practice by name, ODS code or postcode")
        for query, practice in (("riverside", "Riverside Health Centre"),
                                ("w12345", "Meddygfa Glan"), ("SY23 1AA", "Meddygfa Glan"),
                                ("nt12ab", "Riverside Health")):
            search.fill(query)
            expect(rows.locator("visible=true")).to_have_count(1)
            expect(rows.locator("visible=true")).to_contain_text(practice)
        search.fill("no such practice")
        expect(page.locator(".pcsp-pp-none")).to_be_visible()
        assert axe_violations(page) == []
        search.fill("")
        page.get_by_role("row", name="Riverside Health Centre").get_by_role(
            "link", name="Open the pack").click()
        expect(page).to_have_url(f"{packs_site.base_url}packs/A81001/index.html")
        riverside = load_practices_csv(EXAMPLE_PRACTICES_CSV)[0].practice
        expect(page.locator("h1")).to_have_text(
            filled(wording["index-title"], placeholder_values(riverside)))
