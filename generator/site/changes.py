"""The "What changed in VERSION" page, drawn from :func:`generator.diff.compare`'s result.

Every piece of text (titles, old and new wording) becomes a ``nodes.Text``; items that are
still in the guide link to where they are now.
"""

from __future__ import annotations

import posixpath
from typing import Any

from docutils import nodes

from ..diff import CHANGES, count_line
from .pages import GLOSSARY, HOUSE, NPT, PROCESS, ROLES, STAGES, SUCCESS_FACTORS, checklist_doc
from .words import section_words, word

CONTENT_KINDS = {"checklist", "checklist section", "checklist item", "patient document",
                 "patient wording", "guide", "page", "House of Care", "hand-written page"}
"""Kinds that are not pcsp domain items (everything else is linked by id)."""

PAGE_OF = {("guide", "guide"): "index", ("House of Care", "house"): HOUSE,
           ("page", "process"): PROCESS, ("page", "stages"): STAGES,
           ("page", "success-factors"): SUCCESS_FACTORS, ("page", "npt"): NPT,
           ("page", "roles"): ROLES, ("page", "glossary"): GLOSSARY}
"""The page that shows the front page, the House of Care and each page's introduction."""


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
        return {"doc": checklist_doc(checklist), "anchor": anchor}
    if kind == "hand-written page":
        return {"doc": item_id, "anchor": ""}
    if (kind, item_id) in PAGE_OF:
        return {"doc": PAGE_OF[kind, item_id], "anchor": ""}
    return None


def _kind(kind: str) -> str:
    """A kind of item as written within a sentence, in the guide's language."""
    return section_words("changes")["kinds"].get(kind, kind)


def _where(ref: dict[str, Any] | None) -> str:
    return word("changes.where", kind=_kind(ref["kind"]), title=ref["title"]) if ref else ""


def changes_view(result: dict[str, Any]) -> dict[str, Any]:
    """What the changes page shows, as JSON-able data."""
    sections = []
    for change in CHANGES:
        entries = []
        for e in result[change]:
            note = ""
            if change in ("added", "removed") and e["in"]:
                note = word("changes.in" if change == "added" else "changes.was-in",
                            where=_where(e["in"]))
            elif change == "moved":
                note = word("changes.moved", old=_where(e["from"]), new=_where(e["to"]))
            elif change == "renamed":
                note = word("changes.renamed", old=e["old_id"], new=e["id"])
            entries.append({
                "kind": _label(_kind(e["kind"])), "title": e["title"], "note": note,
                "link": None if change == "removed" else _target(e),
                "fields": [{"field": _label(f["field"]), "segments": f["segments"]}
                           for f in e.get("fields", ())],
            })
        if entries:
            sections.append({"id": change, "heading": section_words("changes")["headings"][change],
                             "entries": entries})
    old, new = result["from"], result["to"]
    return {
        "title": word("changes.title", version=new["version"]),
        "intro": word("changes.intro", old=old["version"], old_published=old["published"],
                      new=new["version"], new_published=new["published"],
                      counts=count_line(result)),
        "sections": sections,
    }


def _link(page: Any, entry: dict[str, Any]) -> nodes.Node:
    """The entry's title, linked to where the item is now if it is still in the guide."""
    title, target = entry["title"], entry["link"]
    if target is None:
        return nodes.Text(title)
    if "id" in target:
        return page.xref({"id": target["id"], "title": title})
    uri = posixpath.relpath(f"{target['doc']}.html", posixpath.dirname(page.docname))
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
                    (word("changes.was", field=f["field"]), _wording(f["segments"], "removed")),
                    (word("changes.now", field=f["field"]), _wording(f["segments"], "added")),
                ])
            entries += item
        sec += entries
        top += sec
    return top
