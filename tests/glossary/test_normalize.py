"""Spelling variants that must (and must not) reach the same entry."""

from __future__ import annotations

import pytest
from glossary_testlib import link, linked_texts, matcher

from khabarnama.glossary.normalize import fold, normalize

LAVROV = ("sergey-lavrov", matcher(sergey_lavrov=["سرگئی لاروف"]))
BAJWA = ("bajwa", matcher(bajwa=["قمر جاوید باجوہ"]))
COMMISSION = ("commission", matcher(commission=["بین الحکومتی کمیشن"]))
VACCINE = ("sputnik", matcher(sputnik=["سپتنک 5"]))


@pytest.mark.parametrize(
    ("label", "entry", "text"),
    [
        ("plain", LAVROV, "سرگئی لاروف"),
        ("zabar, zer and pesh", LAVROV, "سَرگِئی لارُوف"),
        ("superscript alef U+0670", LAVROV, "سرگئی لاروف\u0670"),
        ("shadda and sukun", LAVROV, "سرّگئی لارْوف"),
        ("tatweel", LAVROV, "سرگئی لاـــروف"),
        ("ZWNJ inside a word", LAVROV, "سرگئی لار\u200cوف"),
        ("ZWJ, LRM, RLM", LAVROV, "سرگ\u200dئی\u200e لاروف\u200f"),
        ("decomposed hamza", LAVROV, "سرگی\u0654ی لاروف"),
        ("Arabic yeh", LAVROV, "سرگئي لاروف"),
        ("alef maksura", LAVROV, "سرگئى لاروف"),
        ("lam-alef presentation form", LAVROV, "سرگئی \ufefbروف"),
        (
            "isolated presentation forms",
            LAVROV,
            "\ufeb1\ufead\ufb92\ufe89\ufbfc \ufefb\ufead\ufeed\ufed1",
        ),
        ("NBSP between words", LAVROV, "سرگئی\u00a0لاروف"),
        ("a run of whitespace", LAVROV, "سرگئی \n\t  لاروف"),
        ("Arabic heh for heh goal", BAJWA, "قمر جاوید باجوه"),
        ("Arabic kaf", COMMISSION, "بین الحكومتی كمیشن"),
        ("Arabic kaf and yeh", COMMISSION, "بين الحكومتي كميشن"),
        ("Urdu digit", VACCINE, "سپتنک ۵"),
        ("Arabic-Indic digit", VACCINE, "سپتنک ٥"),
    ],
)
def test_variant_still_links(label: str, entry, text: str) -> None:
    slug, m = entry
    result = link(f"<p>کل {text} نے کہا</p>", m)
    # The link wraps exactly what the author typed, marks and joiners included.
    assert linked_texts(result) == [(slug, text)], label


@pytest.mark.parametrize(
    ("label", "name", "text"),
    [
        ("heh goal ہ is not do-chashmi ھ", "باجوہ", "باجوھ"),
        ("do-chashmi ھ is not heh goal ہ", "بھارت", "بہارت"),
        ("yeh ی is not yeh barree ے", "سرگئی", "سرگئے"),
        ("yeh barree ے is not yeh ی", "منصوبے", "منصوبی"),
        ("alef madda آ is not alef ا", "آرمی", "ارمی"),
        ("alef ا is not alef madda آ", "ارمی", "آرمی"),
        ("ئو is not folded into ؤ (list both spellings)", "ساؤتھ", "سائوتھ"),
        ("hamza is not dropped", "سرگئی", "سرگیی"),
    ],
)
def test_meaningful_letters_do_not_fold(label: str, name: str, text: str) -> None:
    result = link(f"<p>کل {text} نے</p>", matcher(x=[name]))
    assert linked_texts(result) == [], label


def test_composed_and_decomposed_forms_are_equal() -> None:
    pairs = [
        ("\u06c2", "\u06c1\u0654"),  # ۂ
        ("\u0626", "\u06cc\u0654"),  # ئ
        ("\u0624", "\u0648\u0654"),  # ؤ
        ("\u0623", "\u0627\u0654"),  # أ
        ("\u0625", "\u0627\u0655"),  # إ
        ("\u06d3", "\u06d2\u0654"),  # ۓ
        ("\u0622", "\u0627\u0653"),  # آ
        ("\u0629", "\u06c3"),  # ة → ۃ
    ]
    for composed, decomposed in pairs:
        assert fold(composed) == fold(decomposed), (composed, decomposed)


def test_alef_madda_survives_normalisation() -> None:
    assert fold("آرمی") != fold("ارمی")
    assert "\u0622" in fold("ا\u0653رمی")


def test_index_map_points_at_the_source_characters() -> None:
    source = "# سَرگئی\u200c  لاروفؔ #"
    norm = normalize(source)
    start = norm.text.index("سرگ")
    end = norm.text.rindex("#") - 1  # up to (not including) the space before "#"
    s, e = norm.span(start, end)
    # Marks stay with their letter: the takhallus sign after ف is inside the span.
    assert source[s:e] == "سَرگئی\u200c  لاروفؔ"


def test_fold_strips_and_collapses_whitespace() -> None:
    assert fold("  سرگئی \u00a0 لاروف \n") == "سرگ\u06cc\u0654\u06cc لاروف"
