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

from .words import long_date, section_words


def review_context(reviewed: str, next_review: str, today: datetime.date) -> dict[str, Any]:
    """The review line's data, and whether the review date has passed on ``today``."""
    return {"reviewed": long_date(reviewed), "reviewed_iso": reviewed,
            "next_review": long_date(next_review), "next_review_iso": next_review,
            "overdue": datetime.date.fromisoformat(next_review) < today}


def release_context(info: dict[str, Any], pagename: str) -> dict[str, Any]:
    """The switcher's links and (on an older version) the banner's link, for one page."""
    root = "../" * (pagename.count("/") + 1)
    current = info["current"]
    latest = next((v for v in info["versions"] if v.get("latest")), None)
    versions = [{"version": v["version"], "date": long_date(v["date"]),
                 "href": f"{root}{v['path']}index.html", "current": v["version"] == current,
                 "latest": bool(v.get("latest"))} for v in info["versions"]]
    newer = None
    if latest is not None and latest["version"] != current:
        target = info.get("newer_pages", {}).get(pagename, pagename)
        doc, _, anchor = target.partition("#")
        newer = {"version": latest["version"],
                 "href": f"{root}latest/{doc}.html" + (f"#{anchor}" if anchor else "")}
    return {"current": current, "versions": versions, "newer": newer,
            "all_href": f"{root}versions.html"}


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
