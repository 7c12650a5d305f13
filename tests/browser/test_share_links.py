"""Share links: short (item ids and wording hashes, never the items' wording), and on arrival
the offer is scrolled to and focused, also when the link is pasted into a tab that already
has the checklist open. Over HTTP and from disk."""

from __future__ import annotations

import base64
import json
from typing import Any

from playwright.sync_api import expect

from .harness import watched_page
from .pages import (
    URL,
    checklist_url,
    choice,
    focused,
    guide_checklist,
    item,
    open_checklist,
    rate,
)

LONGEST = max((c for c in (guide_checklist(i) for i in (
    "set-up", "implementation-and-training", "maintenance", "house-of-care-readiness",
    "success-factors"))), key=lambda c: len(c.items))
PHONE = {"width": 375, "height": 667}


def make_link(page: Any) -> str:
    """Press "Make a share link" and read the link from its box."""
    page.get_by_role("button", name="Make a share link").click()
    return page.get_by_label("Share link").input_value()


def test_a_full_checklist_makes_a_short_link_without_the_wording(
        site_page: tuple[str, Any]) -> None:
    _, page = site_page
    checklist = LONGEST
    open_checklist(page, checklist_url(checklist.id))
    page.get_by_label("Practice or group name").fill("North Locality steering group")
    page.get_by_label("Date", exact=True).fill("2026-03-01")
    labels = ["Not started", "Needs more work", "Nearly there", "Done"]
    for n, entry in enumerate(checklist.items):
        rate(page, entry.id, labels[n % len(labels)])
    for entry in checklist.items[:3]:
        choice(page, entry.id, "Next step").fill("Talk to the practice manager")
        choice(page, entry.id, "Who will do it").fill("Sam")
    link = make_link(page)
    assert len(link) < 2000, f"{len(link)} characters"
    code = link.split("#state=")[1]
    carried = base64.urlsafe_b64decode(code + "=" * (-len(code) % 4)).decode("utf-8")
    for entry in checklist.items:
        assert entry.text not in carried
        assert entry.id in carried and entry.text_hash in carried

    with watched_page(page.context.browser, link.split("_generated")[0]) as (friend, _):
        friend.goto(link)
        friend.get_by_role("button", name="Use the shared ratings").click()
        for n, entry in enumerate(checklist.items):
            expect(choice(friend, entry.id, labels[n % len(labels)])).to_be_checked()
        assert choice(friend, checklist.items[0].id, "Who will do it").input_value() == "Sam"
        assert friend.get_by_label("Practice or group name").input_value() == \
            "North Locality steering group"


def test_the_offer_is_scrolled_to_and_focused_on_a_phone(site_page: tuple[str, Any]) -> None:
    base_url, page = site_page
    checklist = guide_checklist()
    open_checklist(page)
    rate(page, checklist.items[0].id, "Done")
    link = make_link(page)
    with watched_page(page.context.browser, base_url, viewport=PHONE) as (phone, _):
        phone.goto(link)
        offer = phone.get_by_role("region", name="Ratings shared with you")
        expect(offer).to_be_focused()
        expect(offer).to_be_in_viewport()
        box = offer.bounding_box()
        assert 0 <= box["y"] < PHONE["height"] / 2  # its top is on screen, not below the fold
        expect(offer).to_contain_text("The link you followed holds 1 rated item.")


def test_a_link_pasted_into_an_open_tab_is_offered(site_page: tuple[str, Any]) -> None:
    _, page = site_page
    first, second = guide_checklist().items[:2]
    open_checklist(page)
    rate(page, first.id, "Done")
    link = make_link(page)
    page.evaluate("localStorage.clear()")
    open_checklist(page)  # a tab where the checklist is open, nothing saved
    rate(page, second.id, "Nearly there")
    page.goto(link)  # pasted into the address bar: only the part after # changes
    offer = page.get_by_role("region", name="Ratings shared with you")
    expect(offer).to_be_focused()
    expect(offer).to_contain_text("1 rating in the link; 1 rating saved here will be replaced.")
    offer.get_by_role("button", name="Merge them with mine").click()
    expect(choice(page, first.id, "Done")).to_be_checked()
    expect(choice(page, second.id, "Nearly there")).to_be_checked()
    expect(offer).to_be_hidden()
    assert "#" not in page.url
    assert focused(page) == ": " + page.locator(".pcsp-message").inner_text()


def test_a_link_made_by_an_earlier_release_still_works(site_page: tuple[str, Any]) -> None:
    """Links already sent carry the whole saved state (version 1): they are still read."""
    _, page = site_page
    first = guide_checklist().items[0]
    state = {"checklist": "set-up", "group": "Old link", "date": "", "items": {
        first.id: {"hash": first.text_hash, "text": first.text, "rating": "done", "reason": "",
                   "next": "", "owner": "", "due": ""}}}
    code = base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")
    page.goto(f"{URL}#state={code}")
    page.get_by_role("button", name="Use the shared ratings").click()
    expect(item(page, first.id).get_by_label("Done", exact=True)).to_be_checked()
