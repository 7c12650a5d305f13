"""``pcsp pack``: make one practice's pack from its YAML, or many from a CSV file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..content.diagnostics import ContentError
from ..content.project import load_project
from .batch import run_batch
from .pack import PackBuilder
from .profile import load_practice
from .render import RenderError


def add_pack_arguments(parser: argparse.ArgumentParser) -> None:
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


def run_pack(args: argparse.Namespace) -> int:
    """Run ``pcsp pack`` with parsed arguments; return the exit code."""
    if bool(args.practice) == bool(args.csv):
        print("pcsp pack: give either PRACTICE.yaml or --csv PRACTICES.csv", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("pcsp pack: --jobs must be 1 or more", file=sys.stderr)
        return 2
    project = load_project(Path(args.project))
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
    except RenderError as exc:
        print(f"no pack made: {exc}", file=sys.stderr)
        return 1
    changed = f"{len(result.written)} changed" if result.written else "nothing changed"
    print(f"made the pack for {practice.ods_code} in {result.folder} "
          f"({len(result.files)} files, {changed}); open {result.folder / 'index.html'}")
    return 0
