"""Spellings editors meet in real news text (issue 16), one case from the issue each."""

from __future__ import annotations

import pytest
from glossary_testlib import link, linked_texts, matcher

from khabarnama.glossary.matcher import Matcher, find_mentions
from khabarnama.glossary.normalize import match_key


def spans(text: str, m: Matcher, **kw) -> list[tuple[str, str]]:
    return [(x.key, x.text) for x in find_mentions(text, [m], **kw)]


# -- the space after a non-joining letter -----------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("نواز شریف", "نوازشریف نے کہا"),
        ("نوازشریف", "نواز شریف نے کہا"),
        ("طاہر القادری", "طاہرالقادری نے کہا"),
        ("طاہرالقادری", "طاہر القادری نے کہا"),
        ("ضیا اللہ", "ضیااللہ نے کہا"),
        ("جو رووٹ", "جورووٹ نے کہا"),
    ],
)
def test_space_after_a_non_joining_letter_is_optional(name: str, text: str) -> None:
    found = spans(text, matcher(x=name))
    assert found == [("x", text.removesuffix(" نے کہا"))]


def test_the_optional_space_is_still_a_word_boundary() -> None:
    m = matcher(nawaz="نواز")
    assert spans("نواز شریف نے کہا", m) == [("nawaz", "نواز")]
    # Written without the space, نوازشریف is one word on screen: no نواز in it.
    assert spans("نوازشریف نے کہا", m) == []


def test_a_space_after_a_joining_letter_is_not_optional() -> None:
    # ن joins the next letter: عمرانخان is a different word on screen.
    assert spans("عمرانخان نے", matcher(x="عمران خان")) == []
    assert spans("پاکستان", matcher(x="کستان")) == []


def test_optional_spaces_make_two_aliases_one_name() -> None:
    assert match_key("نواز شریف") == match_key("نوازشریف")
    with pytest.raises(ValueError):
        Matcher([("نواز شریف", "a"), ("نوازشریف", "b")])


# -- izafat, ZWNJ ------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["محکمۂ موسمیات نے", "محکمہ\u0654 موسمیات نے", "محکمہ موسمیات نے"],
    ids=["heh-hamza", "heh+U+0654", "plain"],
)
def test_izafat_hamza_inside_a_name_is_folded_for_matching(text: str) -> None:
    found = spans(text, matcher(pmd="محکمہ موسمیات"))
    assert found == [("pmd", text.removesuffix(" نے"))]
    # ... both ways, and the link keeps the hamza the author typed.
    assert spans(text, matcher(pmd="محکمۂ موسمیات")) == found


def test_a_hamza_that_is_a_letter_still_counts() -> None:
    assert spans("سرگئی", matcher(x="سرگی")) == []


def test_zwnj_between_words_acts_as_a_space() -> None:
    assert spans("عمران\u200cخان نے", matcher(ik="عمران خان")) == [("ik", "عمران\u200cخان")]
    assert spans("عمران\u200cخان نے", matcher(imran="عمران")) == [("imran", "عمران")]


def test_zwnj_before_a_one_letter_suffix_keeps_one_word() -> None:
    assert spans("روس\u200cی وزیر", matcher(russia="روس")) == []


@pytest.mark.parametrize(
    ("name", "text"),
    [("ہال", "ھال نے"), ("کہ", "کھ نے"), ("نبی", "نبے نے")],
)
def test_meaningful_letters_still_do_not_fold(name: str, text: str) -> None:
    assert spans(text, matcher(x=name)) == []


# -- markup ------------------------------------------------------------------

IK = matcher(ik="عمران خان", fda="US Food & Drug Administration")


def test_bold_inside_a_name_links_the_whole_name() -> None:
    # Markdown's **عمران** خان
    result = link("<p><strong>عمران</strong> خان نے کہا</p>", IK)
    assert linked_texts(result) == [("ik", "عمران خان")]
    assert '"ik"><strong>عمران</strong> خان</a> نے' in result.html


def test_mixed_script_name_across_localize_isolation_links() -> None:
    # What Markdown + localize make of "US Food & Drug Administration" in Urdu text.
    body = (
        '<p>امریکی ادارے <bdi lang="en" dir="ltr">US Food</bdi> &amp; '
        '<bdi lang="en" dir="ltr">Drug Administration</bdi> نے کہا</p>'
    )
    result = link(body, IK)
    assert linked_texts(result) == [("fda", "US Food & Drug Administration")]
    # The link wraps the isolation; it does not cut a <bdi> in two.
    assert '"fda"><bdi lang="en" dir="ltr">US Food</bdi> &amp; <bdi' in result.html
    assert "Administration</bdi></a> نے" in result.html


def test_a_name_that_could_only_be_linked_by_cutting_an_element_is_left_alone() -> None:
    body = "<p><b>کہ عمران</b> خان نے</p>"
    assert link(body, IK).html == body


def test_linking_through_markdown_and_localize(tmp_path) -> None:
    """The real pipeline: Markdown bold and a Latin name isolated by localize."""
    from markdown import Markdown

    from khabarnama.localize.bidi import BidiExtension

    md = Markdown(extensions=[BidiExtension()])
    html = md.convert("**عمران** خان اور US Food & Drug Administration نے کہا۔")
    assert "<bdi" in html  # localize did isolate the Latin runs
    assert [slug for slug, _ in linked_texts(link(html, IK, "all"))] == ["ik", "fda"]
