"""The practice pack pages in real Chromium: live previews from the form, hostile text shown
literally, printing one preview, and the filter on the list of published packs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.build import build_site
from generator.content.project import load_project
from generator.packs.profile import load_practices_csv
from generator.packs.wording import placeholder_values
from helpers import EXAMPLE_PRACTICES_CSV, REPO, copy_project, filled, practices_csv

from .harness import SiteServer, axe_violations, serving, watched_page

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
    page.get_by_label("Languages you can help in (optional)").fill("Cymraeg, Polski")


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
        f"{wording['shared-languages']} Cymraeg, Polski.")
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
    context.close()


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
