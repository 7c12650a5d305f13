"""Practice packs in the guide: the form page's wording (in English and each translation,
with the same languages and Welsh and English layout as the printed packs), and packs
published at build time.

The tests that use the built guide are ``slow``: the module builds the whole guide three times.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.content.definitions import definitions, language_label
from generator.content.project import load_project
from generator.site.html import html_element
from generator.site.practice_pack import (
    postcode,
    practice_pack_view,
    render_form,
    wording_script,
)
from helpers import REPO, copy_project, edit, filled, pcsp, practices_csv, soup

NASTY = "St Mary's & St John's <script>alert(1)</script> {eval-rst} #set $x$ \\end"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built with two practices (one with a hostile name) published."""
    root = tmp_path_factory.mktemp("site")
    project = copy_project(root / "project")
    csv_path = practices_csv(root / "practices.csv", 2, change={"name": NASTY})
    result = pcsp("build", str(project), "--practices", str(csv_path))
    assert result.returncode == 0, result.stderr
    return project / "_build" / "html"


@pytest.mark.slow
def test_form_page_carries_the_same_wording_as_the_packs(built: Path) -> None:
    html = soup(built / "_generated" / "practice-pack.html")
    assert html.h1.get_text(strip=True).startswith("Make your practice pack")
    data = json.loads(html.find("script", id="pcsp-pack-wording").string)
    wording = load_project(REPO).wording.items
    assert data["wording"]["poster-ask"] == wording["poster-ask"]
    assert data["wording"]["script-faq"][0]["title"] == wording["script-faq"][0]["title"]
    # Until the form is filled in, the gaps show what goes in them.
    assert html.find(attrs={"data-text": "poster-kicker"}).get_text() == filled(
        wording["poster-kicker"], {"practice_name": "[practice name]"})
    assert html.find("label", string="Practice name")
    form = html.find("form", class_="pcsp-pp-form")
    assert form.has_attr("hidden")  # shown by the script
    # The form's fields are the practice profile's fields, with the profile's limits.
    schema = json.loads((REPO / "generator" / "content" / "schema" / "practice.schema.json")
                        .read_text("utf-8"))
    minutes = schema["$defs"]["appointment"]["properties"]["minutes"]
    box = form.find("input", attrs={"name": "appointments.conversation.minutes"})
    assert (box["type"], box["min"], box["max"]) == (
        "number", str(minutes["minimum"]), str(minutes["maximum"]))
    service = form.find("input", attrs={"name": "more_than_medicine.2.name"})
    assert service["maxlength"] == str(
        schema["properties"]["more_than_medicine"]["items"]["properties"]["name"]["maxLength"])
    names = {box["name"] for box in form.find_all(["input", "textarea"])}
    assert set(data["placeholders"].values()) <= names  # every gap can be filled in
    # The choice of language is part of the form (hidden until the script runs), with
    # English chosen; the previews are drawn in English, with no language of their own.
    choice = form.find("select")
    assert html.find("label", attrs={"for": choice["id"]})
    assert [(o["value"], o.has_attr("selected")) for o in choice.find_all("option")] == [
        ("en", True), ("cy", False), ("pl", False), ("ur", False), ("cy-en", False)]
    assert data["languages"]["translations"]["cy"]["wording"]["poster-ask"] == \
        next(t for t in load_project(REPO).translations if t.language == "cy").items[
            "poster-ask"]
    for doc in html.select("article[data-doc]"):
        assert not doc.has_attr("lang") and len(doc.select("[data-part]")) == 1
    index = (built / "_generated" / "index.html").read_text("utf-8")
    assert "Make your practice pack" in index and "Practice packs" in index


@pytest.mark.slow
def test_published_packs_are_listed_and_linked(built: Path) -> None:
    html = soup(built / "_generated" / "practice-packs.html")
    rows = html.select(".pcsp-pp-list tbody tr")
    assert [r.th.get_text() for r in rows] == ["Meddygfa Glan yr Afon", NASTY]
    assert [td.get_text() for td in rows[1].find_all("td")][:3] == ["A81001", "NT1 2AB",
                                                                   "Newtown"]
    assert "<script>alert" not in str(html.select_one(".pcsp-pp-list"))
    for row in rows:
        code = row.find_all("td")[0].get_text()
        links = [a["href"] for a in row.find_all("a")]
        assert links == [f"../packs/{code}/index.html",
                         f"../packs/{code}/{code}-practice-pack.zip"]
        for link in links:
            assert (built / "_generated" / link).resolve().is_file()
    index = soup(built / "packs" / "A81001" / "index.html")
    assert NASTY in index.get_text()


@pytest.mark.slow
def test_a_bad_practices_csv_stops_the_build_and_keeps_the_last_one(built: Path,
                                                                    tmp_path: Path) -> None:
    project = built.parent.parent
    before = (built / "_generated" / "practice-packs.html").read_bytes()
    csv_path = practices_csv(tmp_path / "bad.csv", 2, change={"ods_code": "A8100"})
    result = pcsp("build", str(project), "--practices", str(csv_path))
    assert result.returncode == 1
    assert "row 2, column 'ods_code'" in result.stderr
    assert (built / "_generated" / "practice-packs.html").read_bytes() == before


@pytest.mark.slow
def test_rebuild_without_a_practice_removes_its_pack(built: Path, tmp_path: Path) -> None:
    project = built.parent.parent
    csv_path = practices_csv(tmp_path / "one.csv", 1)
    assert pcsp("build", str(project), "--practices", str(csv_path)).returncode == 0
    assert sorted(p.name for p in (built / "packs").iterdir()) == ["A81001"]


def test_wording_json_cannot_end_its_script_element() -> None:
    node = wording_script({"wording": {"x": "</script><script>alert(1)</script> & <!--"},
                           "fields": [], "placeholders": {}, "placeholder_pattern": "",
                           "service_blank": {}, "services": {}})
    html = node.astext()
    inside = html.split(">", 1)[1].rsplit("</script>", 1)[0]
    assert "<" not in inside and ">" not in inside and "&" not in inside
    assert json.loads(inside)["wording"]["x"] == "</script><script>alert(1)</script> & <!--"


def test_postcode_is_found_in_an_address() -> None:
    assert postcode("12 Mill Lane\nNewtown\nnt1 2ab") == "NT1 2AB"
    assert postcode("1 Stryd Fawr, Aberystwyth, SY23 1AA") == "SY23 1AA"
    assert postcode("No postcode here") == ""


# --- the languages of the form page ----------------------------------------------------------

def options(form: html_element) -> list[tuple[str, str]]:
    """The (value, label) of each option of the form's language choice."""
    return [(o["html_attrs"]["value"], o.astext()) for o in form.findall(html_element)
            if o["tag"] == "option"]


def test_form_page_offers_the_languages_of_the_printed_packs() -> None:
    project = load_project(REPO)
    view = practice_pack_view(project)
    assert view is not None
    languages = view["languages"]
    codes = [t.language for t in project.translations]
    assert codes == ["cy", "pl", "ur"]
    words = definitions()["practice_form_language"]
    assert options(render_form(view["fields"], languages)) == [
        ("en", "English"), *[(code, language_label(code)) for code in codes],
        ("cy-en", "Cymraeg and English side by side")]
    assert languages["bilingual"] == {"choice": "cy-en", "ods_prefix": "W",
                                      "docs": ["poster", "leaflet"]}
    assert languages["docs"] == ["poster", "leaflet"]  # the staff script stays in English
    assert languages["label"] == words["label"] and "(an ODS code starting with W)" in \
        languages["hint"]
    english = project.wording
    for t in project.translations:
        shown = languages["translations"][t.language]
        assert shown["unreviewed"] is (t.reviewed is None) is True
        assert shown["dir"] == ("rtl" if t.language == "ur" else "ltr")
        welsh = english.translated(t).items
        # Only what the translated previews show goes to the page, as translated.
        assert shown["wording"]["poster-ask"] == welsh["poster-ask"]
        assert shown["wording"]["leaflet-prepare"] == list(welsh["leaflet-prepare"])
        assert not any(k.startswith(("letter-", "script-", "easy-read-", "tv-"))
                       for k in shown["wording"])
    assert "script-faq" in view["wording"] and "letter-title" not in view["wording"]
    # Every language a profile may name, by code or name, with the label the PDFs use.
    assert languages["names"]["cy"] == ["Cymraeg (Welsh)", "Welsh", "Cymraeg"]
    assert languages["names"]["en"] == ["English"]
    payload = json.loads(wording_script(view).astext().split(">", 1)[1].rsplit("<", 1)[0])
    assert payload["languages"] == languages


def test_form_page_without_welsh_offers_no_side_by_side_and_a_reviewed_one_no_note(
        tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "content" / "translations" / "cy")
    edit(project / "content" / "translations" / "pl" / "patient-materials.yaml",
         "reviewed: false", "reviewed: '2026-11-01'")
    view = practice_pack_view(load_project(project))
    assert view is not None
    languages = view["languages"]
    assert options(render_form(view["fields"], languages)) == [
        ("en", "English"), ("pl", "Polski (Polish)"), ("ur", "اردو (Urdu)")]
    assert languages["bilingual"] is None and "Wales" not in languages["hint"]
    assert languages["translations"]["pl"]["unreviewed"] is False
    assert languages["translations"]["ur"]["unreviewed"] is True
    # With no translation at all, there is nothing to choose: no choice on the form.
    for code in ("pl", "ur"):
        shutil.rmtree(project / "content" / "translations" / code)
    view = practice_pack_view(load_project(project))
    assert view is not None and view["languages"]["translations"] == {}
    assert options(render_form(view["fields"], view["languages"])) == []
