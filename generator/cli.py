"""The ``pcsp`` command line: thin wrappers that parse arguments and call the library."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import diagnostics
from .validate import check_project


def cmd_validate(args: argparse.Namespace) -> int:
    """Check the content (and checklists) of a project and report every problem at once."""
    project, found = check_project(Path(args.project_dir))
    if project is not None:
        from .checklists import load_checklists

        found = sorted(found + load_checklists(Path(args.project_dir), project)[1])
    failed = bool(diagnostics.errors_only(found)) or (args.strict and bool(found))
    if args.format == "json":
        print(diagnostics.format_json(found))
    else:
        summary = "no problems found"
        if project is not None:
            summary = (f"{summary}: {len(project.stages)} stages, {len(project.activities)} "
                       f"activities, {len(project.success_factors)} success factors, "
                       f"{len(project.npt_sub_constructs)} NPT sub-constructs, "
                       f"{len(project.roles)} roles")
        print(diagnostics.format_text(found, summary), file=sys.stderr if failed else sys.stdout)
    return 1 if failed else 0


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then build the guide, keeping the last good build if anything fails."""
    from .build import build_site

    return build_site(Path(args.project_dir), out=Path(args.out) if args.out else None)


def cmd_pack(args: argparse.Namespace) -> int:
    """Make localised practice packs from one practice YAML or a CSV of many."""
    from .packs.cli import run_pack

    return run_pack(args)


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
    build.set_defaults(func=cmd_build)

    from .packs.cli import add_pack_arguments

    pack = sub.add_parser("pack", help="make practice packs (posters, leaflet, letter, script...)")
    add_pack_arguments(pack)
    pack.set_defaults(func=cmd_pack)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the ``pcsp`` command."""
    args = make_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
