"""Character-level rules, on the source text exactly as written.

* Bidi override, embedding and isolate controls (U+202A–U+202E,
  U+2066–U+2069) are errors: they make text display in an order other than
  the one it is stored in ("Trojan Source"), and Urdu never needs them.
  ZWNJ U+200C, ZWJ U+200D, LRM U+200E, RLM U+200F and ALM U+061C are
  ordinary in Urdu and allowed.
* Arabic ك ي ى ه where Urdu has ک ی ہ are warnings, with the Urdu letter
  from the glossary's normalisation (so checker and linker agree).
* Arabic-script characters the site's Urdu font has no glyph for are
  errors naming the code point (the font plugin would stop the build on
  them); a presentation form's fix is mechanical, and ``make fix`` does it
  (``fix.py``). Only Arabic blocks are checked: Latin
  letters, digits and punctuation come from other fonts by design.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from .frontmatter import Source
from .markup import ARABIC_BLOCK_CHARS, char_class
from .problem import ERROR, WARNING, Problem

#: C0 and C1 control characters but tab and line ends: invisible, and XML 1.0
#: (the feeds, the sitemap) cannot hold the C0 ones at all.
CONTROL_CHARS = frozenset(
    chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)) if chr(c) not in "\t\n\r"
)
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
ARABIC_VARIANTS = frozenset("\u0643\u064a\u0649\u0647")  # ك ي ى ه


def char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


@lru_cache(maxsize=8)
def font_cmap(path: str, mtime: float) -> frozenset[int]:
    """Code points the font maps (read once per font file version)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap() or {})


class FontUnreadable(Exception):
    """The site's font is missing or is not a font; the message names the file."""


def load_cmap(path: Path | None) -> frozenset[int] | None:
    """The font's character map; ``None`` without a font to check against.

    A missing or damaged font file is :class:`FontUnreadable`: the build would
    stop on it later (the font plugin subsets it), so the check says so first.
    """
    if path is None:
        return None
    try:
        return font_cmap(str(path), path.stat().st_mtime)
    except FileNotFoundError:
        raise FontUnreadable("the site's Urdu font is missing") from None
    except Exception as error:  # fontTools raises many kinds on a damaged file
        reason = " ".join(str(error).split()) or type(error).__name__
        raise FontUnreadable(f"the site's Urdu font cannot be read ({reason})") from None


@lru_cache(maxsize=8)
def suspects(cmap: frozenset[int] | None) -> re.Pattern[str]:
    """One character class for every character a rule here is about."""
    chars = set(BIDI_CONTROLS) | set(ARABIC_VARIANTS) | set(CONTROL_CHARS)
    if cmap is not None:
        chars |= {c for c in ARABIC_BLOCK_CHARS if ord(c) not in cmap}
    return re.compile(f"[{char_class(chars)}]")


def _per_line(text: str, pattern: re.Pattern[str]) -> Iterable[tuple[int, str, int, int]]:
    """(line, char, first column, count on that line) for each matching char."""
    for number, line in enumerate(text.split("\n"), start=1):
        seen: dict[str, list[int]] = {}
        for match in pattern.finditer(line):
            seen.setdefault(match.group(), []).append(match.start() + 1)
        for char, columns in seen.items():
            yield number, char, columns[0], len(columns)


def _where(column: int, count: int) -> str:
    more = f" ({count} times on this line)" if count > 1 else ""
    return f"at column {column}{more}"


def hygiene(
    source: Source,
    shown: str,
    cmap: frozenset[int] | None,
    urdu_letter: Callable[[str], str],
) -> list[Problem]:
    problems: list[Problem] = []
    lines_field = source.line_fields

    def field_of(line: int) -> str:
        return lines_field.get(line, "body")

    for line, char, column, count in _per_line(source.text, suspects(cmap)):
        if char in CONTROL_CHARS:
            problems.append(
                Problem(
                    shown,
                    line,
                    field_of(line),
                    f"control character U+{ord(char):04X} {_where(column, count)}",
                    "delete it: it is invisible, and feeds cannot hold it (often pasted "
                    "from a word processor or PDF)",
                    ERROR,
                    "control-char",
                )
            )
        elif char in BIDI_CONTROLS:
            problems.append(
                Problem(
                    shown,
                    line,
                    field_of(line),
                    f"invisible bidi control {char_name(char)} {_where(column, count)}",
                    "delete it: it makes text display in a different order than it is stored; "
                    "if direction needs help use RLM (U+200F) or LRM (U+200E)",
                    ERROR,
                    "bidi-control",
                )
            )
        elif char in ARABIC_VARIANTS:
            urdu = urdu_letter(char)
            extra = (
                " (or ھ U+06BE where it is the aspirate, as in بھارت)" if char == "\u0647" else ""
            )
            problems.append(
                Problem(
                    shown,
                    line,
                    field_of(line),
                    f"Arabic letter {char} ({char_name(char)}) {_where(column, count)}",
                    f"in Urdu write {urdu} (U+{ord(urdu):04X}){extra}",
                    WARNING,
                    "arabic-letter",
                )
            )
        else:
            letters = compatibility_letters(char, cmap)
            codes = " ".join(f"U+{ord(c):04X}" for c in letters)
            fix = (
                f"run `make fix`: it writes {letters} ({codes}), the letters this form stands for"
                if letters
                else "readers will see a fallback glyph or a box: check the spelling, "
                "or use the usual Urdu letter"
            )
            problems.append(
                Problem(
                    shown,
                    line,
                    field_of(line),
                    f"{char_name(char)} {_where(column, count)} is not in the site's Urdu font",
                    fix,
                    ERROR,
                    "font-missing",
                )
            )
    return problems


def compatibility_letters(char: str, cmap: frozenset[int] | None) -> str:
    """The letters a presentation form or other compatibility character stands
    for (NFKC), when the font has every one of them; "" when there is none.

    Arabic presentation forms (U+FB50–U+FDFF, U+FE70–U+FEFF) are one letter in
    one shape, or a ligature; text copied from PDFs and old software has them.
    The shaping engine makes those shapes from the plain letters itself.
    """
    letters = unicodedata.normalize("NFKC", char)
    if letters == char or not letters.strip():
        return ""
    if cmap is not None and any(ord(c) not in cmap for c in letters if not c.isspace()):
        return ""
    return letters
