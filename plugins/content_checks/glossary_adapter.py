"""The one place the checker uses ``plugins/glossary/``.

The glossary plugin owns Urdu normalisation (``normalize.fold``) and every
glossary rule (``entries.load_entries``, ``validate_entries``,
``article_rules``, ``check_settings``); the checker calls them as they are,
so ``make check`` and the build agree on what is a duplicate alias or a bind
to a missing entry. This module adapts types: the glossary's ``Problem``
(cwd-relative paths) to ours, and our parsed front matter to the
article-like object ``article_rules`` expects.

It also splits the glossary check in two, so that the build can keep each
part between builds (``checker.check_glossary``): what the entries decide
(:func:`load_glossary`, a :class:`GlossaryState`) and what one article adds
to it (:func:`check_article`); :func:`assemble` puts them together. A daily
build with a few new articles then reads no entry and scans only the new
articles, instead of every article for every build.
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


@dataclass
class GlossaryState:
    """What the entries decide for every article, without the entries themselves.

    Reading the entries (Pelican's reader, once per entry file) costs more than
    checking every article against them, and its result only changes with the
    entry files: this is the part a build can keep for the next one (picklable,
    no Pelican objects), so a new article is checked without reading them.
    """

    problems: list[Problem] = field(default_factory=list)  # the entries' and settings' own
    urls: dict[str, str] = field(default_factory=dict)
    index_url: str = ""
    #: False when the settings are unusable: no article is checked then
    usable: bool = True
    has_entries: bool = False
    slugs: frozenset[str] = frozenset()
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, slug)
    not_names: list[tuple[str, str]] = field(default_factory=list)
    #: slug → (shown path, line) of the entry's names, where one-word warnings go
    entry_lines: dict[str, tuple[str, int]] = field(default_factory=dict)


#: One-word names found inside a longer name in one article: (slug, folded name, run).
Longer = tuple[str, str, str]
#: What one article contributes: its glossary problems and its ``Longer`` runs.
ArticleFindings = tuple[list[Problem], list[Longer]]


def is_findings(value: Any) -> bool:
    """Whether a cached value has the shape of ``ArticleFindings`` (else: check again)."""
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], list)
        and isinstance(value[1], list)
    )


def check_glossary(
    settings: dict[str, Any],
    articles: Iterable[tuple[Path, Source]],
    shown: Callable[[Path], str],
) -> GlossaryReport:
    """Entries validated and every article's glossary_bind/glossary_ignore checked."""
    state = load_glossary(settings, shown)
    names = site_names(state)
    return assemble(state, [check_article(state, names, p, s, shown) for p, s in articles])


def load_glossary(settings: dict[str, Any], shown: Callable[[Path], str]) -> GlossaryState:
    """Read and validate the entries: everything that does not depend on an article."""
    # fill_defaults also edits ARTICLE_EXCLUDES/PAGE_EXCLUDES: work on a copy,
    # never on the build's settings.
    gsettings = dict(settings)
    gsettings["MARKDOWN"] = copy.deepcopy(settings.get("MARKDOWN", {}))
    glossary_entries.fill_defaults(gsettings)
    state = GlossaryState(index_url=gsettings["GLOSSARY_INDEX_URL"])

    problems = list(glossary_entries.check_settings(gsettings))
    if problems:  # a bad GLOSSARY_KINDS makes every later message misleading
        state.problems = [_convert(p, shown) for p in problems]
        state.usable = False
        return state
    entries, problems = glossary_entries.load_entries(gsettings)
    problems += glossary_entries.validate_entries(entries, gsettings["GLOSSARY_KINDS"])
    content = Path(gsettings["PATH"]).resolve()
    for entry in entries:
        relative = Path(entry.source_path).resolve().relative_to(content).as_posix()
        state.urls[relative] = entry.url
    state.problems = [_convert(p, shown) for p in problems]
    state.has_entries = bool(entries)
    state.slugs = frozenset(entry.slug for entry in entries)
    state.names = [(n, e.slug) for e in entries for n in e.names]
    state.not_names = [(n, e.slug) for e in entries for n in getattr(e, "not_names", [])]
    for entry in entries:
        lines = glossary_entries.field_lines(entry.source_path)
        line = lines.get("aliases") or lines.get("urdu") or 1
        state.entry_lines[entry.slug] = (shown(Path(os.path.abspath(entry.source_path))), line)
    return state


def site_names(state: GlossaryState) -> glossary_report.SiteNames | None:
    """The matchers over every name (``SiteNames.from_entries``, from the kept names)."""
    if not state.usable or not state.has_entries:
        return None
    return glossary_report.SiteNames(list(state.names), list(state.not_names))


def check_article(
    state: GlossaryState,
    names: glossary_report.SiteNames | None,
    path: Path,
    source: Source,
    shown: Callable[[Path], str],
) -> ArticleFindings:
    """One article's binds and ignores, and its ``glossary-name`` partial matches.

    Depends on nothing but the article and ``state``, so a build may keep the
    result for the same article bytes and the same entries.
    """
    if not state.usable:
        return [], []
    slugs = dict.fromkeys(state.slugs)
    _rules, found = glossary_entries.article_rules(_as_article(path, source), slugs)
    problems = [_convert(p, shown) for p in found]
    longer: list[Longer] = []
    if names is None:
        return problems, longer
    where = shown(Path(os.path.abspath(path)))
    partials, longer = glossary_report.article_warnings(source.body, source.body_line, names)
    for number, what, fix in partials:
        problems.append(Problem(where, number, "body", what, fix, WARNING, "glossary-name"))
    return problems, longer


def assemble(state: GlossaryState, articles: Iterable[ArticleFindings]) -> GlossaryReport:
    """The report over all articles, in the order given (it decides ties in counts)."""
    report = GlossaryReport(list(state.problems), dict(state.urls), state.index_url)
    longer: list[Longer] = []
    for problems, runs in articles:
        report.problems += problems
        longer += runs
    for warning in glossary_report.longer_name_warnings(longer, state.entry_lines):
        report.problems.append(Problem(*warning, WARNING, "glossary-name"))
    return report


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
