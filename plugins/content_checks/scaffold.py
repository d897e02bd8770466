"""``make article`` / ``make entry``: start a content file from ``scaffold/``.

    python -m content_checks.scaffold article SLUG
    python -m content_checks.scaffold entry SLUG --kind people

The templates list every field with guidance in Urdu and English, inside an
HTML comment that the build leaves out of the page. ``{{slug}}`` and
``{{date}}`` are filled in; the rest is left empty, so ``make check`` says
exactly what is still to write. An existing file is never overwritten.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import glossary_adapter
from .rules import LATIN_SLUG

TEMPLATES = Path(__file__).resolve().parents[2] / "scaffold"


class ScaffoldError(ValueError):
    """Why a file was not created, in words for the contributor."""


def now(settings: dict[str, Any]) -> datetime:
    try:
        return datetime.now(ZoneInfo(settings.get("TIMEZONE") or "UTC"))
    except ZoneInfoNotFoundError:
        return datetime.now()


def target(settings: dict[str, Any], what: str, slug: str, kind: str | None) -> Path:
    if not LATIN_SLUG.match(slug or ""):
        raise ScaffoldError(
            f"SLUG={slug!r} is not a Latin slug — use lower-case Latin letters, digits and "
            "hyphens, e.g. SLUG=lavrov-visit-2021"
        )
    content = Path(settings["PATH"])
    if what == "article":
        folders = settings.get("ARTICLE_PATHS") or [""]
        return content / folders[0] / f"{slug}.md"
    kinds = settings.get("GLOSSARY_KINDS") or glossary_adapter.default_kinds()
    if kind not in kinds:
        raise ScaffoldError(
            f"KIND={kind or ''!r} is not a glossary kind — use one of: {', '.join(kinds)}"
        )
    return content / glossary_adapter.glossary_path(settings) / kind / f"{slug}.md"


def create(
    settings: dict[str, Any],
    what: str,
    slug: str,
    kind: str | None = None,
    templates: Path = TEMPLATES,
) -> Path:
    """Write the new file and return its path; ``ScaffoldError`` if it cannot be."""
    path = target(settings, what, slug, kind)
    text = (templates / f"{what}.md").read_text(encoding="utf-8")
    text = text.replace("{{slug}}", slug).replace(
        "{{date}}", now(settings).strftime("%Y-%m-%d %H:%M")
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(
            f"{path} already exists — choose another SLUG, or edit that file"
        ) from None
    return path


def main(argv: Sequence[str] | None = None) -> int:
    from .cli import load_settings

    parser = argparse.ArgumentParser(prog="python -m content_checks.scaffold")
    parser.add_argument("what", choices=["article", "entry"])
    parser.add_argument("slug")
    parser.add_argument("--kind", help="glossary kind (a folder under content/glossary/)")
    parser.add_argument("--settings", "-s", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--content", type=Path, help="content folder (default: PATH setting)")
    args = parser.parse_args(argv)
    settings = load_settings(args.settings, args.content)
    try:
        path = create(settings, args.what, args.slug.strip(), args.kind)
    except ScaffoldError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    try:
        shown = path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = str(path)
    print(f"created {shown}")
    print("  fill in every empty field (the comment in the file explains each one),")
    print("  then: make check   and preview with: make serve")
    return 0


if __name__ == "__main__":
    sys.exit(main())
