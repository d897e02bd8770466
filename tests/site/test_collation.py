"""Lists keyed by Urdu text follow Urdu alphabetical order (CLDR collation
for ``ur``), not code-point order (issue 15)."""

from __future__ import annotations

from pathlib import Path

import icu

from khabarnama.localize.collation import sorted_by_collation
from tests.support import parse

# The Urdu alphabet: ا آ ب پ ت ٹ ث ج چ ح خ د ڈ ذ ر ڑ ز ژ س ... ک گ ل م ن ں و ہ ھ ء ی ے
ALPHABETICAL = [
    "افغانستان",
    "پاکستان",
    "توانائی",
    "ٹماٹر",
    "خارجہ پالیسی",
    "روس",
    "ڑ",
    "کورونا",
    "گیس",
    "ہاتھی",
    "ی",
    "ے",
]


def test_collation_gives_the_urdu_alphabet() -> None:
    shuffled = sorted(ALPHABETICAL)  # code-point order: پ ٹ ڑ ک گ ہ ی ے sink to the end
    assert shuffled != ALPHABETICAL
    assert sorted_by_collation(shuffled, "ur") == ALPHABETICAL


def test_topics_page_is_in_urdu_alphabetical_order(site: Path) -> None:
    names = [a.text().strip() for a in parse(site / "tags" / "index.html").css(".tag-cloud li a")]
    assert len(names) >= 3
    collator = icu.Collator.createInstance(icu.Locale("ur"))
    assert names == sorted(names, key=collator.getSortKey)
    assert names != sorted(names), "the fixture's topics would pass in code-point order too"
