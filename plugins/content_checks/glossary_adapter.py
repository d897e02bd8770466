"""The one place the checker uses ``plugins/glossary/``.

The glossary plugin owns Urdu normalisation (``normalize.fold``) and every
glossary rule (``entries.load_entries``, ``validate_entries``,
``article_rules``, ``check_settings``); the checker calls them as they are,
so ``make check`` and the build agree on what is a duplicate alias or a bind
to a missing entry. This module only adapts types: the glossary's
``Problem`` (cwd-relative paths) to ours, and our parsed front matter to the
article-like object ``article_rules`` expects.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ..glossary import entries as glossary_entries
from ..glossary import report as glossary_report
from ..glossary.normalize import fold as glossary_fold
from .frontmatter import Source
from .problem import ERROR, WARNING, Problem


def fold(text: str) -> str:
    """The glossary's canonical form of Urdu text (see glossary/normalize.py)."""
    return glossary_fold(text)


def glossary_path(settings: dict[str, Any]) -> str:
    return settings.get("GLOSSARY_PATH") or glossary_entries.GLOSSARY_DEFAULTS["GLOSSARY_PATH"]


@dataclass
class GlossaryReport:
    problems: list[Problem] = field(default_factory=list)
    #: content-relative source path → URL of the entry page
    urls: dict[str, str] = field(default_factory=dict)
    index_url: str = ""


def check_glossary(
    settings: dict[str, Any],
    articles: Iterable[tuple[Path, Source]],
    shown: Callable[[Path], str],
) -> GlossaryReport:
    """Entries validated and every article's glossary_bind/glossary_ignore checked."""
    # fill_defaults also edits ARTICLE_EXCLUDES/PAGE_EXCLUDES: work on a copy,
    # never on the build's settings.
    gsettings = dict(settings)
    gsettings["MARKDOWN"] = copy.deepcopy(settings.get("MARKDOWN", {}))
    glossary_entries.fill_defaults(gsettings)
    report = GlossaryReport(index_url=gsettings["GLOSSARY_INDEX_URL"])

    problems = list(glossary_entries.check_settings(gsettings))
    if problems:  # a bad GLOSSARY_KINDS makes every later message misleading
        report.problems = [_convert(p, shown) for p in problems]
        return report
    entries, problems = glossary_entries.load_entries(gsettings)
    problems += glossary_entries.validate_entries(entries, gsettings["GLOSSARY_KINDS"])
    by_slug = {entry.slug: entry for entry in entries}
    for path, source in articles:
        _rules, article_problems = glossary_entries.article_rules(
            _as_article(path, source), by_slug
        )
        problems += article_problems
    content = Path(gsettings["PATH"]).resolve()
    for entry in entries:
        relative = Path(entry.source_path).resolve().relative_to(content).as_posix()
        report.urls[relative] = entry.url
    report.problems = [_convert(p, shown) for p in problems]
    report.problems += name_warnings(entries, articles, shown)
    return report


def name_warnings(
    entries: list[Any], articles: Iterable[tuple[Path, Source]], shown: Callable[[Path], str]
) -> list[Problem]:
    """Partial matches and one-word names used inside longer names (``glossary-name``)."""
    articles = list(articles)
    if not entries or not articles:
        return []
    names = glossary_report.SiteNames.from_entries(entries)
    entry_lines = {}
    for entry in entries:
        lines = glossary_entries.field_lines(entry.source_path)
        line = lines.get("aliases") or lines.get("urdu") or 1
        entry_lines[entry.slug] = (shown(Path(os.path.abspath(entry.source_path))), line)
    found = glossary_report.check_warnings(
        [(shown(Path(os.path.abspath(p))), s.body_line, s.body) for p, s in articles],
        names,
        entry_lines,
    )
    return [
        Problem(path, line, fieldname, what, todo, WARNING, "glossary-name")
        for path, line, fieldname, what, todo in found
    ]


def article_metadata(source: Source) -> dict[str, Any]:
    """An article's ``glossary_bind``/``glossary_ignore`` as Pelican's reader gives them."""
    metadata: dict[str, Any] = {}
    for name in ("glossary_bind", "glossary_ignore"):
        found = source.get(name)
        if found is not None:
            values = [v for v in found.values if v]
            metadata[name] = values if len(values) > 1 else found.value
    return metadata


def _as_article(path: Path, source: Source) -> Any:
    """What ``article_rules`` reads: metadata as Pelican's reader gives it, and the path."""
    return SimpleNamespace(metadata=article_metadata(source), source_path=str(path))


def _convert(problem: Any, shown: Callable[[Path], str]) -> Problem:
    path = problem.path
    if path != "settings":
        path = shown(Path(os.path.abspath(path)))
    return Problem(path, problem.line, problem.field, problem.what, problem.todo, ERROR, "glossary")


def default_kinds() -> dict[str, Any]:
    """GLOSSARY_KINDS when the settings do not set it (the glossary's default)."""
    return glossary_entries.GLOSSARY_DEFAULTS["GLOSSARY_KINDS"]
