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
from sphinx.errors import ExtensionError
from sphinx.util import logging

from ..diagnostics import ContentError
from . import config as site_config
from .checklist import setup_checklist
from .domain import setup_domain
from .house_diagram import setup_house_diagram
from .page import setup_page
from .practice_pack import setup_practice_pack
from .self_assessment import setup_self_assessment
from .sources import write_sources
from .translator import setup_translator
from .versions import setup_versions
from .views import SiteViews, UnsafeIdError, cached_site, load_site

__version__ = "0.1.0"

logger = logging.getLogger(__name__)


def load_or_fail(project_dir: Path, changes: dict[str, Any] | None = None,
                 practices: str | None = None) -> SiteViews:
    """Load the project's content, or raise ExtensionError listing every problem found."""
    try:
        return load_site(project_dir, changes, practices)
    except ContentError as exc:
        count = len(exc.diagnostics)
        raise ExtensionError(f"pcsp: the content in {project_dir} has {count} problem(s); "
                             f"fix them and build again:\n{exc}") from None
    except UnsafeIdError as exc:
        raise ExtensionError(f"pcsp: {exc}") from None


def _on_config_inited(app: Sphinx, config: Config) -> None:
    site_config.configure(app, config)
    site = load_or_fail(Path(config.pcsp_project_dir), (config.pcsp_versions or {}).get("changes"),
                        config.pcsp_practices)
    guide = site.project.guide
    site_config.apply_guide_facts(config, guide.title, guide.owner)


def _on_builder_inited(app: Sphinx) -> None:
    site = cached_site(Path(app.config.pcsp_project_dir))  # loaded moments ago at config-inited
    report = write_sources(Path(app.srcdir), site.pages.values())
    logger.info("pcsp: %d generated page(s), %d rewritten, %d removed",
                len(site.pages), len(report.written), len(report.removed))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the extension's config, domain, directive, diagram and assets."""
    app.setup_extension("myst_parser")
    site_config.register(app)
    setup_domain(app)
    setup_page(app)
    setup_house_diagram(app)
    setup_checklist(app)
    setup_self_assessment(app)
    setup_versions(app)
    setup_translator(app)
    setup_practice_pack(app)
    app.add_css_file("pcsp.css")
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
