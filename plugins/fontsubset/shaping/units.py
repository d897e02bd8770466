"""Text units: the strings a browser hands to HarfBuzz, with their language.

Exactness is judged per unit, so the caller decides what a unit is (a
paragraph, a run cut by an element boundary, a word a script may insert).
This module only normalises them and offers the usual split of plain text
into paragraphs, sentences and words for callers that have no HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple


class TextUnit(NamedTuple):
    """A run of text shaped as a whole, in the language of its element.

    The plugin's collector and this package share it; ordered by language
    first, so sorted units group by language."""

    lang: str
    text: str


#: Sentence ends in Urdu text (full stop ۔, Arabic question mark, Latin marks).
_SENTENCE_END = re.compile(r"(?<=[۔؟!?.])\s*")
_PUNCT = "،؛۔؟!?.,:;()[]«»\"'"


def as_unit(unit: Any) -> TextUnit:
    """Accept a ``TextUnit``, a plain ``(text, lang)`` pair or any object with
    ``.text``/``.lang``: callers without the type need not build one."""
    if isinstance(unit, TextUnit):
        return unit
    if hasattr(unit, "text") and hasattr(unit, "lang"):
        return TextUnit(str(unit.lang), str(unit.text))
    text, lang = unit
    return TextUnit(str(lang), str(text))


def dedupe(units: Iterable[Any]) -> list[TextUnit]:
    """Distinct non-empty units in a stable order: words repeat a lot, shaping twice is waste."""
    seen: dict[TextUnit, None] = {}
    for raw in units:
        unit = as_unit(raw)
        if unit.text.strip():
            seen.setdefault(unit, None)
    return list(seen)


def sentences(paragraph: str) -> list[str]:
    """Split at sentence ends, keeping the end mark with its sentence."""
    return [s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip()]


def words(text: str) -> list[str]:
    """Space-separated words, plus the same words without leading/trailing punctuation."""
    out: list[str] = []
    for token in text.split():
        out.append(token)
        bare = token.strip(_PUNCT)
        if bare and bare != token:
            out.append(bare)
        out.extend(p for p in re.split(f"[{re.escape(_PUNCT)}]+", token) if p and p != bare)
    return out


def text_units(text: str, lang: str) -> list[TextUnit]:
    """Paragraphs (lines), their sentences and their words, deduplicated."""
    units: list[TextUnit] = []
    for paragraph in (p.strip() for p in text.splitlines()):
        if not paragraph:
            continue
        units.append(TextUnit(lang, paragraph))
        units.extend(TextUnit(lang, s) for s in sentences(paragraph))
        units.extend(TextUnit(lang, w) for w in words(paragraph))
    return dedupe(units)
