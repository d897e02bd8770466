"""Urdu normalisation for matching glossary names, with a map back to the source.

Matching happens on a folded copy of the text, but links must wrap the exact
characters the author typed, so :func:`normalize` returns the folded string
together with, for every folded character, the span of source characters it
came from. Characters that are dropped (diacritics, tatweel, joiners) are
credited to the character before them, so a link never separates a letter
from its marks.

Folding table (source → canonical), applied one source character at a time:

==============================  ==============================================
Source                          Canonical form
==============================  ==============================================
ك U+0643 Arabic kaf             ک U+06A9 keheh
ي U+064A, ى U+0649              ی U+06CC Farsi yeh
ه U+0647 Arabic heh             ہ U+06C1 heh goal, in every position (1)
ە U+06D5 ae                     ہ U+06C1 (used for final heh by some keyboards)
ة U+0629 teh marbuta            ۃ U+06C3 teh marbuta goal
ۂ U+06C2, ۀ U+06C0              ہ + U+0654 (decomposed hamza, see (2))
ئ U+0626                        ی + U+0654
ؤ U+0624                        و + U+0654
أ U+0623                        ا + U+0654
إ U+0625                        ا + U+0655
ۓ U+06D3                        ے + U+0654
ا + U+0653 (decomposed madda)   آ U+0622 (kept composed, see (3))
ٱ U+0671 alef wasla             ا U+0627
U+FB50–U+FDFF, U+FE70–U+FEFF    NFKC of that character, then this table (4)
٠–٩ U+0660–0669, ۰–۹ U+06F0–06F9  ASCII digits 0–9
A–Z                             a–z
whitespace runs (incl. NBSP,    one space U+0020
U+200B zero width space)
==============================  ==============================================

Removed: harakat and other marks U+064B–U+065F except the hamza carriers
U+0654/U+0655 (and U+0653 after alef, see (3)); U+0610–U+061A; U+0670
superscript alef; Quranic annotation marks U+06D6–U+06ED; tatweel U+0640;
ZWNJ U+200C, ZWJ U+200D, LRM U+200E, RLM U+200F, ALM U+061C, bidi controls
U+202A–U+202E and U+2066–U+2069, BOM U+FEFF.

Never folded, because they change meaning: ہ/ھ, ی/ے, آ/ا. Also deliberately
not folded: ئو/ؤ (سائوتھ vs ساؤتھ). Both spellings are common, but ئ and ؤ
are different letters in other words, so an entry lists both spellings as
aliases instead.

(1) In Unicode Urdu text an Arabic heh almost always stands for heh goal
(typed on Arabic/Persian keyboards or produced by old converters), whatever
its position. Persian-keyboard text also uses ه for the aspirate ھ (بهارت for
بھارت); guessing that from context would risk folding کہ into کھ, so we do not:
such spellings need an alias.
(2) Hamza is decomposed onto its seat and U+0654/U+0655 are kept as letters:
dropping them would make سرگئی equal سرگیی. NFC cannot be the canonical form
because ی + U+0654 has no precomposed character (ئ is built on Arabic yeh).
(3) NFD would turn آ into ا + U+0653, and removing U+0653 would then fold آ
into ا; so آ stays composed and a typed ا + U+0653 is composed into it.
(4) The harakat forms U+FE70–U+FE7F decompose to a space plus a mark; they are
removed like the marks themselves instead of becoming a word break.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

__all__ = [
    "NON_JOINING",
    "Keyed",
    "Normalized",
    "fold",
    "is_mark",
    "is_word_char",
    "letter_count",
    "match_key",
    "normalize",
]

HAMZA_ABOVE = "\u0654"
HAMZA_BELOW = "\u0655"
MADDAH = "\u0653"
ALEF = "\u0627"
ALEF_MADDA = "\u0622"
ZWNJ = "\u200c"

_LETTERS: dict[str, str] = {
    "\u0643": "\u06a9",  # ك → ک
    "\u064a": "\u06cc",  # ي → ی
    "\u0649": "\u06cc",  # ى → ی
    "\u0647": "\u06c1",  # ه → ہ
    "\u06d5": "\u06c1",  # ە → ہ
    "\u0629": "\u06c3",  # ة → ۃ
    "\u06c2": "\u06c1" + HAMZA_ABOVE,  # ۂ
    "\u06c0": "\u06c1" + HAMZA_ABOVE,  # ۀ
    "\u0626": "\u06cc" + HAMZA_ABOVE,  # ئ
    "\u0624": "\u0648" + HAMZA_ABOVE,  # ؤ
    "\u0623": ALEF + HAMZA_ABOVE,  # أ
    "\u0625": ALEF + HAMZA_BELOW,  # إ
    "\u06d3": "\u06d2" + HAMZA_ABOVE,  # ۓ
    "\u0671": ALEF,  # ٱ
}


def _removed_chars() -> set[str]:
    ranges = [
        (0x0610, 0x061A),
        (0x064B, 0x065F),
        (0x0670, 0x0670),
        (0x06D6, 0x06DC),
        (0x06DF, 0x06E4),
        (0x06E7, 0x06E8),
        (0x06EA, 0x06ED),
        (0x0640, 0x0640),
        (0x200C, 0x200F),
        (0x061C, 0x061C),
        (0x202A, 0x202E),
        (0x2066, 0x2069),
        (0xFEFF, 0xFEFF),
        (0xFE70, 0xFE7F),
    ]
    chars = {chr(c) for lo, hi in ranges for c in range(lo, hi + 1)}
    return chars - {HAMZA_ABOVE, HAMZA_BELOW, MADDAH}


def _build_map() -> dict[str, str]:
    """Every source character that does not map to itself, and its replacement."""
    table: dict[str, str] = dict(_LETTERS)
    for c in _removed_chars():
        table[c] = ""
    for i in range(10):
        table[chr(0x0660 + i)] = str(i)
        table[chr(0x06F0 + i)] = str(i)
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[c] = c.lower()
    for code in range(0x3001):
        if chr(code).isspace():
            table[chr(code)] = " "
    table["\u200b"] = " "
    for lo, hi in ((0xFB50, 0xFDFF), (0xFE70, 0xFEFE)):
        for code in range(lo, hi + 1):
            c = chr(code)
            if c in table:
                continue
            compat = unicodedata.normalize("NFKC", c)
            if compat == c:
                continue
            table[c] = "".join(table.get(x, x) for x in compat if x != MADDAH)
    return table


_MAP = _build_map()


class Normalized:
    """Folded text plus, per folded character, its source span [start, end).

    The map is kept as pieces, not one entry per character: a stretch of
    characters that fold to themselves is one piece (``step`` 1: the k-th
    folded character is the k-th source character), a replaced character one
    piece (``step`` 0: every folded character of it comes from the same source
    character). ``_ends`` holds the source ends that are not ``start + 1``
    (whitespace runs, and characters that absorbed dropped marks).
    """

    __slots__ = ("_ends", "_pieces", "_starts", "text")

    def __init__(self, text: str, pieces: list[tuple[int, int, int]], ends: dict[int, int]) -> None:
        self.text = text
        self._pieces = pieces  # (folded offset, source offset, step), sorted
        self._starts = [p[0] for p in pieces]
        self._ends = ends

    def start_of(self, index: int) -> int:
        """Source offset of folded character ``index``."""
        out, src, step = self._pieces[bisect.bisect_right(self._starts, index) - 1]
        return src + (index - out) * step

    def end_of(self, index: int) -> int:
        """Source end (exclusive) of folded character ``index``."""
        end = self._ends.get(index)
        return self.start_of(index) + 1 if end is None else end

    @property
    def starts(self) -> list[int]:
        return [self.start_of(i) for i in range(len(self.text))]

    @property
    def ends(self) -> list[int]:
        return [self.end_of(i) for i in range(len(self.text))]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the folded slice ``text[start:end]`` (end exclusive)."""
        return self.start_of(start), self.end_of(end - 1)


def _special_pattern() -> re.Pattern[str]:
    """What :func:`normalize` must look at: everything but unchanged characters.

    A whitespace run other than a single ASCII space, or a character the table
    changes (or a madda) with the whitespace after it. A single space between
    unchanged characters maps to itself, so Urdu text (a space every few
    letters) is copied in long stretches.
    """
    spaces = "".join(re.escape(c) for c in sorted(c for c, r in _MAP.items() if r == " "))
    others = [*sorted(c for c, r in _MAP.items() if r != " "), MADDAH]
    other = "".join(re.escape(c) for c in others)
    not_space = "".join(
        re.escape(c) for c in sorted(c for c, r in _MAP.items() if r == " ") if c != " "
    )
    return re.compile(f"[{not_space}][{spaces}]*| [{spaces}]+|[{other}][{spaces}]*")


_SPECIAL = _special_pattern()


def normalize(text: str) -> Normalized:
    """Fold ``text`` for matching, keeping where each folded character came from.

    Whitespace runs become one space but are not stripped, so offsets stay
    simple; callers that need a key (entry names) should use :func:`fold`.

    Stretches of characters that map to themselves (most of any text) are
    copied whole; only what :data:`_SPECIAL` finds is looked at one by one, so
    the cost is one regex scan plus a little per changed character.
    """
    out: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    ends: dict[int, int] = {}
    size = 0  # folded characters so far
    cursor = 0
    for m in _SPECIAL.finditer(text):
        i, cursor_next = m.span()
        if i > cursor:  # an unchanged stretch
            out.append(text[cursor:i])
            pieces.append((size, cursor, 1))
            size += i - cursor
        cursor = cursor_next
        repl = _MAP.get(text[i])
        if text[i] == ZWNJ and _between_words(text, i):
            repl = " "  # a non-joiner between two words is where a space would be
        if repl == " ":  # the whole match is one whitespace run
            if size and out[-1][-1] == " ":
                ends[size - 1] = cursor
            else:
                out.append(" ")
                pieces.append((size, i, 0))
                ends[size] = cursor
                size += 1
            continue
        if repl is None:  # a madda (not in the table)
            if size and out[-1][-1] == ALEF:
                out[-1] = out[-1][:-1] + ALEF_MADDA
                ends[size - 1] = i + 1
            elif size:
                ends[size - 1] = i + 1
        elif repl == "":
            if size:
                ends[size - 1] = i + 1
        else:
            out.append(repl)
            pieces.append((size, i, 0))
            size += len(repl)
        if cursor > i + 1:  # whitespace after the character
            if size and out[-1][-1] == " ":
                ends[size - 1] = cursor
            else:
                out.append(" ")
                pieces.append((size, i + 1, 0))
                ends[size] = cursor
                size += 1
    if cursor < len(text):
        out.append(text[cursor:])
        pieces.append((size, cursor, 1))
    return Normalized("".join(out), pieces, ends)


def _between_words(text: str, i: int) -> bool:
    """Whether the ZWNJ at ``i`` separates two words rather than letters of one.

    Typists put a ZWNJ where a space would make too wide a gap (عمران‌خان);
    inside a word it only stops a join before a suffix (روس‌ی), and a suffix
    is a single letter. So: at least two letters on each side.
    """
    return (
        i >= 2
        and text[i - 1].isalpha()
        and text[i - 2].isalpha()
        and text[i + 1 : i + 2].isalpha()
        and text[i + 2 : i + 3].isalpha()
    )


def fold(text: str) -> str:
    """The canonical key for a name or phrase: folded, whitespace collapsed, stripped.

    Shared with the content checker and search so that they agree with the
    linker on which spellings are "the same".
    """
    return normalize(text).text.strip()


@lru_cache(maxsize=4096)
def is_word_char(c: str) -> bool:
    """Letters, combining marks and digits are word characters (ZWNJ is folded away)."""
    return unicodedata.category(c)[0] in "LMN"


@lru_cache(maxsize=4096)
def is_mark(c: str) -> bool:
    """Combining marks that stay in folded text (the hamza carriers, mostly)."""
    return unicodedata.category(c)[0] == "M"


def letter_count(text: str) -> int:
    """Letters and digits in ``text``: marks and spaces do not make a name longer."""
    return sum(1 for c in text if unicodedata.category(c)[0] in "LN")


# -- the matching key: spaces that may be left out ----------------------------

#: Urdu letters that never join the letter after them, so a word ending in one
#: looks the same with or without the space that follows it: نواز شریف and
#: نوازشریف, طاہر القادری and طاہرالقادری are the same on screen. The letters:
#: ا آ د ڈ ذ ر ڑ ز ژ و ے (ۂ is heh goal, which joins: its hamza is dropped
#: instead, see ``_IZAFAT``).
NON_JOINING = "\u0627\u0622\u062f\u0688\u0630\u0631\u0691\u0632\u0698\u0648\u06d2"
# Each pattern starts with the literal character it drops, then looks behind,
# so the regex engine jumps from space to space (or hamza to hamza) instead of
# trying a lookbehind at every position; and the replacement is "", which
# stays in C. Izafat hamza first: removing it makes no new optional space.
_SPACE = f" (?:(?<=[{NON_JOINING}] )|(?<=[{NON_JOINING}]\u0654 ))"
_IZAFAT = "\u0654(?<=\u06c1\u0654)(?= |$)"  # ۂ: محکمۂ = محکمہ
_OPTIONAL_SPACE = re.compile(_SPACE)
_IZAFAT_HAMZA = re.compile(_IZAFAT)


class Keyed:
    """Folded text without its optional spaces and izafat hamzas: what names are matched on.

    A dropped space still separates words: :attr:`breaks` holds the key
    offsets where one was, so a one-word alias still matches before it while
    a two-word name matches the text with or without it. ``_dropped`` holds,
    sorted, the key offset of every dropped character, to map hits back to the
    folded text (and from there, with :class:`Normalized`, to the source).
    Making the key is one regex scan (two with a hamza in the text); the map
    back is made only when a name was found. Nothing changes a letter.
    """

    __slots__ = ("_breaks", "_dropped", "folded", "text")

    def __init__(self, folded: str) -> None:
        self.folded = folded
        text = _IZAFAT_HAMZA.sub("", folded) if "\u0654" in folded else folded
        self.text = _OPTIONAL_SPACE.sub("", text)
        self._dropped: list[int] | None = None if len(self.text) < len(folded) else []
        self._breaks: set[int] | None = None if self._dropped is None else set()

    def _locate(self) -> None:
        """Where characters were dropped: only needed once a name was found."""
        folded = self.folded
        spaces = [m.start() for m in _OPTIONAL_SPACE.finditer(folded)]
        where = spaces
        if "\u0654" in folded:
            hamzas = [m.start() for m in _IZAFAT_HAMZA.finditer(folded)]
            where = sorted(spaces + hamzas) if hamzas else spaces
        # the k-th dropped character sits at key offset (its folded offset - k)
        self._dropped = [p - k for k, p in enumerate(where)]
        if where is spaces:
            self._breaks = set(self._dropped)
        else:
            self._breaks = {p - k for k, p in enumerate(where) if folded[p] == " "}

    @property
    def breaks(self) -> set[int]:
        """Key offsets where a space was dropped: word boundaries all the same."""
        if self._breaks is None:
            self._locate()
        return self._breaks  # type: ignore[return-value]

    def folded_start(self, index: int) -> int:
        """Folded offset of key character ``index``."""
        if self._dropped is None:
            self._locate()
        return index + bisect.bisect_right(self._dropped, index)  # type: ignore[arg-type]

    def folded_end(self, end: int) -> int:
        """Folded end (exclusive) of a key slice ending at ``end``, with any marks after it."""
        stop = self.folded_start(end - 1) + 1
        folded = self.folded
        while stop < len(folded) and is_mark(folded[stop]):
            stop += 1
        return stop


def match_key(text: str) -> str:
    """What two names must share to be the same name for matching (and for duplicates)."""
    return Keyed(fold(text)).text
