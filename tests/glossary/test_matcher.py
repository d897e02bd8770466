"""Whole words, longest match, deterministic overlaps."""

from __future__ import annotations

import itertools

import pytest
from glossary_testlib import matcher

from khabarnama.glossary.matcher import Matcher, find_mentions


def spans(text: str, m: Matcher, **kw) -> list[tuple[str, str]]:
    return [(x.key, x.text) for x in find_mentions(text, [m], **kw)]


RUSSIA = matcher(russia="روس")


@pytest.mark.parametrize(
    "text",
    [
        "روسی وزیر خارجہ",  # روس inside روسی
        "پاکروس",  # at the end of a longer word
        "روس\u200cی",  # ZWNJ between letters keeps one word
        "روسـی",  # tatweel too
        "روس5",  # digits are word characters
        "روسa",
    ],
)
def test_no_match_inside_a_word(text: str) -> None:
    assert spans(text, RUSSIA) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("روس نے", "روس"),
        ("(روس)", "روس"),
        ("روس، چین", "روس"),
        ("’روس‘", "روس"),
        ("روس۔", "روس"),
        ("روسِ نو", "روسِ"),  # a diacritic after the name is part of the same word
        ("روسٔ", "روسٔ"),  # so is a hamza of izafat
        ("روس\u200f نے", "روس\u200f"),  # an RLM is kept inside the link, not split off
    ],
)
def test_match_at_word_boundaries(text: str, expected: str) -> None:
    assert spans(text, RUSSIA) == [("russia", expected)]


def test_mark_after_name_does_not_let_a_longer_word_through() -> None:
    # سرگئی = سرگ + ی + hamza + ی: the hamza is absorbed, but the ی after it is a letter.
    assert spans("سرگئی", matcher(x="سرگی")) == []


def test_longest_match_wins() -> None:
    m = matcher(lavrov=["لاروف", "سرگئی لاروف"], sergey="سرگئی")
    assert spans("وزیر خارجہ سرگئی لاروف نے", m) == [("lavrov", "سرگئی لاروف")]


def test_leftmost_wins_over_longer_overlapping_match() -> None:
    m = matcher(ab="الف بے", bcd="بے جیم دال")
    assert spans("الف بے جیم دال", m) == [("ab", "الف بے")]


def test_resolution_does_not_depend_on_insertion_order() -> None:
    names = [("الف بے", "ab"), ("بے جیم", "bc"), ("الف", "a"), ("جیم دال", "cd"), ("دال", "d")]
    text = "الف بے جیم دال"
    results = {
        tuple((x.key, x.text) for x in find_mentions(text, [Matcher(order)]))
        for order in itertools.permutations(names)
    }
    assert results == {(("ab", "الف بے"), ("cd", "جیم دال"))}


def test_repeated_mentions_are_all_found() -> None:
    assert [x.start for x in find_mentions("روس اور روس", [RUSSIA])] == [0, 8]


def test_multi_word_names_match_across_any_whitespace() -> None:
    m = matcher(imran="عمران خان")
    assert spans("وزیراعظم عمران \n  خان نے", m) == [("imran", "عمران \n  خان")]


def test_bind_beats_site_wide_name_on_the_same_span() -> None:
    site = matcher(a="روسی وزیر خارجہ")
    bind = Matcher([("روسی وزیر خارجہ", "b")], priority=0)
    found = find_mentions("روسی وزیر خارجہ نے", [site, bind])
    assert [(x.key, x.text) for x in found] == [("b", "روسی وزیر خارجہ")]


def test_blocker_vetoes_overlapping_mentions() -> None:
    m = matcher(lavrov=["لاروف", "سرگئی لاروف"], imran="عمران خان")
    found = find_mentions("سرگئی لاروف اور عمران خان", [m], blockers=Matcher([("لاروف", "")]))
    assert [x.key for x in found] == ["imran"]


def test_conflicting_phrase_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="names both"):
        Matcher([("لاروف", "a"), ("لاروف", "b")])


def test_empty_matcher_finds_nothing() -> None:
    assert find_mentions("روس", [Matcher([])]) == []
