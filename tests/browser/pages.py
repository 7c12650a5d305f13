"""What a person does on the guide's interactive pages, for the browser tests: open a
checklist, rate an item, read the progress, see what has focus."""

from __future__ import annotations

from typing import Any

from generator.content.project import load_project
from helpers import REPO

CHECKLIST = "set-up"
URL = f"_generated/checklists/{CHECKLIST}.html"
SELF_ASSESSMENT = "_generated/self-assessment.html"
PRACTICE_PACK = "_generated/practice-pack.html"


def guide_checklist(checklist_id: str = CHECKLIST) -> Any:
    """A checklist of this repository's guide, as the generator reads it."""
    return next(c for c in load_project(REPO).checklists if c.id == checklist_id)


def checklist_url(checklist_id: str) -> str:
    """The address of a checklist's page, relative to the site."""
    return f"_generated/checklists/{checklist_id}.html"


def item(page: Any, item_id: str) -> Any:
    """The list item of one checklist item."""
    return page.locator(f"#item-{item_id}")


def choice(page: Any, item_id: str, label: str) -> Any:
    """The radio button (or field) of an item with exactly this label."""
    return item(page, item_id).get_by_label(label, exact=True)


def rate(page: Any, item_id: str, label: str) -> None:
    """Choose a rating for an item by clicking its label, as a user would."""
    choice(page, item_id, label).check()


def status(page: Any) -> str:
    """The checklist's progress text."""
    return page.locator(".pcsp-status-text").inner_text()


def progress(done: int, nearly: int, not_relevant: int, total: int) -> str:
    """The progress text for these counts of rated items, out of ``total`` items."""
    text = f"{done} of {total - not_relevant} done, {nearly} nearly there"
    return text + (f", {not_relevant} not relevant" if not_relevant else "")


def open_checklist(page: Any, url: str = URL) -> None:
    """Open a checklist page and wait for the script to start."""
    page.goto(url)
    page.locator(".pcsp-checklist.pcsp-js").wait_for()


def open_assessment(page: Any) -> None:
    """Open the self-assessment page and wait for the script to start."""
    page.goto(SELF_ASSESSMENT)
    page.locator(".pcsp-self-assessment.pcsp-js").wait_for()


def focused(page: Any) -> str:
    """What has keyboard focus, as ``<item id>: <label>`` (the item id is empty outside the
    checklist's items)."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        const item = el.closest('.pcsp-checklist-item');
        const label = el.labels && el.labels.length ? el.labels[0].textContent.trim()
            : (el.getAttribute('aria-label') || el.textContent.trim());
        return `${item ? item.dataset.itemId : ''}: ${label}`;
    }""")


def saved(page: Any) -> dict[str, str]:
    """Everything the page has saved in this browser, by localStorage key."""
    return page.evaluate("Object.fromEntries(Object.entries(localStorage))")
