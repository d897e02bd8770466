"""Related reading: up to ``RELATED_MAX`` articles under each article.

Ranking, most important first:

1. how many glossary entries (people, projects) both articles mention —
   readers come for more on the same people, so this is the strongest signal;
2. how many tags they share;
3. recency: the newer article first.

An article sharing neither an entry nor a tag is not related, however new:
when nothing relates, nothing is shown. Candidates are published articles in
the same language (the list sits inside an Urdu page, with Urdu titles).

The glossary plugin sets ``article.glossary_mentions`` on
``all_generators_finalized``; this plugin's receiver for the same signal must
run after it, so ``related`` is listed after ``glossary`` in ``PLUGINS``
(checked: a build with the order reversed fails with a message saying so).
The result is an attribute on each article, recomputed every run, so no state
outlives a build.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

__all__ = ["DEFAULTS", "rank_related", "register"]

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "RELATED_MAX": 3,
    "RELATED_SAME_LANG": True,
}


class Score(NamedTuple):
    """Sort key, compared in order: shared entries, shared tags, date."""

    entries: int
    tags: int
    date: Any


def fill_defaults(settings: dict[str, Any]) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


def check_settings(settings: dict[str, Any]) -> list[str]:
    problems = [
        f"related: unknown setting {name} — known: {', '.join(DEFAULTS)}"
        for name in sorted(settings)
        if name.startswith("RELATED_") and name not in DEFAULTS
    ]
    limit = settings["RELATED_MAX"]
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 0:
        problems.append(f"related: RELATED_MAX must be an integer ≥ 0, got {limit!r}")
    return problems


def entry_keys(article: Any) -> set[str]:
    return {e.slug for e in getattr(article, "glossary_mentions", None) or []}


def tag_keys(article: Any) -> set[str]:
    return {t.slug for t in getattr(article, "tags", None) or []}


def rank_related(
    article: Any, candidates: Iterable[Any], limit: int, same_lang: bool = True
) -> list[Any]:
    """The ``limit`` best related articles of ``article`` among ``candidates``."""
    entries, tags = entry_keys(article), tag_keys(article)
    scored: list[tuple[Score, str, Any]] = []
    for other in candidates:
        if other is article or (same_lang and other.lang != article.lang):
            continue
        score = Score(len(entries & entry_keys(other)), len(tags & tag_keys(other)), other.date)
        if score.entries == 0 and score.tags == 0:
            continue
        # The slug breaks exact ties, so the order never depends on reading order.
        scored.append((score, other.slug, other))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [other for _, _, other in scored[:limit]]


def published_articles(generators: Sequence[Any]) -> list[Article]:
    found: dict[int, Article] = {}
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        for article in generator.articles:
            found[id(article)] = article
            for translation in getattr(article, "translations", None) or []:
                found[id(translation)] = translation
    return [a for a in found.values() if isinstance(a, Article) and a.status == "published"]


# -- signal receivers (module-level: blinker holds weak references) ----------


def initialized(pelican: Any) -> None:
    fill_defaults(pelican.settings)
    for problem in check_settings(pelican.settings):
        logger.error(problem)


def all_generators_finalized(generators: Sequence[Any]) -> None:
    """Attach ``related_articles`` to every published article."""
    articles = published_articles(generators)
    if not articles:
        return
    settings = articles[0].settings
    fill_defaults(settings)
    glossary_loaded = any(type(g).__name__ == "GlossaryGenerator" for g in generators)
    if glossary_loaded and not all(hasattr(a, "glossary_mentions") for a in articles):
        logger.error(
            "related: articles have no glossary_mentions yet — list 'related' after "
            "'glossary' in PLUGINS so that glossary links articles first"
        )
        return
    for article in articles:
        article.related_articles = rank_related(
            article, articles, settings["RELATED_MAX"], settings["RELATED_SAME_LANG"]
        )


def register() -> None:
    signals.initialized.connect(initialized)
    signals.all_generators_finalized.connect(all_generators_finalized)
