"""Old links keep working (issue 11): a link to an item whose id changed lands on the item,
and a link to an item that moved to another page is sent there.

The guide is built, then edited as an editor would (ids renamed and recorded under
``renamed_ids``) and built again, incrementally; then an activity is moved to the next stage.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import Tag

from helpers import copy_project, edit, pcsp, release_fixture_versions, soup

SET_UP = "_generated/stages/set-up.html"
IMPLEMENTATION = "_generated/stages/implementation-and-training.html"

RENAMED = {
    # old id: (new id, the page showing it, the tag of the item's element)
    "choose-patient-group": ("choose-first-patient-group", SET_UP, "section"),
    "agenda-setting": ("setting-the-agenda", "_generated/glossary.html", "dt"),
    "we-do-this-already": ("we-already-do-this", "_generated/npt.html", "li"),
}
MOVED = ("define-local-model-of-care", SET_UP, IMPLEMENTATION)
"""An activity moved from the set-up stage to the next one: (id, old page, new page)."""

IMPLEMENTATION_HEADER = (
    "  - id: implementation-and-training\n"
    "    title: Implementation and training\n")


def rename(project: Path) -> None:
    """Rename three items, recording the old ids under ``renamed_ids``."""
    content, checklists = project / "content", project / "checklists"
    for old, (new, _page, _tag) in RENAMED.items():
        for path in [*content.glob("*.yaml"), *checklists.glob("*.yaml")]:
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(rf"(?<![\w-]){old}(?![\w-])", new, text), encoding="utf-8")
    renamed = "".join(f"  {old}: {new}\n" for old, (new, _p, _t) in RENAMED.items())
    edit(content / "guide.yaml", "licence: CC BY 4.0\n",
         f"licence: CC BY 4.0\nrenamed_ids:\n{renamed}")


def move(project: Path) -> None:
    """Move the last activity of the set-up stage to the start of the next stage."""
    stages = project / "content" / "stages.yaml"
    text = stages.read_text(encoding="utf-8")
    start = text.index(IMPLEMENTATION_HEADER)
    header = text[start:text.index("    activities:\n", start) + len("    activities:\n")]
    text = text.replace(header, "")
    moved = f"      - id: {MOVED[0]}\n"
    stages.write_text(text.replace(moved, header + moved), encoding="utf-8")


def build(project: Path, out: Path | None = None) -> Path:
    """Build the guide into ``out`` (default ``project/_build/html``)."""
    pcsp("build", str(project), *(["-o", str(out)] if out else []), check=True)
    return out or project / "_build" / "html"


def anchor_map(site: Path) -> dict:
    """The map of every item's place that the built site's follow script reads."""
    text = (site / "_static" / "anchors-map.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built, then edited (three ids renamed) and built again incrementally."""
    project = copy_project(tmp_path_factory.mktemp("anchors") / "project")
    before = build(project)
    assert before.joinpath(SET_UP).is_file()
    rename(project)
    return build(project)


@pytest.fixture(scope="module")
def moved_site(site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The renamed guide with an activity moved to the next stage, built afresh."""
    folder = tmp_path_factory.mktemp("moved")
    project = copy_project(folder / "project", root=site.parent.parent)
    move(project)
    return build(project, folder / "html")


@pytest.mark.parametrize("old", sorted(RENAMED))
def test_a_renamed_item_keeps_its_old_anchor(site: Path, old: str) -> None:
    new, page, tag = RENAMED[old]
    html = soup(site / page)
    anchor = html.find(id=old)
    assert anchor is not None, f"no element has the old id {old} on {page}"
    item = anchor.parent
    assert isinstance(item, Tag) and item.name == tag and item.get("id") == new
    assert anchor.name == "span" and not anchor.get_text()
    assert item.find(True) is anchor  # at the start of the item, before its heading or text
    assert len(html.find_all(id=old)) == 1


def test_the_map_leads_old_ids_and_moved_items_to_their_place(moved_site: Path) -> None:
    site = moved_site
    data = anchor_map(site)
    place = {item: (data["pages"][n], anchor) for item, (n, anchor) in data["items"].items()}
    assert place["choose-patient-group"] == (SET_UP, "choose-first-patient-group")
    assert place["choose-first-patient-group"] == (SET_UP, "choose-first-patient-group")
    assert place[MOVED[0]] == (IMPLEMENTATION, MOVED[0])
    assert place["set-up"] == (SET_UP, "")  # a stage's own page: its top
    assert not (site / SET_UP).read_text(encoding="utf-8").count(f'id="{MOVED[0]}"')
    # every page loads the (classic) script that follows the map
    script = soup(site / SET_UP).find("script", src=re.compile(r"anchors-follow\.js"))
    assert script is not None and script.get("type") in (None, "text/javascript")


def test_an_incremental_build_equals_a_clean_one(site: Path, tmp_path: Path) -> None:
    project = site.parent.parent
    clean = tmp_path / "clean"
    pcsp("build", str(project), "-o", str(clean), check=True)
    for page in (SET_UP, IMPLEMENTATION, "_generated/glossary.html", "_generated/npt.html"):
        assert (clean / page).read_bytes() == (site / page).read_bytes(), page
    assert anchor_map(clean) == anchor_map(site)


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture versions 1.0 and 1.1 released: 1.1 moved ``check-fidelity`` from the
    maintenance stage to implementation."""
    project = release_fixture_versions(tmp_path_factory.mktemp("released") / "project")
    return project / "_build" / "site"


@pytest.mark.parametrize("version", ["1.1", "latest"])
def test_a_moved_activity_leaves_a_notice_on_its_old_page(released: Path, version: str) -> None:
    page = released / version / "_generated" / "stages" / "maintenance.html"
    notice = soup(page).find(id="check-fidelity")
    assert notice is not None and "pcsp-moved-anchor" in notice["class"]
    assert " ".join(notice.get_text().split()) == (
        "\u201cCheck fidelity\u201d has moved to Stage 2: Implementation and training: "
        "go to \u201cCheck fidelity\u201d.")
    assert notice.find("a")["href"] == "implementation.html#check-fidelity"
    assert (page.parent / "implementation.html").is_file()
    assert soup(page).find("link", href=re.compile(r"anchors-moved\.css"))


def test_the_version_it_moved_from_keeps_it_in_place(released: Path) -> None:
    item = soup(released / "1.0" / "_generated" / "stages" / "maintenance.html").find(
        id="check-fidelity")
    assert item is not None and item.name == "section"
    assert not soup(released / "1.1" / "_generated" / "stages" / "implementation.html").find(
        class_="pcsp-moved-anchor")
