"""Versions and review dates on every page: the version switcher, banners and review line.

The data is worked out here, at build time, and drawn by ``templates/pcsp-banners.html``
and ``templates/pcsp-review.html`` as plain links and text, so it works without JavaScript.
Version data comes from the ``pcsp_versions`` setting (``pcsp release`` sets it).
"""

from __future__ import annotations

import datetime
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from ..content.releases import version_key
from .words import long_date, section_words, word


def review_context(reviewed: str, next_review: str, today: datetime.date) -> dict[str, Any]:
    """The review line's data, and whether the review date has passed on ``today``."""
    return {"reviewed": long_date(reviewed), "reviewed_iso": reviewed,
            "next_review": long_date(next_review), "next_review_iso": next_review,
            "overdue": datetime.date.fromisoformat(next_review) < today}


def _href(root: str, folder: str, target: str) -> str:
    """The address of ``target`` (``doc`` or ``doc#id``) in the site's ``folder``."""
    doc, _, anchor = target.partition("#")
    return f"{root}{folder}{doc}.html" + (f"#{anchor}" if anchor else "")


def release_context(info: dict[str, Any], pagename: str) -> dict[str, Any]:
    """The switcher's links (each to this page's place in that version), and the banner's
    link to the latest version (on an older or withdrawn version), for one page."""
    root = "../" * (pagename.count("/") + 1)
    current = info["current"]
    switch = info.get("switch", {})
    latest = next((v for v in info["versions"] if v.get("latest")), None)
    versions = [{"version": v["version"], "date": long_date(v["date"]),
                 "href": _href(root, v["path"], switch.get(v["version"], {}).get(
                     pagename, pagename)),
                 "current": v["version"] == current, "latest": bool(v.get("latest")),
                 "withdrawn": bool(v.get("withdrawn"))} for v in info["versions"]]
    this = next((v for v in info["versions"] if v["version"] == current), {})
    newer = withdrawn = None
    if latest is not None and latest["version"] != current:
        link = {"version": latest["version"], "href": _href(
            root, "latest/", switch.get(latest["version"], {}).get(pagename, pagename))}
        if this.get("withdrawn"):
            when = this["withdrawn"]
            said = word("templates.withdrawn-because" if when.get("reason")
                        else "templates.withdrawn-on", date=long_date(when["date"]))
            withdrawn = {**link, "said": _fill_reason(said, when.get("reason", ""))}
        elif version_key(latest["version"]) > version_key(current):
            newer = link
    return {"current": current, "versions": versions, "newer": newer,
            "withdrawn": withdrawn, "all_href": f"{root}versions.html"}


def _fill_reason(text: str, reason: str) -> str:
    """Put the reason (the editor's own words, never read for placeholders) into ``text``,
    which ends the sentence itself."""
    return text.replace("{reason}", reason.strip().rstrip("."))


def note_review(config: Config, published: str, next_review: str,
                today: datetime.date) -> None:
    """Keep the review line's data in the ``pcsp_review`` setting.

    The setting is of the "html" kind, so when the dates or the clock change, Sphinx rewrites
    every page (each shows the review line) and an incremental build equals a clean one.
    """
    config.pcsp_review = review_context(published, next_review, today)


def add_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: nodes.document | None) -> None:
    """Give every page its review dates, in a release build its version links, and the
    templates' words in the guide's language (``pcsp_words``)."""
    context["pcsp_words"] = section_words("templates")
    context["pcsp_review"] = app.config.pcsp_review
    info = app.config.pcsp_versions
    context["pcsp_release"] = release_context(info, pagename) if info else None


def setup_versions(app: Sphinx) -> None:
    """Register the page-context handler and the banners' stylesheet."""
    app.connect("html-page-context", add_page_context)
    app.add_css_file("pcsp-versions.css")
