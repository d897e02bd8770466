"""``make check``: run the content checker from the command line.

    python -m khabarnama.content_checks [--settings pelicanconf.py] [--content DIR] [PATH ...]

Checks the whole content folder (cross-file rules such as duplicate slugs
and links need it all) and prints the problems of PATHs, or of every file
when none is given: errors first, then warnings under their own heading.

Exit status: 0 when there is no error (warnings do not count), 1 when
there is at least one, 2 when the settings or arguments are unusable.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .checker import check_site

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def load_settings(settings_file: Path, content: Path | None) -> dict:
    from pelican.settings import read_settings

    override = {"PATH": str(content.resolve())} if content is not None else None
    return read_settings(str(settings_file), override=override)


def parse_content_command(
    argv: Sequence[str] | None, prog: str, description: str, paths_help: str
) -> argparse.Namespace | None:
    """Arguments every content command shares (files, settings, content folder),
    checked: None after printing what is missing."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("paths", nargs="*", type=Path, help=paths_help)
    parser.add_argument("--settings", "-s", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--content", type=Path, help="content folder (default: PATH setting)")
    args = parser.parse_args(argv)
    if not args.settings.is_file():
        print(f"{args.settings}: settings file not found", file=sys.stderr)
        return None
    if args.content is not None and not args.content.is_dir():
        print(f"{args.content}: content folder not found", file=sys.stderr)
        return None
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return None
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_content_command(
        argv,
        "python -m khabarnama.content_checks",
        "Check Khabarnama content: one line per problem, "
        "'path:line: field: what is wrong — what to do'.",
        "files or folders to report on",
    )
    if args is None:
        return EXIT_USAGE
    logging.basicConfig(level=logging.ERROR, format="%(levelname)s: %(message)s")

    started = time.perf_counter()
    settings = load_settings(args.settings, args.content)
    report = check_site(settings, Path.cwd(), args.paths or None)
    elapsed = time.perf_counter() - started

    for problem in report.errors:
        print(problem)
    if report.warnings:
        print("warnings (accepted, but worth fixing):")
        for problem in report.warnings:
            print(problem)
    errors, warnings = len(report.errors), len(report.warnings)
    print(
        f"content check: {errors} error{'s' * (errors != 1)}, "
        f"{warnings} warning{'s' * (warnings != 1)} in {report.files} "
        f"file{'s' * (report.files != 1)} ({elapsed:.2f}s)",
        file=sys.stderr,
    )
    return EXIT_ERRORS if errors else EXIT_OK
