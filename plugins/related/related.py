"""Related reading: up to ``RELATED_MAX`` articles under each article.

Ranking, most important first:

1. how many glossary entries (people, projects) both articles mention —
   readers come for more on the same people, so this is the strongest signal;
2. how much of their distinctive wording they share (TF-IDF cosine,
   ``words.py``), when at least ``RELATED_MIN_SIMILARITY``: two reports of
   the same event share rare words even when their tags differ;
3. how many tags they share;
4. recency: the newer article first (then the slug, so ties never depend on
   file order).

An article sharing neither an entry, nor enough wording, nor a tag is not
related, however new: when nothing relates, nothing is shown. Candidates are published articles in
the same language (the list sits inside an Urdu page, with Urdu titles).

Candidates are looked up, never compared pair by pair: an index maps each
glossary entry and each tag to its articles, as bit sets in newest-first
order; set operations sort every candidate of an article into cells (shared
entries, then shared tags), read best cell first and newest first, stopping
at ``RELATED_MAX``.

The glossary plugin sets ``article.glossary_mentions`` on
``all_generators_finalized``, and blinker calls that signal's receivers in no
promised order. So this plugin's receiver only attaches a lazy
``article.related_articles`` (``RelatedArticles``); the ranking runs the
first time it is read — when the article's page is rendered, after every
``all_generators_finalized`` receiver — and the index is built once per build,
on that first read. Nothing outlives a build.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator

from ..glossary.urls import new_build
from ..problems import install as install_problem_reporting
from ..settings import PluginSettings, Setting
from .words import TextIndex, WordCounts

__all__ = ["DEFAULTS", "Related", "RelatedArticles", "RelatedIndex", "rank_related", "register"]

logger = logging.getLogger(__name__)

SETTINGS = PluginSettings(
    "related",
    "RELATED_",
    {
        "RELATED_MAX": Setting(
            3,
            "how many related stories an article lists",
            "an integer ≥ 0",
            lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        ),
        "RELATED_SAME_LANG": Setting(True, "list only stories in the article's language"),
        "RELATED_MIN_SIMILARITY": Setting(
            0.2,
            "the TF-IDF cosine from which shared wording relates two stories",
            "a number from 0 to 1",
            lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1,
        ),
    },
)
DEFAULTS = SETTINGS.defaults


def entry_keys(article: Any) -> frozenset[str]:
    return frozenset(e.slug for e in getattr(article, "glossary_mentions", None) or [])


def tag_keys(article: Any) -> frozenset[str]:
    return frozenset(t.slug for t in getattr(article, "tags", None) or [])


def recency(article: Any, position: int) -> tuple[Any, str, int]:
    """Newer first, then the slug; equal in both, the earlier candidate first."""
    return (article.date, article.slug, -position)


def bitset(positions: Iterable[int], size: int) -> int:
    """An int with the bits at ``positions`` set (built in bytes: linear, not quadratic)."""
    buffer = bytearray((size + 7) // 8)
    for position in positions:
        buffer[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buffer, "little")


def exact_counts(sets: Sequence[int], everything: int) -> list[int]:
    """``counts[j]``: the candidates in exactly ``j`` of ``sets`` (bit-parallel counting)."""
    at_least = [everything]  # at_least[j]: in j or more of the sets seen so far
    for members in sets:
        at_least.append(0)
        for j in range(len(at_least) - 1, 0, -1):
            at_least[j] |= at_least[j - 1] & members
    at_least.append(0)
    return [at_least[j] & ~at_least[j + 1] for j in range(len(sets) + 1)]


class RelatedIndex:
    """Candidates by glossary entry and by tag, as bit sets in newest-first order.

    Bit ``i`` is the ``i``-th newest candidate, so the lowest bits of a set
    are its newest articles. For an article, bit-parallel counting splits the
    candidates into cells by shared entries, then shared tags; the cells are
    read best first, each from its lowest bit, until ``limit`` articles are
    found. A set operation costs a few machine words per 64 articles: no
    article is ever compared with another one by one.
    """

    def __init__(
        self,
        candidates: Iterable[Any],
        min_similarity: float = 0.2,
        counts: WordCounts | None = None,
    ) -> None:
        unique = {id(a): (position, a) for position, a in reversed(list(enumerate(candidates)))}
        ranked = sorted(unique.values(), key=lambda pa: recency(pa[1], pa[0]), reverse=True)
        self.articles: list[Any] = [article for _, article in ranked]
        self.position = {id(article): i for i, article in enumerate(self.articles)}
        size = len(self.articles)
        self.everything = (1 << size) - 1
        by_entry: dict[str, list[int]] = defaultdict(list)
        by_tag: dict[str, list[int]] = defaultdict(list)
        for i, article in enumerate(self.articles):
            for entry in entry_keys(article):
                by_entry[entry].append(i)
            for tag in tag_keys(article):
                by_tag[tag].append(i)
        self.by_entry = {key: bitset(members, size) for key, members in by_entry.items()}
        self.by_tag = {key: bitset(members, size) for key, members in by_tag.items()}
        self.min_similarity = min_similarity
        self.counts = counts  # word counts kept between builds, if any
        self.text: TextIndex | None = None  # built on the first ranking

    def similar(self, me: int | None) -> dict[int, float]:
        if me is None:
            return {}
        if self.text is None:
            if self.counts is None:
                self.text = TextIndex(self.articles)
            else:
                self.text = TextIndex(self.articles, counts_of=self.counts)
                self.counts.save()
        found = self.text.similar(me)
        return {p: score for p, score in found.items() if score >= self.min_similarity}

    def related(self, article: Any, limit: int) -> list[Any]:
        """The ``limit`` best related articles of ``article`` (itself excluded)."""
        if limit <= 0:
            return []
        entries = [self.by_entry[k] for k in sorted(entry_keys(article)) if k in self.by_entry]
        tags = [self.by_tag[k] for k in sorted(tag_keys(article)) if k in self.by_tag]
        me = self.position.get(id(article))
        others = self.everything if me is None else self.everything & ~(1 << me)
        by_entries = exact_counts(entries, others)
        by_tags = exact_counts(tags, self.everything)
        similar = self.similar(me)
        tag_count = {}
        for shared, members in enumerate(by_tags):
            for position in similar:
                if members >> position & 1:
                    tag_count[position] = shared
        found: list[Any] = []
        taken = 0  # bits of the articles found so far
        for shared_entries in range(len(entries), -1, -1):
            row = by_entries[shared_entries]
            # Within a row, shared wording first (most similar, then tags, then newest)...
            close = sorted(
                (p for p in similar if row >> p & 1),
                key=lambda p: (-similar[p], -tag_count.get(p, 0), p),
            )
            for position in close:
                found.append(self.articles[position])
                taken |= 1 << position
                if len(found) == limit:
                    return found
            # ...then by shared tags, newest first. An article sharing neither
            # an entry, nor wording, nor a tag is not related.
            lowest_tags = 1 if shared_entries == 0 else 0
            for shared_tags in range(len(tags), lowest_tags - 1, -1):
                cell = row & by_tags[shared_tags] & ~taken
                while cell:
                    newest = cell & -cell
                    found.append(self.articles[newest.bit_length() - 1])
                    if len(found) == limit:
                        return found
                    cell ^= newest
        return found


def rank_related(
    article: Any,
    candidates: Iterable[Any],
    limit: int,
    same_lang: bool = True,
    min_similarity: float = 0.2,
) -> list[Any]:
    """The ``limit`` best related articles of ``article`` among ``candidates``."""
    if same_lang:
        candidates = [c for c in candidates if c.lang == article.lang]
    return RelatedIndex(candidates, min_similarity).related(article, limit)


class Related:
    """Related articles of one build's published articles, ranked on demand.

    The indexes (one per language with ``RELATED_SAME_LANG``) are built on the
    first question, so they see the glossary mentions however the receivers
    of ``all_generators_finalized`` were ordered.
    """

    def __init__(
        self,
        articles: Sequence[Any],
        limit: int,
        same_lang: bool,
        min_similarity: float = 0.2,
        settings: dict[str, Any] | None = None,
    ) -> None:
        self.articles = list(articles)
        self.limit = limit
        self.same_lang = same_lang
        self.min_similarity = min_similarity
        self.settings = settings  # for the word-count cache; None: no cache
        self.indexes: dict[str | None, RelatedIndex] | None = None

    def of(self, article: Any) -> list[Any]:
        if self.limit <= 0:
            return []
        if self.indexes is None:
            groups: dict[str | None, list[Any]] = defaultdict(list)
            for candidate in self.articles:
                groups[candidate.lang if self.same_lang else None].append(candidate)
            # one cache for every language: it is saved with each index built
            counts = WordCounts(self.settings) if self.settings is not None else None
            self.indexes = {
                key: RelatedIndex(group, self.min_similarity, counts)
                for key, group in groups.items()
            }
        index = self.indexes.get(article.lang if self.same_lang else None)
        return index.related(article, self.limit) if index is not None else []


class RelatedArticles(Sequence):
    """``article.related_articles``: a list, ranked the first time it is read."""

    def __init__(self, related: Related, article: Any) -> None:
        self._related = related
        self._article = article
        self._items: list[Any] | None = None

    def _ranked(self) -> list[Any]:
        if self._items is None:
            self._items = self._related.of(self._article)
        return self._items

    def __getitem__(self, index: Any) -> Any:
        return self._ranked()[index]

    def __len__(self) -> int:
        return len(self._ranked())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._ranked())

    def __eq__(self, other: object) -> bool:
        return list(self) == (list(other) if isinstance(other, Sequence) else other)

    __hash__ = None  # type: ignore[assignment]  # a list: not hashable

    def __repr__(self) -> str:
        return f"RelatedArticles({self._ranked()!r})"


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
    SETTINGS.apply(pelican.settings)
    new_build()


def all_generators_finalized(generators: Sequence[Any]) -> None:
    """Attach a lazy ``related_articles`` to every published article.

    Safe in any order relative to the glossary's receiver of the same signal:
    nothing is ranked here (see ``Related``).
    """
    articles = published_articles(generators)
    if not articles:
        return
    settings = articles[0].settings
    SETTINGS.fill_defaults(settings)
    related = Related(
        articles,
        settings["RELATED_MAX"],
        settings["RELATED_SAME_LANG"],
        settings["RELATED_MIN_SIMILARITY"],
        settings,
    )
    for article in articles:
        article.related_articles = RelatedArticles(related, article)


def register() -> None:
    install_problem_reporting()
    signals.initialized.connect(initialized)
    signals.all_generators_finalized.connect(all_generators_finalized)
