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
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from ..glossary.normalize import fold

__all__ = ["TextIndex", "article_words"]

WORD = re.compile(r"[^\W\d_]{2,}")


def article_words(article: Any) -> list[str]:
    """The folded words of an article's headline and text (markup removed)."""
    html = getattr(article, "_content", None) or ""
    text = LexborHTMLParser(html).text(separator=" ") if html else ""
    title = str(getattr(article, "title", "") or "")
    return WORD.findall(fold(f"{title} {text}").lower())


class TextIndex:
    """TF-IDF vectors (top ``terms`` words each, unit length) and their postings."""

    def __init__(self, articles: Sequence[Any], terms: int = 25) -> None:
        counts = [Counter(article_words(a)) for a in articles]
        documents = Counter(word for count in counts for word in count)
        n = len(articles)
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.vectors: list[dict[str, float]] = []
        for position, count in enumerate(counts):
            weights = {
                word: (1 + math.log(tf)) * math.log((1 + n) / (1 + documents[word]))
                for word, tf in count.items()
            }
            top = sorted(((w, word) for word, w in weights.items() if w > 0), reverse=True)
            top = top[:terms]
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
