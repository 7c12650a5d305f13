"""Sphinx configuration of the PCSP implementation guide.

The pages are generated from content/*.yaml by the ``generator.site`` extension, which also
takes the title from content/guide.yaml and sets the theme, colours and offline search.
Build with ``pcsp build`` (Sphinx runs as ``sphinx-build -W -c . source _build/html``).
"""

extensions = ["myst_parser", "generator.site"]
myst_enable_extensions = ["colon_fence", "deflist"]

# The language of the guide's interface: Sphinx's own words (search, index...) and pcsp's
# (buttons, labels, messages: generator/site/locale/<language>.json). "cy" builds it in Welsh.
# The guidance text itself stays in English.
language = "en"
