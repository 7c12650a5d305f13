"""Practice packs in the guide: the form page's wording, and packs published at build time."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.content.project import load_project
from generator.release import copy_sources
from generator.site.practice_pack import postcode, wording_script

ROOT = Path(__file__).resolve().parent.parent
PARTS = ("conf.py", "content", "checklists", "source", "_templates")
NASTY = "St Mary's & St John's <script>alert(1)</script> {eval-rst} #set $x$ \\end"


def project_copy(dest: Path) -> Path:
    """A copy of this repository's project files (without built or generated files)."""
    return copy_sources(ROOT, dest, PARTS)


def practices_csv(path: Path, rows: int, **change: str) -> Path:
    """The first ``rows`` rows of examples/practices.csv, with some cells of row 2 changed."""
    lines = (ROOT / "examples" / "practices.csv").read_text(encoding="utf-8").splitlines()
    lines = lines[: rows + 1]
    for old, new in change.items():
        lines[1] = lines[1].replace(old, new)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def pcsp(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the pcsp command as a user would."""
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True,
                          text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built with two practices (one with a hostile name) published."""
    root = tmp_path_factory.mktemp("site")
    project = project_copy(root / "project")
    csv_path = practices_csv(root / "practices.csv", 2,
                             **{"Riverside Health Centre": f'"{NASTY}"'})
    result = pcsp("build", str(project), "--practices", str(csv_path))
    assert result.returncode == 0, result.stderr
    return project / "_build" / "html"


def test_form_page_carries_the_same_wording_as_the_packs(built: Path) -> None:
    soup = BeautifulSoup((built / "_generated" / "practice-pack.html").read_text("utf-8"),
                         "html.parser")
    assert soup.h1.get_text(strip=True).startswith("Make your practice pack")
    data = json.loads(soup.find("script", id="pcsp-pack-wording").string)
    wording = load_project(ROOT).wording.items
    assert data["wording"]["poster-ask"] == wording["poster-ask"]
    assert data["wording"]["script-faq"][0]["title"] == wording["script-faq"][0]["title"]
    assert soup.find(attrs={"data-text": "poster-kicker"}).get_text() == "New at [practice name]"
    assert soup.find("label", string="Practice name")
    form = soup.find("form", class_="pcsp-pp-form")
    assert form.has_attr("hidden")  # shown by the script
    # The form's fields are the practice profile's fields, with the profile's limits.
    schema = json.loads((ROOT / "generator" / "content" / "schema" / "practice.schema.json")
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
    index = (built / "_generated" / "index.html").read_text("utf-8")
    assert "Make your practice pack" in index and "Practice packs" in index


def test_published_packs_are_listed_and_linked(built: Path) -> None:
    soup = BeautifulSoup((built / "_generated" / "practice-packs.html").read_text("utf-8"),
                         "html.parser")
    rows = soup.select(".pcsp-pp-list tbody tr")
    assert [r.th.get_text() for r in rows] == ["Meddygfa Glan yr Afon", NASTY]
    assert [td.get_text() for td in rows[1].find_all("td")][:3] == ["A81001", "NT1 2AB",
                                                                   "Newtown"]
    assert "<script>alert" not in str(soup.select_one(".pcsp-pp-list"))
    for row in rows:
        code = row.find_all("td")[0].get_text()
        links = [a["href"] for a in row.find_all("a")]
        assert links == [f"../packs/{code}/index.html",
                         f"../packs/{code}/{code}-practice-pack.zip"]
        for link in links:
            assert (built / "_generated" / link).resolve().is_file()
    index = BeautifulSoup((built / "packs" / "A81001" / "index.html").read_text("utf-8"),
                          "html.parser")
    assert NASTY in index.get_text()


def test_a_bad_practices_csv_stops_the_build_and_keeps_the_last_one(built: Path,
                                                                    tmp_path: Path) -> None:
    project = built.parent.parent
    before = (built / "_generated" / "practice-packs.html").read_bytes()
    csv_path = practices_csv(tmp_path / "bad.csv", 2, A81001="A8100")
    result = pcsp("build", str(project), "--practices", str(csv_path))
    assert result.returncode == 1
    assert "row 2, column 'ods_code'" in result.stderr
    assert (built / "_generated" / "practice-packs.html").read_bytes() == before


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
