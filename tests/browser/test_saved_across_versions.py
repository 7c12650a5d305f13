"""Saved answers across published versions and sites: each decision is kept per item and
version (switching versions never flips an answer), two guides on one host never share
saved data, and data saved by an earlier release of the guide is moved, not lost.
Over HTTP and from disk."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from helpers import edit, minimal_project, pcsp

from .harness import opened_site, watched_page
from .pages import choice, focused, item, open_checklist, rate, saved

CHECKLIST = """\
id: practice-start
title: Starting out
audience: practice
intro: A short list for the practice.
sections:
  - id: first-steps
    title: First steps
    items:
      - id: lead-named
        text: A lead is named.
      - id: team-trained
        text: The team is trained.
      - id: reviewed
        text: We review how it went.
      - id: audit-done
        text: We audit the plans.
"""
PAGE = "_generated/checklists/practice-start.html"


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two guides on one host (``guide-a/`` and ``guide-b/``), each with versions 1.0 and 1.1
    published side by side; 1.1 rewords ``lead-named``, removes ``team-trained`` and renames
    ``audit-done`` to ``plans-audited``."""
    root = tmp_path_factory.mktemp("released")
    project = minimal_project(root / "project")
    (project / "checklists" / "practice-start.yaml").write_text(CHECKLIST, encoding="utf-8")
    pcsp("release", "1.0", str(project), check=True)
    checklist = project / "checklists" / "practice-start.yaml"
    edit(checklist, "text: A lead is named.", "text: A clinical lead is named.")
    edit(checklist, "      - id: team-trained\n        text: The team is trained.\n", "")
    edit(checklist, "id: audit-done", "id: plans-audited")
    edit(checklist, "sections:", "renamed_items:\n  audit-done: plans-audited\nsections:")
    edit(project / "content" / "guide.yaml", 'version: "1.0"', 'version: "1.1"')
    edit(project / "content" / "guide.yaml", 'published: "2026-01-15"',
         'published: "2026-03-01"')
    pcsp("release", "1.1", str(project), check=True)
    host = root / "host"
    for name in ("guide-a", "guide-b"):
        shutil.copytree(project / "_build" / "site", host / name)
    return host


@pytest.fixture
def host(browser: Any, origin: str, released: Path) -> Any:
    """A page on the host of both guides (fresh storage), over HTTP or from disk."""
    with opened_site(origin, released) as base, watched_page(browser, base) as (page, _):
        yield page


def test_switching_versions_never_flips_an_answer(host: Any) -> None:
    page = host
    open_checklist(page, f"guide-a/1.0/{PAGE}")
    rate(page, "lead-named", "Done")
    rate(page, "team-trained", "Nearly there")
    rate(page, "reviewed", "Needs more work")

    open_checklist(page, f"guide-a/1.1/{PAGE}")
    expect(page.get_by_role("region", name="The checklist has changed since you rated it")
           ).to_be_visible()
    notice = item(page, "lead-named").locator(".pcsp-changed")
    expect(notice).to_contain_text("You rated it “Done” in version 1.0 when it said: "
                                   "“A lead is named.”")
    notice.get_by_role("button", name="Keep my earlier rating").click()
    assert focused(page) == "lead-named: Done"
    expect(page.locator(".pcsp-kept-ratings li")).to_have_text(
        ["The team is trained.. rated “Nearly there”"])

    open_checklist(page, f"guide-a/1.0/{PAGE}")  # back to 1.0: nothing flipped
    expect(choice(page, "lead-named", "Done")).to_be_checked()
    expect(item(page, "lead-named").locator(".pcsp-changed")).to_have_count(0)
    expect(choice(page, "team-trained", "Nearly there")).to_be_checked()
    expect(page.locator(".pcsp-updates")).to_be_hidden()

    open_checklist(page, f"guide-a/latest/{PAGE}")  # the same version as 1.1
    expect(choice(page, "lead-named", "Done")).to_be_checked()
    rate(page, "lead-named", "Needs more work")
    open_checklist(page, f"guide-a/1.0/{PAGE}")
    expect(choice(page, "lead-named", "Done")).to_be_checked()
    open_checklist(page, f"guide-a/1.1/{PAGE}")
    expect(choice(page, "lead-named", "Needs more work")).to_be_checked()
    expect(choice(page, "reviewed", "Needs more work")).to_be_checked()


def test_ratings_follow_a_renamed_item_without_leaving_the_old_version(host: Any) -> None:
    page = host
    open_checklist(page, f"guide-a/1.0/{PAGE}")
    rate(page, "audit-done", "Nearly there")
    open_checklist(page, f"guide-a/1.1/{PAGE}")
    expect(choice(page, "plans-audited", "Nearly there")).to_be_checked()
    expect(page.locator(".pcsp-updates")).to_be_hidden()  # same item, same wording
    expect(page.locator(".pcsp-kept-ratings")).to_be_hidden()
    rate(page, "plans-audited", "Done")
    open_checklist(page, f"guide-a/1.0/{PAGE}")
    expect(choice(page, "audit-done", "Nearly there")).to_be_checked()
    open_checklist(page, f"guide-a/1.1/{PAGE}")
    expect(choice(page, "plans-audited", "Done")).to_be_checked()


def test_two_guides_on_one_host_keep_their_own_answers(host: Any) -> None:
    page = host
    open_checklist(page, f"guide-a/1.1/{PAGE}")
    rate(page, "reviewed", "Done")
    open_checklist(page, f"guide-b/1.1/{PAGE}")
    expect(item(page, "reviewed").locator("input:checked")).to_have_count(0)
    rate(page, "reviewed", "Not started")
    open_checklist(page, f"guide-a/1.0/{PAGE}")
    expect(choice(page, "reviewed", "Done")).to_be_checked()
    keys = sorted(saved(page))
    assert len(keys) == 2 and keys[0] != keys[1]
    assert all(k.endswith(":checklist:practice-start") for k in keys)


def test_answers_saved_by_an_earlier_release_are_kept(host: Any) -> None:
    page = host
    open_checklist(page, f"guide-a/1.1/{PAGE}")
    reviewed = page.locator("#item-reviewed").get_attribute("data-item-hash")
    old_checklist = {"checklist": "practice-start", "group": "Riverside", "date": "",
                     "items": {"reviewed": {"hash": reviewed, "text": "", "rating": "done",
                                            "reason": "", "next": "", "owner": "", "due": ""}}}
    page.goto("guide-a/1.1/_generated/self-assessment.html")
    statement = page.locator(".pcsp-sa-statement").first.get_attribute("data-statement-id")
    old_answers = {"answers": {statement: "4"}, "notes": {}, "snapshots": []}
    page.evaluate("([a, b]) => { localStorage.clear();"
                  " localStorage.setItem('pcsp:checklist:practice-start', a);"
                  " localStorage.setItem('pcsp:self-assessment', b); }",
                  [json.dumps(old_checklist), json.dumps(old_answers)])

    open_checklist(page, f"guide-a/1.1/{PAGE}")
    expect(choice(page, "reviewed", "Done")).to_be_checked()
    assert page.get_by_label("Practice or group name").input_value() == "Riverside"
    page.goto("guide-a/1.1/_generated/self-assessment.html")
    expect(page.locator(".pcsp-sa-statement").first.get_by_label("Agree", exact=True)
           ).to_be_checked()
    keys = saved(page)
    assert "pcsp:checklist:practice-start" not in keys  # moved to this site's own keys
    assert "pcsp:self-assessment" not in keys
    assert sorted(k.rsplit(":", 2)[-2:] == ["checklist", "practice-start"] or
                  k.endswith(":self-assessment") for k in keys) == [True, True]
    open_checklist(page, f"guide-a/1.0/{PAGE}")
    expect(choice(page, "reviewed", "Done")).to_be_checked()
