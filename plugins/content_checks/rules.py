"""The rules an article's front matter must pass before Pelican reads it.

Each rule returns ``Problem`` objects instead of raising, so one run reports
every mistake in every file, each on one line a contributor can act on:
``path:line: field: what is wrong — what to do``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pelican.utils import get_date

from .frontmatter import Source, UndecodableSource, read_source

LATIN_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIST_SEPARATORS = re.compile(r"[,،]")
REQUIRED_ARTICLE_FIELDS = ("title", "date", "slug", "summary")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    fix: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message} — {self.fix}"


def split_list(value: str) -> list[str]:
    """Split a list field on the Latin or the Urdu comma (U+060C)."""
    return [item.strip() for item in LIST_SEPARATORS.split(value) if item.strip()]


def check_article(
    source: Source, shown: str, tag_slugs: Mapping[str, str], languages: Iterable[str]
) -> list[Problem]:
    problems: list[Problem] = []
    for name in REQUIRED_ARTICLE_FIELDS:
        found = source.get(name)
        if found is None:
            problems.append(
                Problem(shown, 1, name, "missing", f"add a line '{name.title()}: ...' at the top")
            )
        elif not found.value.strip():
            problems.append(
                Problem(shown, found.line, name, "empty", f"write a value after '{name}:'")
            )

    date = source.get("date")
    if date is not None and date.value.strip():
        try:
            get_date(date.value)
        except (ValueError, OverflowError):
            problems.append(
                Problem(
                    shown,
                    date.line,
                    "date",
                    f"'{date.value}' is not a date",
                    "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2021-04-08",
                )
            )

    slug = source.get("slug")
    if slug is not None and slug.value.strip() and not LATIN_SLUG.match(slug.value):
        problems.append(
            Problem(
                shown,
                slug.line,
                "slug",
                f"'{slug.value}' is not a Latin slug",
                "use lower-case Latin letters, digits and hyphens, e.g. lavrov-visit-2021",
            )
        )

    tags = source.get("tags")
    if tags is not None:
        for tag in split_list(tags.value):
            if tag not in tag_slugs:
                problems.append(
                    Problem(
                        shown,
                        tags.line,
                        "tags",
                        f"tag '{tag}' has no Latin slug",
                        f"add '{tag}' to TAG_SLUGS in pelicanconf.py, or use an existing tag",
                    )
                )

    lang = source.get("lang")
    known = sorted(languages)
    if lang is not None and lang.value not in known:
        problems.append(
            Problem(
                shown,
                lang.line,
                "lang",
                f"unknown language '{lang.value}'",
                f"use one of: {', '.join(known)}",
            )
        )
    return problems


def check_articles(
    paths: Iterable[Path],
    root: Path,
    tag_slugs: Mapping[str, str],
    languages: Iterable[str],
) -> list[Problem]:
    """Check every article, then the rules that span files (duplicate slugs)."""
    problems: list[Problem] = []
    slug_owner: dict[str, str] = {}
    languages = list(languages)
    for path in sorted(paths):
        shown = _shown(path, root)
        try:
            source = read_source(path)
        except UndecodableSource as error:
            problems.append(
                Problem(
                    shown,
                    1,
                    "encoding",
                    f"not valid UTF-8 at byte {error.offset} ({error.reason})",
                    "save the file as UTF-8",
                )
            )
            continue
        problems.extend(check_article(source, shown, tag_slugs, languages))
        slug = source.get("slug")
        if slug is not None and slug.value:
            if slug.value in slug_owner:
                problems.append(
                    Problem(
                        shown,
                        slug.line,
                        "slug",
                        f"'{slug.value}' is already used by {slug_owner[slug.value]}",
                        "choose a slug no other article uses",
                    )
                )
            else:
                slug_owner[slug.value] = shown
    return sorted(problems, key=lambda problem: (problem.path, problem.line))


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
