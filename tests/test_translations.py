"""Translations of the pack wording: started by ``pcsp translation``, and every gap (missing,
extra, out of date, placeholders dropped, added or misspelt) reported at file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.checks import check_project
from generator.content.project import load_project
from helpers import copy_project, edit, pcsp, stand_in_translation

TRANSLATION = Path("content/translations/cy/patient-materials.yaml")


def fill_in(project: Path) -> Path:
    """A complete stand-in Welsh translation: the English with 'CY' before each text."""
    return stand_in_translation(project, "cy", "CY")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The shipped project without its translations."""
    root = copy_project(tmp_path / "project")
    shutil.rmtree(root / "content" / "translations", ignore_errors=True)
    return root


def problems(project: Path) -> list[str]:
    _, found = check_project(project)
    return [f"{d.severity}: {d.message}" for d in found if d.file == TRANSLATION.as_posix()]


def test_a_new_translation_lists_every_item_to_translate(project: Path) -> None:
    result = pcsp("translation", "cy", str(project))
    assert result.returncode == 0, result.stderr
    wording = load_project(project).wording
    assert wording is not None
    assert f"added {len(wording.patient_item_ids)} item(s) to translate" in result.stdout
    assert "  - id: script-" not in (project / TRANSLATION).read_text(encoding="utf-8")
    text = (project / TRANSLATION).read_text(encoding="utf-8")
    assert "NOT YET REVIEWED" in text and "reviewed: false" in text
    assert "# English: To find out more, ask at reception or call us on {phone}." in text
    found = problems(project)
    assert found and all(p.startswith("error: ") and "must not be empty" in p for p in found)


def test_a_complete_translation_passes_and_later_items_are_added(project: Path) -> None:
    fill_in(project)
    assert problems(project) == []
    edit(project / "content/patient-materials.yaml", "      - id: shared-address-label\n",
         "      - id: shared-hours-label\n        text: Opening hours\n"
         "      - id: shared-address-label\n")
    assert problems(project) == ["error: 'shared-hours-label' is not translated"]
    result = pcsp("translation", "cy", str(project))
    assert "added 1 item(s)" in result.stdout
    assert "  - id: shared-hours-label\n" in (project / TRANSLATION).read_text(encoding="utf-8")


def test_every_gap_is_reported(project: Path) -> None:
    path = fill_in(project)
    text = path.read_text(encoding="utf-8")
    text = text.replace("CY To find out more, ask at reception or call us on {phone}.",
                        "CY Ffoniwch ni.")                         # drops {phone}
    text = text.replace("text: CY Contact us", "text: CY Cysylltu {phone} {fone}")  # adds both
    text = text.replace("- id: shared-email-label", "- id: shared-emial-label")  # misspelt id
    path.write_text(text, encoding="utf-8")
    edit(project / "content/patient-materials.yaml", "        text: Phone\n",
         "        text: Telephone\n")                           # the English changes
    assert sorted(problems(project)) == sorted([
        "error: 'shared-call-us' leaves out {phone}",
        "error: 'shared-contact-heading' adds {phone}, which the English does not have",
        "error: unknown placeholder {fone}",
        "error: 'shared-emial-label' is not an item of content/patient-materials.yaml",
        "error: 'shared-email-label' is not translated",
        "warning: 'shared-phone-label' was translated from English that has changed since",
    ])


def test_the_language_must_match_its_folder_and_be_known(project: Path) -> None:
    path = fill_in(project)
    edit(path, "language: cy", "language: xx")
    assert "error: language 'xx' does not match the folder 'cy'" in problems(project)
    assert "error: 'xx' is not a language pcsp knows" in problems(project)


def test_a_translation_error_stops_a_pack(project: Path) -> None:
    path = fill_in(project)
    edit(path, "CY To find out more, ask at reception or call us on {phone}.", "CY Ffoniwch.")
    result = pcsp("pack", "examples/practice.yaml", "--project", str(project),
                  "-o", str(project / "out"), cwd=Path(__file__).parent.parent)
    assert result.returncode == 1
    assert f"{TRANSLATION.as_posix()}:" in result.stderr
    assert "'shared-call-us' leaves out {phone}" in result.stderr


@pytest.mark.parametrize("code", ["en", "zz"])
def test_translation_refuses_an_unknown_language(project: Path, code: str) -> None:
    result = pcsp("translation", code, str(project))
    assert result.returncode == 2
    assert f"pcsp translation: '{code}' is not a language code pcsp knows" in result.stderr


def test_what_changed_lists_translations_to_update(project: Path, tmp_path: Path) -> None:
    fill_in(project)
    before = copy_project(tmp_path / "before", project)
    edit(project / "content/patient-materials.yaml", "        text: Phone\n",
         "        text: Telephone\n")
    result = pcsp("diff", str(before), str(project))
    assert result.returncode == 0, result.stderr
    assert ("Translations to update:\n  content/translations/cy/patient-materials.yaml: English "
            "changed since translated: shared-phone-label") in result.stdout


def test_staff_wording_in_a_translation_is_pointed_out(project: Path) -> None:
    path = fill_in(project)
    with open(path, "a", encoding="utf-8") as f:
        f.write('- id: index-title\n  source: "000000000000"\n  text: CY Pecyn\n')
    assert problems(project) == ["warning: 'index-title' is for staff and is never translated"]
