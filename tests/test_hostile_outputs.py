"""The command line with everything around it going wrong (issue 12): output folders that are
files, links, loops or full disks, withdrawn and broken releases, a bad SOURCE_DATE_EPOCH, bad
practice CSVs, links planted among the packs. Each failure is one plain sentence naming what
is wrong, never a traceback, and the previous good output is kept."""

from __future__ import annotations

import errno
import json
import os
import shutil
from pathlib import Path

import pytest

from generator.build import build_site
from helpers import (
    EPOCH,
    EXAMPLE_PRACTICES_CSV,
    REPO,
    VERSIONS,
    copy_project,
    files,
    minimal_project,
    pcsp,
    practices_csv,
    release_fixture_versions,
)

CRASH_WORDS = ("Traceback", "Extension error", "Exception occurred", "report this",
               "sphinx-err-", "Please also report")


def plain(stderr: str) -> None:
    """No traceback and no Sphinx crash report in what the user sees."""
    for word in CRASH_WORDS:
        assert word not in stderr, stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return minimal_project(tmp_path / "project")


@pytest.fixture
def built(project: Path) -> Path:
    """The small project, built once into _build/html."""
    result = pcsp("build", str(project))
    assert result.returncode == 0, result.stderr
    return project


def break_a_page(project: Path) -> None:
    """A link to a missing page: Sphinx warns, so the build fails."""
    page = project / "source" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[broken](missing-page.md)\n",
                    encoding="utf-8")


# --- pcsp build -o --------------------------------------------------------------------------

def test_output_onto_a_file_is_refused_and_the_file_kept(project: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n", encoding="utf-8")
    result = pcsp("build", str(project), "-o", str(notes))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"-o {notes} is a file, not a folder" in result.stderr
    assert notes.read_text(encoding="utf-8") == "my notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "project"]


@pytest.mark.parametrize("where", ["project", "parent", "root", "source"])
def test_output_that_is_or_holds_the_sources_is_refused(project: Path, where: str) -> None:
    out = {"project": project, "parent": project.parent, "root": Path("/"),
           "source": project / "source" / "site"}[where]
    before = files(project)
    result = pcsp("build", str(project), "-o", str(out))
    assert result.returncode == 2
    plain(result.stderr)
    assert result.stderr.count("\n") == 1
    assert f"-o {out} is" in result.stderr
    assert files(project) == before


def test_output_folder_of_other_files_is_refused(project: Path, tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("keep me", encoding="utf-8")
    result = pcsp("build", str(project), "-o", str(documents))
    assert result.returncode == 2
    assert "not a website built by pcsp" in result.stderr
    assert files(documents) == {"letter.txt": b"keep me"}


def test_output_where_nothing_can_be_written(project: Path) -> None:
    result = pcsp("build", str(project), "-o", "/proc/pcsp-site")
    assert result.returncode == 1
    plain(result.stderr)
    assert result.stderr.count("\n") == 1
    assert "could not write /proc/pcsp-site: no such file or directory" in result.stderr
    assert "there is no earlier build in /proc/pcsp-site" in result.stderr
    assert "last good build" not in result.stderr


def test_output_that_is_a_symlink_loop(project: Path, tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to("loop")
    result = pcsp("build", str(project), "-o", str(loop))
    assert result.returncode == 2
    plain(result.stderr)
    assert "leads round in a loop" in result.stderr


@pytest.mark.parametrize(("code", "said"), [
    (errno.ENOSPC, "no space left on device; free some disk space"),
    (errno.EROFS, "read-only file system; choose a folder on a disk that is not read-only"),
    (errno.EACCES, "permission denied; choose a folder you may write to"),
])
def test_full_or_read_only_disk_keeps_the_last_good_build(
        built: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        code: int, said: str) -> None:
    out = built / "_build" / "html"
    before = files(out)

    def fail(src: str, dst: str, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(dst))

    monkeypatch.setattr("generator.build.shutil.copy2", fail)
    capsys.readouterr()
    assert build_site(built) == 1
    err = capsys.readouterr().err
    plain(err)
    assert err.count("\n") == 1
    assert said in err
    assert f"{out} still holds the last good build" in err
    assert ".html.staging" not in err  # the folder the user knows is named
    assert files(out) == before
    assert not [p for p in (built / "_build").iterdir() if p.name.startswith(".html.")]


def test_a_symlink_loop_inside_the_output_is_not_followed(built: Path, tmp_path: Path) -> None:
    out = built / "_build" / "html"
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep", encoding="utf-8")
    (out / "loop").symlink_to(".", target_is_directory=True)
    (out / "_generated" / "elsewhere").symlink_to(outside, target_is_directory=True)
    result = pcsp("build", str(built))
    assert result.returncode == 0, result.stderr
    plain(result.stderr)
    assert not (out / "loop").exists() and not (out / "loop").is_symlink()
    assert not (out / "_generated" / "elsewhere").is_symlink()
    assert files(outside) == {"precious.txt": b"keep"}


def test_a_failed_first_build_says_there_was_no_earlier_build(project: Path) -> None:
    break_a_page(project)
    result = pcsp("build", str(project))
    assert result.returncode == 1
    plain(result.stderr)
    out = project / "_build" / "html"
    assert f"there is no earlier build in {out}" in result.stderr
    assert "last good build" not in result.stderr
    assert not out.exists()


# --- a build's output equals a clean build's -----------------------------------------------

def rename_role(project: Path) -> None:
    for path in (project / "content").glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("[nurse]", "[carer]").replace("id: nurse", "id: carer"),
                        encoding="utf-8")


def test_pages_of_removed_content_go(built: Path) -> None:
    out = built / "_build" / "html"
    assert (out / "_generated" / "roles" / "nurse.html").is_file()
    (out / "stray.html").write_text("left from long ago", encoding="utf-8")
    rename_role(built)
    result = pcsp("build", str(built))
    assert result.returncode == 0, result.stderr
    incremental = files(out)
    assert "_generated/roles/nurse.html" not in incremental
    assert "stray.html" not in incremental
    shutil.rmtree(built / "_build")
    assert pcsp("build", str(built)).returncode == 0
    assert files(out) == incremental


@pytest.mark.slow
def test_published_packs_go_when_the_build_has_no_practices(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    out = root / "_build" / "html"
    csv_path = practices_csv(tmp_path / "practices.csv", 1)
    result = pcsp("build", str(root), "--practices", str(csv_path))
    assert result.returncode == 0, result.stderr
    assert (out / "packs" / "A81001" / "index.html").is_file()
    assert (out / "_generated" / "practice-packs.html").is_file()
    result = pcsp("build", str(root))
    assert result.returncode == 0, result.stderr
    incremental = files(out)
    assert not any(name.startswith("packs/") for name in incremental)
    assert "_generated/practice-packs.html" not in incremental
    shutil.rmtree(root / "_build")
    assert pcsp("build", str(root)).returncode == 0
    assert files(out) == incremental


# --- pcsp build --practices ----------------------------------------------------------------

def test_practices_problems_are_plain_and_keep_the_last_build(built: Path,
                                                              tmp_path: Path) -> None:
    index = built / "_build" / "html" / "index.html"
    before = index.read_bytes()
    with open(EXAMPLE_PRACTICES_CSV, encoding="utf-8", newline="") as f:
        first = f.read().splitlines()[1]
    duplicate = practices_csv(tmp_path / "duplicate.csv", 1, extra=(first.split(","),))
    cases = {
        duplicate: f"{duplicate}:3:2: error: row 3, column 'ods_code': ODS code A81001 is "
                   "already used in row 2",
        tmp_path / "missing.csv": f"--practices {tmp_path / 'missing.csv'}: there is no such "
                                  "file",
        practices_csv(tmp_path / "nul.csv", 1, change={"name": "Mill\x00Lane Surgery"}):
            "row 2, column 'name'",
    }
    for csv_path, said in cases.items():
        result = pcsp("build", str(built), "--practices", str(csv_path))
        assert result.returncode == 1, csv_path
        plain(result.stderr)
        assert said in result.stderr
        assert result.stderr.rstrip().endswith(
            f"build stopped: fix the practices file {csv_path}; {built / '_build' / 'html'} "
            "still holds the last good build")
        assert index.read_bytes() == before


def test_practices_named_in_conf_py_fail_plainly(built: Path) -> None:
    index = built / "_build" / "html" / "index.html"
    before = index.read_bytes()
    with open(built / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('pcsp_practices = "nowhere.csv"\n')
    result = pcsp("build", str(built))
    assert result.returncode == 1
    plain(result.stderr)
    assert str(built / "nowhere.csv") in result.stderr
    assert index.read_bytes() == before


def test_a_bad_practices_file_named_in_conf_py_is_named(built: Path) -> None:
    practices_csv(built / "bad.csv", 2, change={"phone": "call us"})
    with open(built / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('pcsp_practices = "bad.csv"\n')
    result = pcsp("build", str(built))
    assert result.returncode == 1
    plain(result.stderr)
    assert f"the practices file {built / 'bad.csv'} has problems" in result.stderr
    assert "bad.csv, row 2, column 'phone'" in result.stderr or "bad.csv:2" in result.stderr
    assert "the content in" not in result.stderr


# --- SOURCE_DATE_EPOCH ---------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["validate"], ["build"], ["release", "1.0"], ["rebuild"], ["serve", "--port", "0"],
    ["diff", "1.0", "1.1"], ["pack", "--csv", str(EXAMPLE_PRACTICES_CSV)],
])
@pytest.mark.parametrize("value", ["", "tomorrow", "-5"])
def test_a_bad_source_date_epoch_is_a_usage_error(command: list[str], value: str,
                                                  tmp_path: Path) -> None:
    result = pcsp(*command, cwd=tmp_path, epoch=value)
    assert result.returncode == 2, result.stderr
    plain(result.stderr)
    assert result.stderr.count("\n") == 1
    assert "SOURCE_DATE_EPOCH is set" in result.stderr
    assert "whole number of seconds since 1 January 1970" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_good_source_date_epoch_still_works(project: Path) -> None:
    assert pcsp("validate", str(project), epoch=f" {EPOCH} ").returncode == 0


# --- releases ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Versions 1.0 and 1.1 released side by side (not to be changed: tests copy it)."""
    return release_fixture_versions(tmp_path_factory.mktemp("released") / "project")


@pytest.fixture
def site_copy(released: Path, tmp_path: Path) -> Path:
    """A private copy of the released project, builds and all."""
    return Path(shutil.copytree(released, tmp_path / "project", symlinks=True))


def test_a_failed_forced_release_keeps_the_published_version(tmp_path: Path) -> None:
    root = shutil.copytree(VERSIONS / "1.0", tmp_path / "project")
    assert pcsp("release", "1.0", str(root)).returncode == 0
    site = root / "_build" / "site"
    before = files(site)
    stored = files(root / "releases")
    break_a_page(root)
    result = pcsp("release", "1.0", str(root), "--force", "--date", "2026-02-01")
    assert result.returncode == 1
    plain(result.stderr)
    assert "release 1.0 undone" in result.stderr
    assert f"the published site in {site} was left as it was" in result.stderr
    assert files(site) == before
    assert files(root / "releases") == stored


def test_a_withdrawn_version_leaves_the_site(site_copy: Path) -> None:
    site = site_copy / "_build" / "site"
    (site / "notes").mkdir()  # not a version's folder: never touched
    (site / "notes" / "todo.txt").write_text("keep", encoding="utf-8")
    shutil.rmtree(site_copy / "releases" / "1.1")
    result = pcsp("rebuild", str(site_copy))
    assert result.returncode == 0, result.stderr
    assert "removed version 1.1 from the site" in result.stdout
    assert not (site / "1.1").exists()
    assert not (site_copy / "_build" / "releases" / "1.1").exists()
    assert json.loads((site / "versions.json").read_text(encoding="utf-8")) == [
        {"version": "1.0", "date": "2026-01-15", "path": "1.0/", "latest": True,
         "name": "1.0 (latest)", "url": "1.0/", "preferred": True}]
    assert files(site / "latest") == files(site / "1.0")
    assert (site / "notes" / "todo.txt").read_text(encoding="utf-8") == "keep"
    page = (site / "1.0" / "index.html").read_text(encoding="utf-8")
    assert "Version 1.0" in page and "Version 1.1" not in page and "1.1/" not in page


@pytest.mark.parametrize(("text", "said"), [
    ('<<<<<<< HEAD\n{"version": "1.0", "date": "2026-01-15"}\n=======\n'
     '{"version": "1.0", "date": "2026-01-16"}\n>>>>>>> other\n',
     "releases/1.0/release.json holds an unresolved git merge conflict"),
    ('{"version": "1.0"}\n', 'releases/1.0/release.json has no "date"'),
    ('{"version": "1.0", "date": "15/01/2026"}\n',
     'releases/1.0/release.json: "date" is "15/01/2026", not a real date written YYYY-MM-DD'),
    ('{"version": "1.0", "date": "2026-01-15"\n', "releases/1.0/release.json:2:1: this is not "
     "valid JSON"),
    ('{"version": "1.1", "date": "2026-01-15"}\n', "releases/1.0/release.json says version 1.1, "
     "but its folder is named 1.0"),
])
def test_a_broken_release_json_is_named(site_copy: Path, text: str, said: str) -> None:
    site = site_copy / "_build" / "site"
    before = files(site)
    (site_copy / "releases" / "1.0" / "release.json").write_text(text, encoding="utf-8")
    result = pcsp("rebuild", str(site_copy))
    assert result.returncode == 1
    plain(result.stderr)
    assert result.stderr.count("\n") == 1
    assert said in result.stderr
    assert f"the published site in {site} was left as it was" in result.stderr
    assert files(site) == before


def test_a_copied_release_folder_is_ignored_with_a_warning(site_copy: Path) -> None:
    shutil.copytree(site_copy / "releases" / "1.0", site_copy / "releases" / "1.0 copy")
    result = pcsp("rebuild", str(site_copy))
    assert result.returncode == 0, result.stderr
    assert "warning: ignored releases/1.0 copy: a release's folder must be named after its " \
           "version" in result.stderr
    versions = json.loads((site_copy / "_build" / "site" / "versions.json").read_text("utf-8"))
    assert [v["version"] for v in versions] == ["1.1", "1.0"]


def test_a_diff_error_says_whether_old_or_new_is_at_fault(site_copy: Path,
                                                          tmp_path: Path) -> None:
    result = pcsp("diff", "0.9", "1.1", "--project", str(site_copy))
    assert result.returncode == 2
    assert "OLD '0.9' is neither a project folder" in result.stderr
    result = pcsp("diff", "1.0", "2.0", "--project", str(site_copy))
    assert result.returncode == 2
    assert "NEW '2.0' is neither a project folder" in result.stderr
    broken = shutil.copytree(VERSIONS / "1.1", tmp_path / "broken")
    stages = broken / "content" / "stages.yaml"
    stages.write_text(stages.read_text(encoding="utf-8").replace("[roof]", "[rooof]"),
                      encoding="utf-8")
    result = pcsp("diff", "1.0", str(broken), "--project", str(site_copy))
    assert result.returncode == 1
    plain(result.stderr)
    assert f"diff stopped: NEW ({broken}, in {broken}) has the errors above" in result.stderr
    result = pcsp("diff", str(broken), "1.0", "--project", str(site_copy))
    assert f"diff stopped: OLD ({broken}, in {broken}) has the errors above" in result.stderr


# --- packs are written only inside the output folder ---------------------------------------

def test_a_planted_symlink_never_leads_a_pack_outside(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (outside / "leaflet.pdf").write_bytes(b"not yours")
    (out / "A81001").symlink_to(outside, target_is_directory=True)
    (out / "B82002").mkdir()
    (out / "B82002" / "leaflet.pdf").symlink_to(outside / "leaflet.pdf")
    result = pcsp("pack", "--csv", str(EXAMPLE_PRACTICES_CSV), "-o", str(out), "--jobs", "1",
                  cwd=REPO)
    assert result.returncode == 1
    plain(result.stderr)
    assert (f"row 2 (A81001) failed:\n{out / 'A81001'} is a symbolic link, and packs are only "
            f"written inside {out}: remove the link and run again") in result.stderr
    assert f"{out / 'B82002' / 'leaflet.pdf'} is a symbolic link" in result.stderr
    assert files(outside) == {"leaflet.pdf": b"not yours"}
    assert (out / "W12345" / "index.html").is_file()  # the other rows are made


def test_a_planted_symlink_never_leads_a_single_pack_outside(tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "A81001").symlink_to(outside, target_is_directory=True)
    result = pcsp("pack", "examples/practice.yaml", "-o", str(out), cwd=REPO)
    assert result.returncode == 1
    plain(result.stderr)
    assert (f"no pack made: {out / 'A81001'} is a symbolic link, and packs are only written "
            f"inside {out}: remove the link and run again") in result.stderr
    assert files(outside) == {}
