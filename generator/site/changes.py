"""The "What changed in VERSION" page, drawn from :func:`generator.diff.compare`'s result.

Every piece of text (titles, old and new wording) becomes a ``nodes.Text``; items that are
still in the guide link to where they are now.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes

from ..diff import CHANGES, count_line
from .pages import checklist_doc

HEADINGS = {
    "added": "Added",
    "removed": "Removed",
    "moved": "Moved",
    "renamed": "Renamed",
    "reworded": "Reworded",
}
CONTENT_KINDS = {"checklist", "checklist section", "checklist item", "patient document",
                 "patient wording"}
"""Kinds that are not pcsp domain items (everything else is linked by id)."""


def _label(text: str) -> str:
    """``NPT sub-construct`` -> ``NPT sub-construct``; ``what_happens`` -> ``What happens``."""
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:]


def _target(entry: dict[str, Any]) -> dict[str, str] | None:
    """Where a link to the entry's item goes: an item id, or a checklist page (and anchor)."""
    kind, item_id = entry["kind"], entry["id"]
    if kind not in CONTENT_KINDS:
        return {"id": item_id}
    if kind.startswith("checklist"):
        checklist, _, rest = item_id.partition("/")
        anchor = f"item-{rest}" if kind == "checklist item" else ""
        return {"checklist": checklist, "anchor": anchor}
    return None


def _where(ref: dict[str, Any] | None) -> str:
    return f"{ref['kind']} \u201c{ref['title']}\u201d" if ref else ""


def changes_view(result: dict[str, Any]) -> dict[str, Any]:
    """What the changes page shows, as JSON-able data."""
    sections = []
    for change in CHANGES:
        entries = []
        for e in result[change]:
            note = ""
            if change in ("added", "removed") and e["in"]:
                note = ("in " if change == "added" else "was in ") + _where(e["in"])
            elif change == "moved":
                note = f"moved from {_where(e['from'])} to {_where(e['to'])}"
            elif change == "renamed":
                note = f"id {e['old_id']} is now {e['id']}; links to the old id still work"
            entries.append({
                "kind": _label(e["kind"]), "title": e["title"], "note": note,
                "link": None if change == "removed" else _target(e),
                "fields": [{"field": _label(f["field"]), "segments": f["segments"]}
                           for f in e.get("fields", ())],
            })
        if entries:
            sections.append({"id": change, "heading": HEADINGS[change], "entries": entries})
    old, new = result["from"], result["to"]
    return {
        "title": f"What changed in version {new['version']}",
        "intro": (f"Compared with version {old['version']} (published {old['published']}), "
                  f"version {new['version']} (published {new['published']}) has: "
                  f"{count_line(result)}."),
        "sections": sections,
    }


def _link(page: Any, entry: dict[str, Any]) -> nodes.Node:
    """The entry's title, linked to where the item is now if it is still in the guide."""
    title, target = entry["title"], entry["link"]
    if target is None:
        return nodes.Text(title)
    if "id" in target:
        return page.xref({"id": target["id"], "title": title})
    uri = posixpath.relpath(f"{checklist_doc(target['checklist'])}.html",
                            posixpath.dirname(page.docname))
    uri += f"#{target['anchor']}" if target["anchor"] else ""
    return nodes.reference("", "", nodes.inline(title, title), refuri=uri, internal=True)


def _wording(segments: list[dict[str, str]], keep: str) -> nodes.paragraph:
    """The old (``keep='removed'``) or new (``'added'``) text, its changed words marked."""
    para = nodes.paragraph(classes=["pcsp-wording"])
    first = True
    for seg in segments:
        if seg["op"] not in ("same", keep):
            continue
        if not first:
            para += nodes.Text(" ")
        first = False
        if seg["op"] == "same":
            para += nodes.Text(seg["text"])
        else:
            para += nodes.inline(seg["text"], seg["text"], classes=[f"pcsp-{keep}"])
    return para


def render_changes(page: Any, data: dict[str, Any]) -> nodes.section:
    """The changes since the previous version, grouped by kind of change."""
    top = page.page_section("changes", data["title"])
    top += nodes.paragraph("", "", nodes.Text(data["intro"]))
    for section in data["sections"]:
        sec = page.section(f"changes--{section['id']}", section["heading"], item=False)
        entries = nodes.bullet_list(classes=["pcsp-changes"])
        for e in section["entries"]:
            para = nodes.paragraph("", "", nodes.strong("", "", nodes.Text(e["kind"])),
                                   nodes.Text(": "), _link(page, e))
            if e["note"]:
                para += nodes.Text(f" ({e['note']})")
            item = nodes.list_item("", para)
            for f in e["fields"]:
                item += page.fields([
                    (f"{f['field']}, was", _wording(f["segments"], "removed")),
                    (f"{f['field']}, now", _wording(f["segments"], "added")),
                ])
            entries += item
        sec += entries
        top += sec
    return top
