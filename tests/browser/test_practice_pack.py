"""The practice pack pages in real Chromium: live previews from the form, hostile text shown
literally, printing one preview, and the filter on the list of published packs."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from generator.build import build_site
from generator.content.load import read_yaml

from .harness import REPO, PageWatch, SiteServer, copy_project
from .test_accessibility import axe_violations

URL = "_generated/practice-pack.html"
HOSTILE = "St Mary's & St John's <script>alert(1)</script> {eval-rst} #set $x$ \\end"
WORDING = {item["id"]: item for doc in read_yaml(REPO / "content" / "patient-materials.yaml")
           .data["documents"] for item in doc["items"]}


def open_form(page: Any) -> None:
    """Open the form page and wait for its script to start."""
    page.goto(URL)
    page.locator(".pcsp-practice-pack.pcsp-js").wait_for()


def fill_details(page: Any, name: str) -> None:
    """Type a practice's details into the form, as a person would."""
    page.get_by_label("Practice name", exact=True).fill(name)
    page.get_by_label("Phone number").fill("01632 960000")
    page.get_by_label("Address").fill("12 Mill Lane\nNewtown\nNT1 2AB")
    page.get_by_label("Your name for the new way of working").fill("My Health Review")
    page.get_by_label("Tests and checks: who the patient sees").fill("a health care assistant")
    page.get_by_label("Tests and checks: where").fill("at the surgery")
    page.get_by_label("Tests and checks: minutes").fill("30")
    page.get_by_label("The talk: who the patient sees").fill("your practice nurse")
    page.get_by_label("The talk: where").fill("at the surgery")
    page.get_by_label("The talk: minutes").fill("20")
    page.get_by_label("Days before the talk that results are sent (7 to 14)").fill("10")
    page.get_by_label("How to ask for large print or other formats").fill("Ask at reception.")
    page.get_by_label("Local service 1: name").fill("Newtown Walking Group")
    page.get_by_label("Local service 1: what it offers").fill("Short walks every Tuesday.")
    page.get_by_label("Languages you can help in (optional)").fill("Cymraeg, Polski")


def preview(page: Any, kind: str) -> Any:
    """One preview document."""
    return page.locator(f'article[data-doc="{kind}"]')


def test_previews_show_what_is_typed(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    open_form(page)
    poster = preview(page, "poster")
    expect(poster.locator('[data-text="poster-kicker"]')).to_have_text("New at [practice name]")
    fill_details(page, "Riverside Health Centre")
    expect(poster.locator('[data-text="poster-kicker"]')).to_have_text(
        "New at Riverside Health Centre")
    expect(poster.locator('[data-field="model_of_care_name"]')).to_have_text("My Health Review")
    expect(poster.locator('[data-text="poster-ask"]')).to_have_text(
        "Ask at reception, or call us on 01632 960000.")
    steps = poster.locator('[data-points="poster-steps"] li').all_inner_texts()
    assert steps[1] == "Next, we send you your results 10 days before your talk."
    leaflet = preview(page, "leaflet")
    step1 = WORDING["leaflet-step1"]["text"].replace(
        "{information_gathering_who}", "a health care assistant").replace(
        "{information_gathering_where}", "at the surgery").replace(
        "{information_gathering_minutes}", "30")
    expect(leaflet.locator('[data-text="leaflet-step1"]')).to_have_text(step1)
    expect(leaflet.locator("[data-services] dt")).to_have_text(["Newtown Walking Group"])
    expect(leaflet.locator("[data-contact]")).to_contain_text("12 Mill Lane, Newtown, NT1 2AB")
    expect(leaflet.locator("[data-languages]")).to_have_text(
        f"{WORDING['shared-languages']['text']} Cymraeg, Polski.")
    script = preview(page, "script")
    expect(script.locator('[data-field="name"]').first).to_have_text("Riverside Health Centre")
    questions = script.locator('[data-entries="script-faq"] dt').all_inner_texts()
    assert questions == [e["title"] for e in WORDING["script-faq"]["entries"]]
    assert axe_violations(page) == []


def test_hostile_name_is_shown_literally(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    open_form(page)
    page.evaluate("window.__alerted = false;"
                  "window.alert = () => { window.__alerted = true; }; null")
    fill_details(page, HOSTILE)
    expect(preview(page, "poster").locator('[data-text="poster-kicker"]')).to_have_text(
        f"New at {HOSTILE}")
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


def test_without_javascript_the_page_explains_itself(browser: Any, server: SiteServer) -> None:
    context = browser.new_context(java_script_enabled=False, base_url=server.base_url)
    page = context.new_page()
    page.goto(URL)
    expect(page.locator("[data-no-js]")).to_be_visible()
    expect(page.locator("form.pcsp-pp-form")).to_be_hidden()
    expect(preview(page, "poster").locator('[data-text="poster-kicker"]')).to_have_text(
        "New at [practice name]")
    context.close()


@pytest.fixture(scope="module")
def packs_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The guide built with three practices' packs published, served on 127.0.0.1."""
    root = tmp_path_factory.mktemp("packs-guide")
    project = copy_project(root / "project")
    shutil.copytree(REPO / "_templates", project / "_templates")
    rows = (REPO / "examples" / "practices.csv").read_text(encoding="utf-8").splitlines()
    csv_path = root / "practices.csv"
    csv_path.write_text("\n".join(rows[:3]) + "\n", encoding="utf-8")
    assert build_site(project, out=root / "html", practices=csv_path) == 0
    srv = SiteServer(root / "html")
    yield srv
    srv.stop()


def test_published_packs_can_be_found(browser: Any, packs_site: SiteServer) -> None:
    watch = PageWatch(packs_site.base_url)
    context = browser.new_context(base_url=packs_site.base_url)
    context.route(lambda url: not url.startswith(packs_site.base_url), lambda r: r.abort())
    page = context.new_page()
    watch.attach(page)
    page.goto("_generated/practice-packs.html")
    page.locator(".pcsp-practice-packs.pcsp-js").wait_for()
    rows = page.locator(".pcsp-pp-list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator(".pcsp-pp-count")).to_have_text("Showing 2 of 2 practices.")
    search = page.get_by_label("Find a practice by name, ODS code or postcode")
    for query, practice in (("riverside", "Riverside Health Centre"), ("w12345", "Meddygfa Glan"),
                            ("SY23 1AA", "Meddygfa Glan"), ("nt12ab", "Riverside Health")):
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
    expect(page.locator("h1")).to_have_text("Practice pack for Riverside Health Centre")
    context.close()
    watch.assert_clean()
