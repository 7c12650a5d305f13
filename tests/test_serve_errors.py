"""`pcsp serve` shows a broken edit in the browser (issue 11): every problem the build printed,
as file:line:column with its hint, in a banner over the last good page (or an error page when
there is no good build yet), as plain text; the next good build clears it."""

from __future__ import annotations

import shutil
from pathlib import Path

from bs4 import BeautifulSoup

from helpers import VERSIONS, edit
from serving import STAGE_PAGE, Preview

BROKEN = ("content/stages.yaml:14:17: error: unknown role 'nurze'",
          "hint: did you mean 'nurse'?")
HOSTILE = "<img src=x onerror=alert(1)>"


def banner_lines(page: BeautifulSoup) -> list[str]:
    """The problems the banner lists, one string per problem, as a reader sees them."""
    banner = page.find(id="pcsp-serve-problems")
    return [li.get_text() for li in banner.find_all("li")] if banner else []


def test_a_broken_edit_is_shown_over_the_last_good_page_until_it_is_fixed(
        preview: Preview) -> None:
    stages = preview.project / "content" / "stages.yaml"
    code, page = preview.page()
    assert code == 200 and page.find(id="pcsp-serve-problems") is None

    status = preview.after_report(lambda: edit(stages, "roles: [nurse]\n        house: [roof]",
                                               "roles: [nurze]\n        house: [roof]"))
    assert [p["text"] for p in status["problems"]] == ["\n".join(BROKEN)]
    code, page = preview.page()
    assert code == 200
    banner = page.find(id="pcsp-serve-problems")
    assert banner is not None and banner["role"] == "alert"
    assert banner.find("h2").get_text() == "The last change stopped the build"
    assert "still shows the last good build" in banner.get_text()
    assert banner_lines(page) == ["\n".join(BROKEN)]
    assert page.body.find(True) is banner  # first in the page, above the last good build
    assert "Form a steering group" in page.get_text()
    assert "/_pcsp/status" in str(page.find_all("script")[-1])
    built = preview.project / "_build" / "html" / STAGE_PAGE.lstrip("/")
    assert "pcsp-serve-problems" not in built.read_text(encoding="utf-8")
    # every page shows it, not only the open one
    assert banner_lines(preview.page("/")[1]) == ["\n".join(BROKEN)]

    # content text quoted in a message is shown as text, never as markup
    preview.after_report(lambda: edit(stages, "roles: [nurze]", f'roles: ["{HOSTILE}"]'))
    code, page = preview.page()
    banner = page.find(id="pcsp-serve-problems")
    assert banner.find("img") is None and page.find("img", src="x") is None
    (line,) = banner_lines(page)
    assert line.startswith("content/stages.yaml:14:17: error: ") and f"'{HOSTILE}'" in line
    assert "\nhint: " in line

    # fixed: the next good build clears it
    build = preview.status()["build"]
    status = preview.after_report(lambda: edit(stages, f'roles: ["{HOSTILE}"]',
                                               "roles: [nurse]"))
    assert status["problems"] == [] and status["build"] == build + 1
    code, page = preview.page()
    assert code == 200 and page.find(id="pcsp-serve-problems") is None
    assert "Form a steering group" in page.get_text()


def test_with_no_good_build_yet_every_page_is_an_error_page(tmp_path: Path) -> None:
    project = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    stages = project / "content" / "stages.yaml"
    edit(stages, "roles: [nurse]\n        house: [roof]", "roles: [nurze]\n        house: [roof]")
    preview = Preview(project, tmp_path / "serve.log")
    try:
        for path in ("/", STAGE_PAGE):
            code, page = preview.page(path)
            assert code == 503
            assert banner_lines(page) == ["\n".join(BROKEN)]
            assert "no good build to show yet" in page.get_text()
        assert "open pages show why" in preview.output()
        preview.after_report(lambda: edit(stages, "roles: [nurze]", "roles: [nurse]"))
        code, page = preview.page()
        assert code == 200 and page.find(id="pcsp-serve-problems") is None
        assert "Form a steering group" in page.get_text()
    finally:
        assert preview.stop() == 0, preview.output()


def test_a_broken_hand_written_page_is_shown_with_its_line(preview: Preview) -> None:
    index = preview.project / "source" / "index.md"
    text = index.read_text(encoding="utf-8")
    status = preview.after_report(
        lambda: index.write_text(text + "\nSee {pcsp:item}`no-such-item`.\n", encoding="utf-8"))
    expected = "source/index.md:9: WARNING: pcsp: no content item with id 'no-such-item'"
    assert any(p["text"].startswith(expected) for p in status["problems"]), status
    assert any(line.startswith(expected) for line in banner_lines(preview.page()[1]))
    preview.after_report(lambda: index.write_text(text, encoding="utf-8"))
    assert preview.page()[1].find(id="pcsp-serve-problems") is None
