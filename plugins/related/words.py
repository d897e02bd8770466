"""Distinctive words: what two reports of the same event share.

Tags are broad (most stories are tagged پاکستان), so ranking by tags alone
gives every article the same newest stories, while two reports of one event
with different tags are never linked. Two reports of one event share their
rare words (a place, a project, a figure): TF-IDF weighs each word by how
often the article uses it and how few articles use it at all, and the cosine
of two articles' weight vectors says how much of what is distinctive they
share.

Each article keeps only its ``terms`` heaviest words, indexed word → articles;
an article's similar articles are found by walking the postings of its own
words, never by comparing it with every other article.

Counting an article's words (parsing its HTML, folding its text) is most of
the cost, and a daily publish adds a handful of articles to a thousand: the
counts are kept between builds (``WordCounts``), keyed by the headline and
HTML they were counted from. The weights cannot be: a word's rarity changes
with every new article.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import selectolax
from selectolax.lexbor import LexborHTMLParser

from ..cache import KeyedCache
from ..glossary import normalize
from ..glossary.normalize import fold

__all__ = ["TextIndex", "WordCounts", "article_counts", "article_words"]

FORMAT = "related-words-1"

WORD = re.compile(r"[^\W\d_]{2,}")


def article_words(article: Any) -> list[str]:
    """The folded words of an article's headline and text (markup removed)."""
    html = getattr(article, "_content", None) or ""
    text = LexborHTMLParser(html).text(separator=" ") if html else ""
    title = str(getattr(article, "title", "") or "")
    return WORD.findall(fold(f"{title} {text}").lower())


def article_counts(article: Any) -> dict[str, int]:
    """How often each word of :func:`article_words` occurs, in order of first use."""
    return dict(Counter(article_words(article)))


def _fingerprint() -> str:
    """The code and data the counts depend on: words.py, fold(), the parser, Unicode."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(Path(__file__).read_bytes())
    digest.update(Path(normalize.__file__).read_bytes())
    version = getattr(selectolax, "__version__", "")
    digest.update(repr((FORMAT, version, unicodedata.unidata_version)).encode())
    return digest.hexdigest()


class WordCounts:
    """:func:`article_counts` kept between builds (``CACHE_PATH/related/words.pickle``).

    The key is a hash of exactly what the counts are made of, the headline
    and the HTML; ``KeyedCache`` reads it with ``LOAD_CONTENT_CACHE``, writes
    it with ``CACHE_CONTENT`` and takes a damaged file for an empty one.
    """

    def __init__(self, settings: dict[str, Any]) -> None:
        self.cache = KeyedCache(settings, "related/words.pickle", _fingerprint())

    def __call__(self, article: Any) -> dict[str, int]:
        html = getattr(article, "_content", None) or ""
        title = str(getattr(article, "title", "") or "")
        source = f"{title}\x00{html}".encode("utf-8", "surrogatepass")
        key = hashlib.blake2b(source, digest_size=16).hexdigest()
        found = self.cache.get(key)
        if not isinstance(found, dict):
            found = article_counts(article)
            self.cache.put(key, found)
        return found

    def save(self) -> None:
        self.cache.save()


class TextIndex:
    """TF-IDF vectors (top ``terms`` words each, unit length) and their postings."""

    def __init__(
        self,
        articles: Sequence[Any],
        terms: int = 25,
        counts_of: Callable[[Any], dict[str, int]] = article_counts,
    ) -> None:
        counts = [counts_of(a) for a in articles]
        documents = Counter(word for count in counts for word in count)
        n = len(articles)
        # weight = (1 + log tf) * log((1 + n) / (1 + df)), each factor computed
        # once per distinct value (the same floats as per word and article); the
        # first factor is ≥ 1, so a weight is > 0 exactly when the word's idf is
        idf = {word: math.log((1 + n) / (1 + df)) for word, df in documents.items()}
        most = max((tf for count in counts for tf in count.values()), default=0)
        tf_weight = [0.0, *(1 + math.log(tf) for tf in range(1, most + 1))]
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.vectors: list[dict[str, float]] = []
        for position, count in enumerate(counts):
            weighted = [
                (tf_weight[tf] * rarity, word)
                for word, tf in count.items()
                if (rarity := idf[word]) > 0
            ]
            top = heapq.nlargest(terms, weighted)
            norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
            vector = {word: w / norm for w, word in top}
            self.vectors.append(vector)
            for word, w in vector.items():
                self.postings[word].append((position, w))

    def similar(self, position: int) -> dict[int, float]:
        """Cosine similarity of article ``position`` with every article sharing a word."""
        scores: dict[int, float] = defaultdict(float)
        for word, mine in self.vectors[position].items():
            for other, theirs in self.postings[word]:
                if other != position:
                    scores[other] += mine * theirs
        return dict(scores)
