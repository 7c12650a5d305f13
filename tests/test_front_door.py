"""The front door (issue 14): the home page sends each kind of reader where they need to go,
with sphinx-design's grid and cards, their titles made real headings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers import copy_project, pcsp, soup


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("front-door") / "project")
    result = pcsp("build", str(root))
    assert result.returncode == 0, result.stderr
    return root / "_build" / "html"


def test_each_kind_of_reader_has_an_entry_with_links_that_say_what_is_behind_them(
        site: Path) -> None:
    home = soup(site / "index.html")
    cards = home.select(".pcsp-front-door .sd-card")
    headings = [card.find("h2").get_text(strip=True) for card in cards]
    assert headings == ["Steering groups", "Practice teams", "Everyone involved", "Editors"]
    for card in cards:
        entries = card.find_all("li")
        assert entries, card
        for entry in entries:
            link = entry.find("a")
            assert (site / link["href"]).is_file(), link["href"]
            said = entry.get_text("", strip=False).strip().removeprefix(link.get_text())
            assert said.startswith(": ") and len(said.split()) >= 4, entry  # one line on it
        assert not card.select("a.sd-stretched-link")  # no link without words
    targets = {a["href"] for a in home.select(".pcsp-front-door a")}
    assert {"_generated/checklists/index.html", "_generated/self-assessment.html",
            "_generated/practice-pack.html", "_generated/roles/index.html",
            "editing-content.html"} <= targets


def test_the_overview_links_every_place_it_mentions(site: Path) -> None:
    overview = site / "_generated" / "index.html"
    page = soup(overview)
    for section_id, expected in (("read-by-stage", "Set-up"), ("read-by-role", "GP"),
                                 ("use-the-house", "Foundation"),
                                 ("use-the-checklists", "Checklists"),
                                 ("diagnose-stalled-work", "self-assessment")):
        section = page.find("section", id=section_id)
        links = section.select("ul a")
        assert links, section_id
        assert any(expected in a.get_text() for a in links), (section_id, links)
        for a in links:
            assert (overview.parent / a["href"].split("#")[0]).resolve().is_file(), a["href"]


def test_the_home_page_shows_the_guide_sections_unfolded(site: Path) -> None:
    def first_toggle(page: Path) -> Any:
        return soup(page).select_one(".sidebar-tree input.toctree-checkbox")

    toggle = first_toggle(site / "index.html")
    assert toggle.has_attr("checked") and toggle["checked"] == ""  # (valid HTML: no stray \)
    assert not first_toggle(site / "editing-content.html").has_attr("checked")
