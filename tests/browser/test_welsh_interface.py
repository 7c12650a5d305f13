"""The guide's interface in Welsh, in Chromium from disk: what the scripts write comes from the
page's Welsh words (the builds and the other checks are in tests/test_interface_language.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import expect

from helpers import REPO
from test_interface_language import CHECKLIST, built


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The guide built with ``language = "cy"`` in conf.py."""
    return built(tmp_path_factory.mktemp("welsh"), "cy")


def test_welsh_pages_scripts_speak_welsh(welsh: Path, browser: Any) -> None:
    """In Chromium, from disk: what the scripts write comes from the page's Welsh words."""
    checklist = yaml.safe_load(
        (REPO / "checklists" / f"{CHECKLIST}.yaml").read_text(encoding="utf-8"))
    total = sum(len(section["items"]) for section in checklist["sections"])
    npt = yaml.safe_load((REPO / "content" / "npt.yaml").read_text(encoding="utf-8"))
    weakest = npt["constructs"][0]["title"]
    errors: list[str] = []
    page = browser.new_page()  # (expect waits for the scripts, however busy the machine)
    try:
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((welsh / "_generated" / "checklists" / f"{CHECKLIST}.html").as_uri())
        page.locator(".pcsp-checklist-item input[value=done]").first.check()
        expect(page.locator(".pcsp-status-text")).to_have_text(
            f"1 o {total} wedi'u gwneud, 0 bron yno")
        due = page.locator(".pcsp-checklist-item input[type=date]").first
        due.fill("1800-01-01")
        due.blur()
        expect(page.locator(".pcsp-field-problem").first).to_have_text(
            "Rhowch ddyddiad gyda blwyddyn pedwar digid, rhwng 1 Ionawr 1900 a 31 Rhagfyr 9999.")
        page.goto((welsh / "_generated" / "self-assessment.html").as_uri())
        expect(page.locator(".pcsp-sa-diagnosis")).to_have_text(
            "Atebwch o leiaf un datganiad ar y raddfa gytuno i weld eich canlyniadau.")
        page.locator(".pcsp-sa-statement input[value='2']").first.check()
        expect(page.locator(".pcsp-sa-diagnosis")).to_contain_text(
            f"Eich maes gwannaf yw {weakest}, gyda sgôr o 2.00.")
    finally:
        page.close()
    assert errors == []
