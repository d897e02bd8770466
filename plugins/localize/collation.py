"""Alphabetical order by the language's own rules (CLDR collation, via ICU).

Python sorts strings by code point, which puts the Urdu letters added to the
Arabic alphabet (پ ٹ ڈ ڑ ک گ ں ہ ی ے) after all the Arabic ones: پاکستان
came after روس. CLDR's Urdu collation is the order an Urdu dictionary uses;
ICU (PyICU) implements it, Babel does not.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import icu

__all__ = ["busiest_first", "collation_key", "sorted_by_collation"]


@functools.cache
def _collator(lang: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(lang))


def collation_key(lang: str) -> Callable[[str], bytes]:
    """A sort key giving ``lang``'s alphabetical order (root order if ICU has none)."""
    collator = _collator(lang)
    return lambda text: collator.getSortKey(str(text))


def _attribute(item: Any, path: str | None) -> Any:
    for part in (path or "").split(".") if path else []:
        item = item[int(part)] if part.isdigit() else getattr(item, part)
    return item


def sorted_by_collation(items: Iterable[Any], lang: str, attribute: str | None = None) -> list[Any]:
    """``items`` in ``lang``'s alphabetical order of ``attribute`` (dotted, like Jinja's sort)."""
    key = collation_key(lang)
    return sorted(items, key=lambda item: key(_attribute(item, attribute)))


def busiest_first(tags: Iterable[tuple[Any, Sequence[Any]]], lang: str) -> list[tuple[Any, Any]]:
    """``(tag, articles)`` pairs, most articles first, ties in alphabetical order.

    The front page's topic sections: the topics readers find most stories
    under come first, and equal ones in the order the topics page lists them.
    """
    key = collation_key(lang)
    return sorted(tags, key=lambda pair: (-len(pair[1]), key(pair[0].name)))
