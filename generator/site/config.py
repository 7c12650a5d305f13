"""The extension's settings in one typed place, and the HTML defaults every guide build uses."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from .words import SOURCE_LANGUAGE

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
TEMPLATES_DIR = HERE / "templates"
SEARCH_SCORER = STATIC_DIR / "pcsp-search-scorer.js"

NHS_BLUE = "#005eb8"
NHS_LIGHT_BLUE = "#41b6e6"

THEME_OPTIONS: dict[str, Any] = {
    "light_css_variables": {
        "color-brand-primary": NHS_BLUE,
        "color-brand-content": NHS_BLUE,
        "color-brand-visited": "#330072",
    },
    "dark_css_variables": {
        "color-brand-primary": NHS_LIGHT_BLUE,
        "color-brand-content": NHS_LIGHT_BLUE,
        "color-brand-visited": "#c8a2e8",
    },
    "top_of_page_buttons": [],
}
"""furo options: NHS brand colours (each ≥ 4.5:1 on furo's background) and no source buttons."""

MYST_EXTENSIONS = ["colon_fence", "deflist"]
"""MyST syntax for hand-written pages; never the ``html_*`` ones (no raw HTML is needed)."""


def _check_project_dir(value: Any) -> str | None:
    """Return a problem with ``pcsp_project_dir``, or None."""
    if value is None:
        return None
    if not isinstance(value, str | Path):
        return "must be a folder path (text)"
    if not (Path(value) / "content").is_dir():
        return f"'{value}' has no content/ folder"
    return None


RELEASE_CONTEXT_ENV = "PCSP_RELEASE_CONTEXT"
"""Environment variable naming a JSON file of ``pcsp_versions`` (set by ``pcsp release``)."""


def _check_practices(value: Any) -> str | None:
    """Return a problem with ``pcsp_practices``, or None."""
    if value is None or isinstance(value, str) and value.strip():
        return None
    return "must be the path of a practices CSV file (text)"


def _check_versions(value: Any) -> str | None:
    """Return a problem with ``pcsp_versions``, or None."""
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("current"), str) \
            or not isinstance(value.get("versions"), list):
        return "must be a mapping with 'current' (text) and 'versions' (a list)"
    return None


@dataclass(frozen=True)
class SiteConfig:
    """Settings of the ``generator.site`` extension (each is the ``pcsp_<name>`` config value)."""

    project_dir: str | None = field(default=None, metadata={
        "help": "Folder holding content/*.yaml (default: the folder of conf.py).",
        "check": _check_project_dir,
        "types": (str, Path, type(None)),
    })
    versions: dict[str, Any] | None = field(default=None, metadata={
        "help": "Released versions for the version switcher, banner and what-changed page "
                "(set by pcsp release; default: none).",
        "check": _check_versions,
        "types": (dict, type(None)),
    })
    practices: str | None = field(default=None, metadata={
        "help": "A practices CSV (see examples/practices.csv), relative to the project: their "
                "packs are published in the site (default: none).",
        "check": _check_practices,
        "types": (str, type(None)),
    })
    review: dict[str, Any] | None = field(default=None, metadata={
        "help": "Set by the extension from content/guide.yaml and the clock; not for conf.py. "
                "Of the 'html' kind, so a new review date or day rewrites every page.",
        "check": lambda value: None,
        "types": (dict, type(None)),
        "rebuild": "html",
    })

    @classmethod
    def from_config(cls, config: Config) -> SiteConfig:
        """Read and check the values from Sphinx's config; raise ConfigError on a bad one."""
        values = {}
        for f in fields(cls):
            value = config[f"pcsp_{f.name}"]
            check: Callable[[Any], str | None] = f.metadata["check"]
            problem = check(value)
            if problem:
                raise ConfigError(f"pcsp_{f.name} {problem} ({f.metadata['help']})")
            values[f.name] = value
        return cls(**values)


def register(app: Sphinx) -> None:
    """Add every ``pcsp_*`` config value."""
    for f in fields(SiteConfig):
        app.add_config_value(f"pcsp_{f.name}", f.default, f.metadata.get("rebuild", "env"),
                             types=f.metadata["types"], description=f.metadata["help"])


def _is_set(config: Config, name: str) -> bool:
    """Whether conf.py or the command line gave ``name`` a value."""
    return name in config._raw_config or name in config.overrides


def configure(app: Sphinx, config: Config) -> SiteConfig:
    """Check the pcsp settings and apply the guide's HTML defaults; return the settings."""
    context = os.environ.get(RELEASE_CONTEXT_ENV)
    if context and not _is_set(config, "pcsp_versions"):
        config.pcsp_versions = json.loads(Path(context).read_text(encoding="utf-8"))
    site = SiteConfig.from_config(config)
    project_dir = Path(site.project_dir) if site.project_dir else Path(app.confdir)
    config.pcsp_project_dir = str(project_dir.resolve())
    if config.html_theme == "alabaster":
        config.html_theme = "furo"
    if config.html_theme == "furo":
        config.html_theme_options = {**THEME_OPTIONS, **config.html_theme_options}
    if not _is_set(config, "myst_enable_extensions"):
        config.myst_enable_extensions = list(MYST_EXTENSIONS)
    config.html_last_updated_fmt = None
    config.smartquotes = False  # content text is shown exactly as written
    config.html_copy_source = False
    if not _is_set(config, "html_search_language"):
        # Search stems the guidance text's words, which stay English in every interface
        # language (conf.py's ``language``).
        config.html_search_language = SOURCE_LANGUAGE
    if not _is_set(config, "html_search_scorer"):
        # The order of the search results (see the file): pages whose title holds the query
        # first, pages for the guide's editors last. Sphinx opens the file as given, so the
        # path is absolute.
        config.html_search_scorer = str(SEARCH_SCORER)
    config.html_show_sourcelink = False
    config.templates_path = [*config.templates_path, str(TEMPLATES_DIR)]
    config.html_static_path = [*config.html_static_path, str(STATIC_DIR)]
    return site


def apply_guide_facts(config: Config, title: str, owner: str) -> None:
    """Use the guide's title and owner for the project name and copyright unless conf.py sets them.

    ``html_title`` is shown unescaped by furo, so it is given as escaped HTML here.
    """
    if not _is_set(config, "project"):
        config.project = title
    if not _is_set(config, "html_title"):
        config.html_title = html.escape(config.project)
    if not (_is_set(config, "copyright") or _is_set(config, "project_copyright")):
        config.copyright = owner
