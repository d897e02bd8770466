"""Find glossary names in Urdu text: one Aho–Corasick pass, whole words, longest first.

The automaton is built once per build over the folded names and aliases of
every entry, so scanning an article costs O(text length + candidate matches)
however many entries there are. Word-boundary checks and overlap resolution
run only on the (few) raw hits, not on every position of the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import ahocorasick

from .normalize import fold, is_mark, is_word_char, normalize

__all__ = ["Match", "Matcher", "find_mentions"]


class Match(NamedTuple):
    """A mention: source offsets (end exclusive), the entry key and the source text."""

    start: int
    end: int
    key: str
    text: str


class _Hit(NamedTuple):
    start: int  # folded offsets, end exclusive, trailing marks absorbed
    end: int
    priority: int  # lower wins when two hits cover exactly the same span
    key: str


class Matcher:
    """A set of phrases, each naming one key (an entry slug), searchable as whole words.

    Phrases are folded with :func:`fold`; two phrases folding to the same key
    must name the same entry (entry validation reports it before we get here,
    so this is a programming error and raises ``ValueError``).
    """

    def __init__(self, phrases: Iterable[tuple[str, str]], priority: int = 1) -> None:
        self.priority = priority
        self._keys: dict[str, str] = {}
        automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for phrase, key in phrases:
            folded = fold(phrase)
            if not folded:
                raise ValueError(f"phrase {phrase!r} folds to nothing")
            known = self._keys.get(folded)
            if known is not None and known != key:
                raise ValueError(f"phrase {phrase!r} names both {known!r} and {key!r}")
            self._keys[folded] = key
            automaton.add_word(folded, (len(folded), key))
        if self._keys:
            automaton.make_automaton()
        self._automaton = automaton

    def __len__(self) -> int:
        return len(self._keys)

    def hits(self, norm: str) -> list[_Hit]:
        """Every whole-word occurrence in folded text, overlaps included."""
        if not self._keys:
            return []
        found = []
        n = len(norm)
        for last, (length, key) in self._automaton.iter(norm):
            start = last + 1 - length
            if start > 0 and is_word_char(norm[start - 1]):
                continue
            end = last + 1
            # A mark after the name (a hamza of izafat, say) belongs to the same
            # word: absorb it rather than treating it as the start of a new word.
            while end < n and is_mark(norm[end]):
                end += 1
            if end < n and is_word_char(norm[end]):
                continue
            found.append(_Hit(start, end, self.priority, key))
        return found


def _resolve(hits: list[_Hit]) -> list[_Hit]:
    """Leftmost first, then longest, then lowest priority: a deterministic tiling."""
    hits.sort(key=lambda h: (h.start, h.start - h.end, h.priority, h.key))
    chosen: list[_Hit] = []
    edge = 0
    for hit in hits:
        if hit.start >= edge:
            chosen.append(hit)
            edge = hit.end
    return chosen


def find_mentions(
    text: str,
    matchers: Sequence[Matcher],
    blockers: Matcher | None = None,
) -> list[Match]:
    """Mentions in ``text`` from all ``matchers``, resolved leftmost-longest.

    Several matchers let an article's own ``glossary_bind`` phrases (priority 0)
    compete with the site-wide names (priority 1) without rebuilding the big
    automaton per article. A ``blockers`` occurrence (``glossary_ignore``)
    vetoes every mention that overlaps it, so "ignore لاروف" also keeps
    سرگئی لاروف unlinked: the author asked for that text not to be a link.
    """
    norm = normalize(text)
    hits: list[_Hit] = []
    for matcher in matchers:
        hits.extend(matcher.hits(norm.text))
    if not hits:
        return []
    if blockers is not None:
        blocked = blockers.hits(norm.text)
        if blocked:
            hits = [
                h for h in hits if not any(h.start < b.end and b.start < h.end for b in blocked)
            ]
    result = []
    for hit in _resolve(hits):
        start, end = norm.span(hit.start, hit.end)
        result.append(Match(start, end, hit.key, text[start:end]))
    return result
