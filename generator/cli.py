"""The ``pcsp`` command line: thin wrappers that parse arguments and call the library.

Commands that run Sphinx import it when they run, so ``pcsp validate`` and ``pcsp pack``
start quickly.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .checks import check_project, checked_for_packs, checked_project
from .content import diagnostics
from .content.clock import clock_problem
from .content.diagnostics import ContentError, describe_os_error
from .content.project import load_project
from .content.releases import resolve_version
from .diff import diff_projects, format_json, format_text
from .packs.batch import run_batch
from .packs.pack import PackBuilder, UnsafeFolder
from .packs.profile import load_practice
from .packs.render import RenderError
from .packs.wording import start_translation


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the content (and checklists) of a project and report every problem at once."""
    project, found = check_project(Path(args.project_dir))
    failed = bool(diagnostics.errors_only(found)) or (args.strict and bool(found))
    if args.format == "json":
        print(diagnostics.format_json(found))
    else:
        summary = "no problems found"
        guidance = project.guidance
        if guidance is not None:
            summary = (f"{summary}: {len(guidance.stages)} stages, {len(guidance.activities)} "
                       f"activities, {len(guidance.success_factors)} success factors, "
                       f"{len(guidance.npt_sub_constructs)} NPT sub-constructs, "
                       f"{len(guidance.roles)} roles")
        print(diagnostics.format_text(found, summary), file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then build the guide, keeping the last good build if anything fails."""
    from .build import build_site

    return build_site(Path(args.project_dir), out=Path(args.out) if args.out else None,
                      practices=Path(args.practices) if args.practices else None)


def cmd_pack(args: argparse.Namespace) -> int:
    """Make localised practice packs from one practice YAML or a CSV of many."""
    if bool(args.practice) == bool(args.csv):
        print("pcsp pack: give either PRACTICE.yaml or --csv PRACTICES.csv", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("pcsp pack: --jobs must be 1 or more", file=sys.stderr)
        return 2
    try:
        project = checked_for_packs(Path(args.project))
    except ContentError as exc:
        print(f"{exc}\nno pack made: fix the problems above", file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else project.root / "_build" / "packs"
    if args.csv:
        return run_batch(Path(args.csv), out, project, args.jobs)
    try:
        practice = load_practice(Path(args.practice), args.practice)
        result = PackBuilder(project).build(practice, out)
    except ContentError as exc:
        print("\n".join(d.format() for d in exc.diagnostics), file=sys.stderr)
        print("no pack made: fix the problems above", file=sys.stderr)
        return 1
    except (RenderError, UnsafeFolder) as exc:
        print(f"no pack made: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"no pack made: {describe_os_error(exc)}", file=sys.stderr)
        return 1
    changed = f"{len(result.written)} changed" if result.written else "nothing changed"
    print(f"made the pack for {practice.ods_code} in {result.folder} "
          f"({len(result.files)} files, {changed}); open {result.folder / 'index.html'}")
    return 0


def cmd_translation(args: argparse.Namespace) -> int:
    """Start a translation of the pack wording, or add the items it lacks."""
    project = load_project(Path(args.project_dir))
    try:
        path, added = start_translation(project, args.language)
    except ValueError as exc:
        print(f"pcsp translation: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"pcsp translation: {describe_os_error(exc, 'cannot write')}", file=sys.stderr)
        return 1
    if added:
        print(f"added {added} item(s) to translate to {path}: write each translation under "
              "its English, then run pcsp validate")
    else:
        print(f"{path} already has every item; pcsp validate lists any that are out of date")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    """Compare two versions of the content by id and print what changed."""
    projects = []
    for label, name in (("OLD", args.old), ("NEW", args.new)):
        try:
            folder = resolve_version(name, Path(args.project))
        except FileNotFoundError as exc:
            print(f"pcsp diff: {label} {exc}", file=sys.stderr)
            return 2
        try:
            projects.append(checked_project(folder))
        except ContentError as exc:
            print(f"{exc}\ndiff stopped: {label} ({name}, in {folder}) has the errors above; "
                  "fix them first", file=sys.stderr)
            return 1
        except OSError as exc:
            print(f"pcsp diff: {label} ({name}): {describe_os_error(exc, 'cannot read')}",
                  file=sys.stderr)
            return 1
    result = diff_projects(*projects)
    print(format_json(result) if args.format == "json" else format_text(result))
    return 0


def cmd_release(args: argparse.Namespace) -> int:
    """Store the sources as a released version and rebuild the site of every version."""
    from .release import release

    return release(Path(args.project_dir), args.version, args.date, args.force, args.base_url)


def cmd_rebuild(args: argparse.Namespace) -> int:
    """Rebuild the site of every released version from releases/."""
    from .release import build_all

    return build_all(Path(args.project_dir), args.base_url)


def cmd_withdraw(args: argparse.Namespace) -> int:
    """Withdraw a released version (or delete it) and rebuild the site of every version."""
    from .release import withdraw_release

    if args.delete and args.reason:
        print("pcsp withdraw: --reason is for withdrawing; a deleted version has no pages to "
              "show it", file=sys.stderr)
        return 2
    return withdraw_release(Path(args.project_dir), args.version, args.reason or "", args.date,
                            args.delete, args.base_url)


def cmd_serve(args: argparse.Namespace) -> int:
    """Preview the guide locally, rebuilding on every change."""
    from .serve import serve

    return serve(Path(args.project_dir), args.port)


def _add_pack_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``pack`` subcommand's arguments to its parser."""
    parser.add_argument("practice", nargs="?", metavar="PRACTICE.yaml",
                        help="one practice's details (see examples/practice.yaml)")
    parser.add_argument("--csv", metavar="PRACTICES.csv",
                        help="many practices, one a row (see examples/practices.csv)")
    parser.add_argument("-o", "--out", metavar="DIR",
                        help="where to put the packs (default: PROJECT_DIR/_build/packs)")
    parser.add_argument("--jobs", type=int, metavar="N",
                        help="with --csv: packs made at once (default: number of cores)")
    parser.add_argument("--project", default=".", metavar="PROJECT_DIR",
                        help="folder with content/patient-materials.yaml and _templates/ "
                             "(default: current folder)")


def _add_version_commands(sub: argparse._SubParsersAction) -> None:
    """The diff, release, rebuild, withdraw and serve subcommands."""
    diff = sub.add_parser("diff", help="list what changed between two versions of the content")
    diff.add_argument("old", metavar="OLD", help="project folder or released version")
    diff.add_argument("new", metavar="NEW", help="project folder or released version")
    diff.add_argument("--format", choices=("text", "json"), default="text",
                      help="text for people (default), json for tools")
    diff.add_argument("--project", default=".", metavar="PROJECT_DIR",
                      help="project whose releases/ holds released versions (default: .)")
    diff.set_defaults(func=cmd_diff)

    base_url = {"default": "", "metavar": "URL",
                "help": "address the site will be served from, for sitemap.xml"}
    release = sub.add_parser("release", help="publish VERSION beside the earlier versions "
                                             "in PROJECT_DIR/_build/site")
    release.add_argument("version", metavar="VERSION", help="such as 1.2; must match "
                                                            "content/guide.yaml")
    release.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    release.add_argument("--date", help="release date YYYY-MM-DD (default: 'published' in "
                                        "content/guide.yaml)")
    release.add_argument("--force", action="store_true",
                         help="replace a version that is already released")
    release.add_argument("--base-url", **base_url)
    release.set_defaults(func=cmd_release)

    rebuild = sub.add_parser("rebuild", help="rebuild every released version from releases/ "
                                             "into PROJECT_DIR/_build/site")
    rebuild.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    rebuild.add_argument("--base-url", **base_url)
    rebuild.set_defaults(func=cmd_rebuild)

    withdraw = sub.add_parser("withdraw", help="withdraw VERSION: its pages say so and link to "
                                               "the latest version (or --delete it)")
    withdraw.add_argument("version", metavar="VERSION", help="a released version, such as 1.0")
    withdraw.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    withdraw.add_argument("--reason", metavar="TEXT", help="why, shown on every page of it")
    withdraw.add_argument("--date", help="date withdrawn YYYY-MM-DD (default: today)")
    withdraw.add_argument("--delete", action="store_true",
                          help="remove releases/VERSION/ instead, so the site no longer has it")
    withdraw.add_argument("--base-url", **base_url)
    withdraw.set_defaults(func=cmd_withdraw)

    serve = sub.add_parser("serve", help="preview the guide on 127.0.0.1, rebuilding as you edit")
    serve.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000; 0: any free)")
    serve.set_defaults(func=cmd_serve)


def make_parser() -> argparse.ArgumentParser:
    """The argument parser for ``pcsp``."""
    parser = argparse.ArgumentParser(
        prog="pcsp", description="Build the PCSP implementation guide and practice packs.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser("validate", help="check the content YAML and report every problem")
    validate.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    validate.add_argument("--format", choices=("text", "json"), default="text",
                          help="text for people (default), json for tools")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.set_defaults(func=cmd_validate)

    build = sub.add_parser("build", help="build the guide website into PROJECT_DIR/_build/html")
    build.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    build.add_argument("-o", "--out", help="output folder (default: PROJECT_DIR/_build/html)")
    build.add_argument("--practices", metavar="PRACTICES.csv",
                       help="also publish these practices' packs in the site, with a page "
                            "listing them")
    build.set_defaults(func=cmd_build)

    pack = sub.add_parser("pack", help="make practice packs (posters, leaflet, letter, script...)")
    _add_pack_arguments(pack)
    pack.set_defaults(func=cmd_pack)

    translation = sub.add_parser(
        "translation", help="start a translation of the patient wording, or add the items it "
                            "lacks")
    translation.add_argument("language", metavar="LANGUAGE", help="language code, such as cy")
    translation.add_argument("project_dir", nargs="?", default=".", metavar="PROJECT_DIR")
    translation.set_defaults(func=cmd_translation)
    _add_version_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``pcsp`` command.

    A bad ``SOURCE_DATE_EPOCH`` is a usage error (exit code 2) for every command; Ctrl+C
    stops any command with one line and exit code 130, never a traceback.
    """
    args = make_parser().parse_args(argv)
    problem = clock_problem()
    if problem:
        print(f"pcsp {args.command}: {problem}", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(f"pcsp {args.command}: stopped by Ctrl+C before it finished", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
