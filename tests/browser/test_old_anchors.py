"""Old links keep working (issue 11), in Chromium, over HTTP and from ``file://``.

A link to an item whose id changed lands on the item; a link to an item that moved to
another page is sent there (by a classic script, so from disk too); in a released version,
a link to an activity that left a stage page shows, without JavaScript, where it went.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from helpers import copy_project, pcsp, release_fixture_versions
from test_old_anchors import IMPLEMENTATION, MOVED, SET_UP, move, rename

from .harness import SiteServer, axe_violations, nu_checker_errors, serving, watched_page

OLD_MAINTENANCE = "_generated/stages/maintenance.html"
NEW_IMPLEMENTATION = "_generated/stages/implementation.html"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide with three ids renamed and an activity moved to the next stage."""
    folder = tmp_path_factory.mktemp("old-anchors")
    project = copy_project(folder / "project")
    rename(project)
    move(project)
    pcsp("build", str(project), "-o", str(folder / "html"), check=True)
    return folder / "html"


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Versions 1.0 and 1.1 released; 1.1 moved ``check-fidelity`` to another stage."""
    project = release_fixture_versions(tmp_path_factory.mktemp("anchors-released") / "project")
    return project / "_build" / "site"


@pytest.fixture(scope="module")
def site_server(site: Path) -> Iterator[SiteServer]:
    with serving(site) as srv:
        yield srv


@pytest.fixture(scope="module")
def released_server(released: Path) -> Iterator[SiteServer]:
    with serving(released) as srv:
        yield srv


def base(mode: str, root: Path, server: SiteServer) -> str:
    """Where the built site is opened from: its HTTP address or its folder as a file URL."""
    return server.base_url if mode == "http" else root.as_uri() + "/"


TARGET = """() => {
    const target = document.querySelector(':target');
    if (!target) return {id: null};
    const item = target.tagName === 'SPAN' && !target.textContent ? target.parentElement
                                                                   : target;
    const box = item.getBoundingClientRect();
    return {id: target.id, item: item.id, tag: item.tagName.toLowerCase(),
            visible: box.top >= 0 && box.top < window.innerHeight && box.height > 0};
}"""


def targeted(page: Any) -> dict[str, Any]:
    """The element the address's fragment targets, its item (the element an empty anchor
    starts, or the target itself) and whether the item's start is on screen, once the
    browser has scrolled to it (it does so after the page has loaded)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    with suppress(PlaywrightTimeout):  # the assertion on the result says what is wrong
        page.wait_for_function(f"({TARGET})().visible", timeout=15_000)
    return page.evaluate(TARGET)


@pytest.mark.parametrize("mode", ["http", "file"])
@pytest.mark.parametrize(("page_path", "old", "new", "tag"), [
    (SET_UP, "choose-patient-group", "choose-first-patient-group", "section"),
    ("_generated/glossary.html", "agenda-setting", "setting-the-agenda", "dt"),
    ("_generated/npt.html", "we-do-this-already", "we-already-do-this", "li"),
])
def test_an_old_id_lands_on_the_renamed_item(browser: Any, site: Path, site_server: SiteServer,
                                             mode: str, page_path: str, old: str, new: str,
                                             tag: str) -> None:
    url = base(mode, site, site_server)
    with watched_page(browser, url) as (page, _):
        page.goto(f"{url}{page_path}#{old}", wait_until="load")
        assert targeted(page) == {"id": old, "item": new, "tag": tag, "visible": True}
        assert page.url == f"{url}{page_path}#{old}"


@pytest.mark.parametrize("mode", ["http", "file"])
@pytest.mark.parametrize("fragment", [MOVED[0], "choose-patient-group"])
def test_a_link_to_an_item_on_another_page_is_sent_there(
        browser: Any, site: Path, site_server: SiteServer, mode: str, fragment: str) -> None:
    url = base(mode, site, site_server)
    # the moved activity, from the page it was on; a renamed one, from a page it never was on
    start = SET_UP if fragment == MOVED[0] else IMPLEMENTATION
    goal = IMPLEMENTATION if fragment == MOVED[0] else SET_UP
    anchor = MOVED[0] if fragment == MOVED[0] else "choose-first-patient-group"
    with watched_page(browser, url) as (page, _):
        page.goto(f"{url}{start}#{fragment}")
        page.wait_for_url(f"{url}{goal}#{anchor}")
        page.wait_for_load_state("load")
        assert targeted(page) == {"id": anchor, "item": anchor, "tag": "section",
                                  "visible": True}
        heading = page.locator(f"section#{anchor} > h2")
        assert heading.is_visible()


@pytest.mark.parametrize("mode", ["http", "file"])
def test_an_old_fragment_pasted_into_an_open_page_is_followed(
        browser: Any, site: Path, site_server: SiteServer, mode: str) -> None:
    url = base(mode, site, site_server)
    with watched_page(browser, url) as (page, _):
        page.goto(f"{url}{SET_UP}", wait_until="load")
        page.evaluate(f"location.hash = '{MOVED[0]}'")
        page.wait_for_url(f"{url}{IMPLEMENTATION}#{MOVED[0]}")
        page.wait_for_load_state("load")
        assert targeted(page)["item"] == MOVED[0]


MAP_SPY = """
Object.defineProperty(window, 'pcspAnchorMap', {configurable: true, set(follow) {
    Object.defineProperty(window, 'pcspAnchorMap', {configurable: true, writable: true,
        value(data) { follow(data); window.mapsRead = (window.mapsRead || 0) + 1; }});
}});
"""
"""Counts the maps the follow script has read and acted on (``window.mapsRead``)."""


@pytest.mark.parametrize("mode", ["http", "file"])
@pytest.mark.parametrize("fragment", ["no-such-item", "state=eyJ9", "page--stage"])
def test_other_fragments_are_left_alone(browser: Any, site: Path, site_server: SiteServer,
                                        mode: str, fragment: str) -> None:
    url = base(mode, site, site_server)
    with watched_page(browser, url) as (page, _):
        page.add_init_script(MAP_SPY)
        visited: list[str] = []
        page.on("framenavigated", lambda frame: frame.parent_frame is None
                and visited.append(frame.url))
        page.goto(f"{url}{SET_UP}#{fragment}", wait_until="load")
        if fragment == "no-such-item":  # not on the page: the map is read, and names nothing
            page.wait_for_function("window.mapsRead === 1")
        # then an old link that does lead elsewhere: the page must not have gone anywhere else
        page.evaluate(f"location.hash = '{MOVED[0]}'")
        page.wait_for_url(f"{url}{IMPLEMENTATION}#{MOVED[0]}")
        assert set(visited) <= {f"{url}{SET_UP}#{fragment}", f"{url}{SET_UP}#{MOVED[0]}",
                                f"{url}{IMPLEMENTATION}#{MOVED[0]}"}, visited
        assert visited[0] == f"{url}{SET_UP}#{fragment}"


@pytest.mark.parametrize("mode", ["http", "file"])
@pytest.mark.parametrize("version", ["1.1", "latest"])
def test_in_a_released_version_a_moved_activity_is_found(
        browser: Any, released: Path, released_server: SiteServer, mode: str,
        version: str) -> None:
    url = base(mode, released, released_server) + f"{version}/"
    with watched_page(browser, url) as (page, _):
        page.goto(f"{url}{OLD_MAINTENANCE}#check-fidelity")
        page.wait_for_url(f"{url}{NEW_IMPLEMENTATION}#check-fidelity")
        page.wait_for_load_state("load")
        assert targeted(page) == {"id": "check-fidelity", "item": "check-fidelity",
                                  "tag": "section", "visible": True}


@pytest.mark.parametrize("mode", ["http", "file"])
def test_without_javascript_the_old_page_says_where_it_went(
        browser: Any, released: Path, released_server: SiteServer, mode: str) -> None:
    url = base(mode, released, released_server) + "1.1/"
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{url}{OLD_MAINTENANCE}", wait_until="load")
        notice = page.locator("#check-fidelity")
        assert notice.count() == 1 and not notice.is_visible()  # no fragment: not shown
        page.goto(f"{url}{OLD_MAINTENANCE}#check-fidelity", wait_until="load")
        assert notice.is_visible()
        assert " ".join(notice.inner_text().split()) == (
            "\u201cCheck fidelity\u201d has moved to Stage 2: Implementation and training: "
            "go to \u201cCheck fidelity\u201d.")
        top = notice.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < page.viewport_size["height"]
        notice.get_by_role("link").click()
        page.wait_for_url(f"{url}{NEW_IMPLEMENTATION}#check-fidelity")
        assert page.locator("section#check-fidelity > h2").is_visible()
    finally:
        context.close()


def test_the_moved_notice_passes_axe_and_the_nu_checker(browser: Any, released: Path,
                                                        released_server: SiteServer) -> None:
    with watched_page(browser, released_server.base_url) as (page, _):
        # without the follow script, the notice stays on screen for axe to look at
        page.route("**/anchors-follow.js*", lambda route: route.fulfill(body=""))
        page.goto(f"1.1/{OLD_MAINTENANCE}#check-fidelity", wait_until="load")
        assert page.locator("#check-fidelity").is_visible()
        assert axe_violations(page) == []
    assert nu_checker_errors(released, [f"1.1/{OLD_MAINTENANCE}"]) == ""
