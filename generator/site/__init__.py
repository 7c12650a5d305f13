"""Sphinx extension that renders the PCSP implementation guide from the content YAML.

Use it with ``extensions = ["generator.site"]``. When the builder starts, the content is
loaded and checked, and one tiny MyST source per page is written under
``<srcdir>/_generated/`` (only when its bytes change); the ``pcsp-page`` directive in each
source draws the page from the model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError, ExtensionError
from sphinx.util import logging

from ..checks import checked_project
from ..content.diagnostics import ContentError
from . import config as site_config
from .checklist import setup_checklist
from .domain import setup_domain
from .house_diagram import setup_house_diagram
from .html import setup_cards, setup_old_anchors
from .page import setup_page
from .pages import UnsafeIdError, current_site
from .practice_pack import configured_practices, setup_practice_pack
from .print_guide import setup_print_guide
from .search_text import setup_search_text
from .self_assessment import setup_self_assessment
from .sources import write_sources
from .translator import setup_translator
from .versions import note_review, setup_versions
from .views import site_views
from .words import UnknownLanguageError, add_theme_words, interface_language, set_language

__version__ = "0.1.0"

ENV_VERSION = 1
"""Bump when what the extension keeps in Sphinx's environment changes shape: Sphinx then
rereads every page instead of using an old cache."""

logger = logging.getLogger(__name__)


def _on_config_inited(app: Sphinx, config: Config) -> None:
    """Take the interface language, load the project once, make every page's view, and take
    the guide's title and owner.

    The interface language is Sphinx's ``language`` (conf.py): Sphinx's own words and ours
    (``locale/<language>.json``) follow the one setting; the guidance text stays English."""
    site_config.configure(app, config)
    try:
        set_language(interface_language(config.language))
    except UnknownLanguageError as exc:
        raise ConfigError(f"pcsp: {exc}") from None
    project_dir = Path(config.pcsp_project_dir)
    try:
        bundle = checked_project(project_dir)
    except ContentError as exc:
        raise ExtensionError(f"pcsp: the content in {project_dir} has {len(exc.diagnostics)} "
                             f"problem(s); fix them and build again:\n{exc}") from None
    rows = configured_practices(project_dir, config.pcsp_practices)
    try:
        site = site_views(bundle, (config.pcsp_versions or {}).get("changes"), rows)
    except UnsafeIdError as exc:
        raise ExtensionError(f"pcsp: {exc}") from None
    guide = site.project.guide
    site_config.apply_guide_facts(config, guide.title, guide.owner)
    note_review(config, guide.published, guide.next_review, bundle.clock.today)


def _on_builder_inited(app: Sphinx) -> None:
    add_theme_words(app.translator)
    site = current_site(Path(app.config.pcsp_project_dir))  # made moments ago at config-inited
    report = write_sources(Path(app.srcdir), site.pages.values())
    logger.info("pcsp: %d generated page(s), %d rewritten, %d removed",
                len(site.pages), len(report.written), len(report.removed))


_BEFORE_READ: dict[str, Any] = {}


def _navigation(env: BuildEnvironment) -> dict[str, Any]:
    """What every page shows of every other page: titles (the sidebar and the previous/next
    links) and where each content item is (links by id)."""
    return {"titles": {doc: title.astext() for doc, title in env.titles.items()},
            "items": dict(env.get_domain("pcsp").data.get("items", {}))}


def _on_env_before_read_docs(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    _BEFORE_READ["navigation"] = _navigation(env)


def _on_env_get_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Rewrite every page when a page title or an item's place changed, since every page's
    navigation shows them; otherwise only the pages that were read."""
    if _BEFORE_READ.pop("navigation", None) != _navigation(env):
        return sorted(env.found_docs)
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension's config, domain, directive, diagram and assets."""
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    site_config.register(app)
    setup_domain(app)
    setup_page(app)
    setup_house_diagram(app)
    setup_checklist(app)
    setup_self_assessment(app)
    setup_versions(app)
    setup_translator(app)
    setup_practice_pack(app)
    setup_print_guide(app)
    setup_old_anchors(app)
    setup_cards(app)
    setup_search_text(app)
    app.add_css_file("pcsp.css")
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    app.connect("env-before-read-docs", _on_env_before_read_docs)
    app.connect("env-get-updated", _on_env_get_updated)
    return {"version": __version__, "env_version": ENV_VERSION,
            "parallel_read_safe": True, "parallel_write_safe": True}
