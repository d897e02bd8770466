"""Front-matter rules: what each field of a file must look like.

Each rule returns ``Problem`` objects instead of raising, so one run reports
every mistake in every file, each on one line a contributor can act on:
``path:line: field: what is wrong — what to do``.
"""

from __future__ import annotations

import datetime
import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

from .frontmatter import Field, Source
from .markup import letter_scripts
from .problem import ERROR, WARNING, Problem
from .schema import BOOLEANS, DATE_FIELDS, STATUSES, ContentType

LATIN_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LIST_SEPARATORS = re.compile(r"[,،]")
REQUIRED_ARTICLE_FIELDS = ("title", "date", "slug", "summary")


def split_list(value: str) -> list[str]:
    """Split a list field on the Latin or the Urdu comma (U+060C)."""
    return [item.strip() for item in LIST_SEPARATORS.split(value) if item.strip()]


#: The only date forms accepted (Pakistan time, TIMEZONE). Anything else is
#: refused rather than guessed: dateutil reads 08/04/2021 as 4 August and fills
#: a partial "2021" with today's month and day.
DATE_FORM = re.compile(
    r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})"
    r"(?:[ T](?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?)?$"
)
DATE_FIX = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2021-04-08"
_DAY_MONTH = re.compile(r"^\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}$")
_PARTIAL = re.compile(r"^\d{4}(?:-\d{1,2})?$")


def parse_date(value: str) -> datetime.datetime | None:
    """The date of a Date or Modified field in an accepted form, else None."""
    match = DATE_FORM.match(value.strip())
    if match is None:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v is not None}
    try:
        return datetime.datetime(**parts)
    except ValueError:  # 2021-13-45, 2021-02-30, 25:00
        return None


def date_problem(value: str) -> str | None:
    """What is wrong with a date as written, or None if it is one of the accepted forms."""
    if parse_date(value) is not None:
        return None
    written = value.strip()
    if _DAY_MONTH.match(written):
        return f"'{written}' is ambiguous (day and month could be either way round)"
    if _PARTIAL.match(written):
        return f"'{written}' is not a whole date (a missing month or day would be guessed)"
    return f"'{written}' is not a date"


def is_blank(value: str) -> bool:
    """Nothing a reader could see: whitespace and invisible format characters only."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in value)


def _label(name: str) -> str:
    return name.capitalize()


def check_front_matter(
    source: Source,
    shown: str,
    kind: ContentType,
    tag_slugs: Mapping[str, str],
    languages: Iterable[str],
) -> list[Problem]:
    problems: list[Problem] = []

    def report(
        found: Field | None, name: str, message: str, fix: str, rule: str, severity: str = ERROR
    ) -> None:
        line = found.line if found is not None else 1
        problems.append(Problem(shown, line, name, message, fix, severity, rule))

    if kind.check_required:
        for name in kind.required:
            found = source.get(name)
            if found is None and name in source.stray_fields:
                continue  # written, but after a stray line: reported once, below
            if found is None:
                report(
                    None,
                    name,
                    "missing",
                    f"add a line '{name.title()}: ...' at the top",
                    "required-missing",
                )
            elif is_blank(found.value):
                report(found, name, "empty", f"write a value after '{name}:'", "required-empty")

    for found in source.fields.values():
        if found.name not in kind.known:
            report(found, found.name, *_unknown(found, kind), "unknown-key")
    for again in source.duplicates:
        first = source.fields[again.name]
        report(
            again,
            again.name,
            f"written twice (first on line {first.line})",
            f"keep one '{_label(again.name)}:' line",
            "duplicate-key",
        )
    if source.stray_line:
        problems.append(
            Problem(
                shown,
                source.stray_line,
                "front matter",
                f"'{source.stray_text}' is not 'Key: value', so the lines after it are "
                "read as text, not as fields",
                "add the missing ':' after the field name, or a blank line before the text",
                ERROR,
                "stray-line",
            )
        )

    for name in DATE_FIELDS:
        found = source.get(name)
        if found is not None and not is_blank(found.value):
            problem = date_problem(found.value)
            if problem is not None:
                report(found, name, problem, DATE_FIX, "date-format")

    slug = source.get("slug")
    if (
        kind.name != "entry"
        and slug is not None
        and not is_blank(slug.value)
        and not LATIN_SLUG.match(slug.value)
    ):
        report(
            slug,
            "slug",
            f"'{slug.value}' is not a Latin slug",
            "use lower-case Latin letters, digits and hyphens, e.g. lavrov-visit-2021",
            "slug-latin",
        )

    tags = source.get("tags")
    if tags is not None and "tags" in kind.known:
        for tag in split_list(tags.value):
            if tag not in tag_slugs:
                report(
                    tags,
                    "tags",
                    f"tag '{tag}' has no Latin slug",
                    f"add '{tag}' to TAG_SLUGS in pelicanconf.py, or use an existing tag",
                    "tag-unknown",
                )

    lang = source.get("lang")
    known_languages = sorted(languages)
    if lang is not None and "lang" in kind.known and lang.value not in known_languages:
        report(
            lang,
            "lang",
            f"unknown language '{lang.value}'",
            f"use one of: {', '.join(known_languages)}",
            "lang-unknown",
        )

    status = source.get("status")
    if status is not None and "status" in kind.known and status.value not in STATUSES:
        report(
            status,
            "status",
            f"'{status.value}' is not a status",
            f"use one of: {', '.join(STATUSES)}",
            "status-unknown",
        )

    translation = source.get("translation")
    if translation is not None and translation.value.lower() not in BOOLEANS:
        report(
            translation,
            "translation",
            f"'{translation.value}' is not true or false",
            "write true for a translation of another file, or delete the line",
            "boolean",
        )
    return problems


def _unknown(found: Field, kind: ContentType) -> tuple[str, str]:
    message = f"unknown field '{found.written}'"
    close = difflib.get_close_matches(found.name, kind.known, n=1, cutoff=0.6)
    if close:
        return message, f"did you mean '{_label(close[0])}'?"
    known = ", ".join(_label(name) for name in kind.known)
    return message, f"remove it; a{'n' * (kind.name[0] in 'aeiou')} {kind.name} has: {known}"


URDU_FIX = {"urdu": "write the entry's name in Urdu letters, as articles spell it"}


def check_urdu_fields(source: Source, shown: str, names: Iterable[str]) -> list[Problem]:
    """Fields that must be Urdu: an Urdu title or summary, an entry's Urdu name.

    Rule: the value contains letters and none of them is Arabic-script.
    Digits, punctuation and Latin names beside Urdu words are fine.
    """
    problems = []
    for name in names:
        found = source.get(name)
        if found is None or is_blank(found.value):
            continue
        arabic, _ = letter_scripts(found.value)
        if arabic == 0:
            problems.append(
                Problem(
                    shown,
                    found.line,
                    name,
                    f"'{found.value}' has no Urdu letters",
                    URDU_FIX.get(name, f"write the {name} in Urdu"),
                    ERROR,
                    "script-not-urdu",
                )
            )
    return problems


def encoding_warnings(source: Source, shown: str) -> list[Problem]:
    problems = []
    if source.has_bom:
        problems.append(
            Problem(
                shown,
                1,
                "encoding",
                "the file starts with a byte-order mark (BOM)",
                "accepted; to drop it, save as 'UTF-8' rather than 'UTF-8 with BOM'",
                WARNING,
                "encoding-bom",
            )
        )
    if source.has_crlf:
        problems.append(
            Problem(
                shown,
                source.crlf_line,
                "encoding",
                "Windows line endings (CRLF)",
                "accepted; to drop them, save with Unix (LF) line endings",
                WARNING,
                "encoding-crlf",
            )
        )
    return problems
