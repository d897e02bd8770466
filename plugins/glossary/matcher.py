"""Find glossary names in Urdu text: one Aho–Corasick pass, whole words, longest first.

The automaton is built once per build over the matching keys
(:func:`~.normalize.match_key`) of every entry's names, so scanning an article
costs O(text length + candidate matches) however many entries there are.
Word-boundary checks, overlap resolution, ``Not:`` phrases and the
partial-name test run only on the (few) raw hits, not on every position.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

import ahocorasick

from .normalize import Keyed, fold, is_mark, is_word_char, letter_count, match_key, normalize

__all__ = ["TITLES", "Match", "Matcher", "NameContext", "Partial", "Scan", "find_mentions", "scan"]


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


class Partial(NamedTuple):
    """A name found inside a longer run of name-like words, and therefore not linked.

    ``start``/``end``/``text`` are the whole run in the source (میاں محمد نواز
    شریف), ``name`` the part that matched an entry (نواز شریف).
    """

    start: int
    end: int
    key: str
    text: str
    name: str


class Scan(NamedTuple):
    matches: list[Match]
    partials: list[Partial]


#: Words that stand before a person's name (folded). A word after one of them
#: is a name word, so a glossary name after a title and another word is part
#: of a longer name the glossary does not list (میاں محمد ⟦نواز شریف⟧). The
#: title alone does not make a longer name (جنرل قمر جاوید باجوہ is ours).
#: Words that are also common nouns (ملک "country", سر "head", پیر "Monday")
#: are left out.
TITLES = frozenset(
    fold(w)
    for w in (
        "میاں ڈاکٹر جنرل لیفٹیننٹ میجر کرنل بریگیڈیئر کیپٹن ایڈمرل مولانا مفتی علامہ "
        "قاضی حافظ سردار چوہدری چودھری نواب راجہ خواجہ مرزا سید صاحبزادہ شہزادہ "
        "بیگم محترمہ پروفیسر جسٹس جناب شری شریمتی"
    ).split()
)


class NameContext(NamedTuple):
    """What makes a word look like part of a name, for the partial-name test.

    ``titles``: honorifics and ranks (:data:`TITLES`); ``words``: every word of
    every entry's names, with the entries it belongs to. A word of *another*
    entry's name next to a match (بلاول ⟦بھٹو⟧) means the run is a different
    name; words of the matched entry's own names do not count.
    """

    titles: frozenset[str]
    words: dict[str, frozenset[str]]  # words of three letters or more

    @classmethod
    def from_names(
        cls, names: Iterable[tuple[str, str]], titles: Iterable[str] = TITLES
    ) -> NameContext:
        words: dict[str, set[str]] = {}
        for name, key in names:
            for word in fold(name).split():
                # Short pieces of names (the جی of ایل این جی, the وی of سپتنک وی)
                # are also honorifics and letters of other names: not evidence.
                if letter_count(word) >= 3:
                    words.setdefault(word, set()).add(key)
        return cls(frozenset(titles), {w: frozenset(k) for w, k in words.items()})

    def is_other_name_word(self, word: str, key: str) -> bool:
        owners = self.words.get(word)
        return owners is not None and key not in owners


class Matcher:
    """A set of phrases, each naming one key (an entry slug), searchable as whole words.

    Phrases are compared by :func:`~.normalize.match_key`; two phrases with
    the same key must name the same entry (entry validation reports it before
    we get here, so this is a programming error and raises ``ValueError``),
    unless ``multi`` is set: then a phrase may belong to several keys (the
    ``Not:`` phrases of several entries) and each hit carries all of them,
    joined with ``"\\n"``.
    """

    def __init__(
        self, phrases: Iterable[tuple[str, str]], priority: int = 1, multi: bool = False
    ) -> None:
        self.priority = priority
        self._keys: dict[str, str] = {}
        automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for phrase, key in phrases:
            folded = match_key(phrase)
            if not folded:
                raise ValueError(f"phrase {phrase!r} folds to nothing")
            known = self._keys.get(folded)
            if known is not None and known != key:
                if not multi:
                    raise ValueError(f"phrase {phrase!r} names both {known!r} and {key!r}")
                key = "\n".join(sorted(set(known.split("\n")) | {key}))
            self._keys[folded] = key
            automaton.add_word(folded, (len(folded), key))
        if self._keys:
            automaton.make_automaton()
        self._automaton = automaton

    def __len__(self) -> int:
        return len(self._keys)

    def hits(self, keyed: Keyed | str) -> list[_Hit]:
        """Every whole-word occurrence in keyed text, overlaps included.

        A word boundary is a non-word character or a place where an optional
        space was dropped (``keyed.breaks``): نواز matches in نواز شریف but not
        in نوازشریف, which is one word on screen.
        """
        if not self._keys:
            return []
        if isinstance(keyed, str):
            keyed = Keyed(keyed)
        norm = keyed.text
        breaks: set[int] | None = None  # computed on the first hit only
        found = []
        n = len(norm)
        priority, word, mark = self.priority, is_word_char, is_mark
        for last, (length, key) in self._automaton.iter(norm):
            if breaks is None:
                breaks = keyed.breaks
            start = last + 1 - length
            if start > 0 and start not in breaks and word(norm[start - 1]):
                continue
            end = last + 1
            # A mark after the name (a hamza of izafat, say) belongs to the same
            # word: absorb it rather than treating it as the start of a new word.
            while end < n and mark(norm[end]):
                end += 1
            if end < n and end not in breaks and word(norm[end]):
                continue
            found.append(_Hit(start, end, priority, key))
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


def _overlaps(hit: _Hit, others: list[_Hit]) -> bool:
    return any(hit.start < o.end and o.start < hit.end for o in others)


def _word_before(folded: str, start: int) -> tuple[str, int]:
    """The word just before ``start`` (separated by one space only), and where it starts."""
    if start < 2 or folded[start - 1] != " ":
        return "", start
    begin = folded.rfind(" ", 0, start - 1) + 1
    word = folded[begin : start - 1]
    if not word or not all(is_word_char(c) for c in word):
        return "", start
    return word, begin


def _word_after(folded: str, end: int) -> tuple[str, int]:
    if end >= len(folded) - 1 or folded[end] != " ":
        return "", end
    stop = folded.find(" ", end + 1)
    stop = len(folded) if stop < 0 else stop
    word = folded[end + 1 : stop]
    if not word or not all(is_word_char(c) for c in word):
        return "", end
    return word, stop


def _longer_run(folded: str, start: int, end: int, key: str, names: NameContext) -> tuple[int, int]:
    """The run of name-like words around a match, in folded offsets (the match if none).

    Before the match: a word of another entry's name, or any word that follows
    a title (میاں محمد ⟦نواز شریف⟧); after it: a word of another entry's name
    (بلاول ⟦بھٹو⟧ زرداری has both). A title right before the match is not a
    name word: جنرل قمر جاوید باجوہ is our entry with a rank in front.
    """
    run_start, run_end = start, end
    while True:
        word, begin = _word_before(folded, run_start)
        if not word:
            break
        before, _ = _word_before(folded, begin)
        if names.is_other_name_word(word, key) or (
            before in names.titles and word not in names.titles
        ):
            run_start = begin
        else:
            break
    while True:
        word, stop = _word_after(folded, run_end)
        if word and names.is_other_name_word(word, key):
            run_end = stop
        else:
            break
    return run_start, run_end


def scan(
    text: str,
    matchers: Sequence[Matcher],
    blockers: Matcher | None = None,
    exclusions: Matcher | None = None,
    names: NameContext | None = None,
) -> Scan:
    """Mentions in ``text`` from all ``matchers``, resolved leftmost-longest.

    Several matchers let an article's own ``glossary_bind`` phrases (priority 0)
    compete with the site-wide names (priority 1) without rebuilding the big
    automaton per article. A ``blockers`` occurrence (``glossary_ignore``)
    vetoes every mention that overlaps it, so "ignore لاروف" also keeps
    سرگئی لاروف unlinked: the author asked for that text not to be a link.
    An ``exclusions`` occurrence (an entry's ``Not:`` phrase, keyed by that
    entry) vetoes only overlapping mentions *of that entry*: بے نظیر بھٹو in
    the ``Not:`` of the entry aliased بھٹو does not stop another entry named
    بے نظیر بھٹو from linking.

    With ``names``, a site-wide mention inside a longer run of name-like words
    is not a mention but a :class:`Partial`, returned for reporting.
    """
    norm = normalize(text)
    keyed = Keyed(norm.text)
    hits: list[_Hit] = []
    for matcher in matchers:
        hits.extend(matcher.hits(keyed))
    if not hits:
        return Scan([], [])
    if blockers is not None:
        blocked = blockers.hits(keyed)
        if blocked:
            hits = [h for h in hits if not _overlaps(h, blocked)]
    if exclusions is not None and hits:
        excluded = exclusions.hits(keyed)
        if excluded:
            hits = [
                h
                for h in hits
                if not _overlaps(h, [e for e in excluded if h.key in e.key.split("\n")])
            ]
    matches: list[Match] = []
    partials: list[Partial] = []
    for hit in _resolve(hits):
        f_start, f_end = keyed.folded_start(hit.start), keyed.folded_end(hit.end)
        start, end = norm.span(f_start, f_end)
        if names is not None and hit.priority > 0:
            r_start, r_end = _longer_run(norm.text, f_start, f_end, hit.key, names)
            if (r_start, r_end) != (f_start, f_end):
                s, e = norm.span(r_start, r_end)
                partials.append(Partial(s, e, hit.key, text[s:e], text[start:end]))
                continue
        matches.append(Match(start, end, hit.key, text[start:end]))
    return Scan(matches, partials)


def find_mentions(
    text: str,
    matchers: Sequence[Matcher],
    blockers: Matcher | None = None,
    exclusions: Matcher | None = None,
    names: NameContext | None = None,
) -> list[Match]:
    """The mentions of :func:`scan`, without the partial names."""
    return scan(text, matchers, blockers, exclusions, names).matches
