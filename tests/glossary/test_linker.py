"""Links go into prose only, and everything else is left byte-for-byte alone."""

from __future__ import annotations

import pytest
from glossary_testlib import link, linked_texts, matcher

from khabarnama.glossary.matcher import Matcher

M = matcher(lavrov=["سرگئی لاروف", "لاروف"], imran="عمران خان", russia="روس")


@pytest.mark.parametrize(
    "body",
    [
        "<h1>لاروف</h1>",
        "<h2 id='x'>سرگئی <em>لاروف</em></h2>",
        "<h6>روس</h6>",
        '<p><a href="/x">لاروف</a></p>',
        "<p><code>لاروف</code></p>",
        "<pre>لاروف\nروس</pre>",
        "<pre><code>روس</code></pre>",
        '<div class="note glossary-panel"><p>لاروف</p><ul><li>روس</li></ul></div>',
        "<script>var s = 'روس';</script>",
        "<!-- روس -->",
        '<p title="روس" data-x="لاروف">&nbsp;</p>',
    ],
)
def test_never_links_inside_excluded_markup(body: str) -> None:
    result = link(body, M)
    assert result.html == body
    assert result.mentions == []


def test_links_after_an_excluded_element_closes() -> None:
    body = "<h2>روس</h2><p>روس</p>"
    assert linked_texts(link(body, M)) == [("russia", "روس")]
    assert link(body, M).html.startswith("<h2>روس</h2><p><a ")


@pytest.mark.parametrize(
    "body",
    [
        "<p>کوئی نام نہیں &amp; &lt;tag&gt; &#1575; &#x627; &copy</p>",
        "<p class=x>a<br>b<br/>c<img src='a.png' alt=\"روسی\"></p>",
        "<!DOCTYPE html><p>x</p><?pi ?><![CDATA[y]]>",
        "<ul>\n  <li>one\n  <li>two\n</ul>\r\n<p>تین</p>",
        "<p>unclosed <b>bold <i>both</p> text &",
    ],
)
def test_body_without_mentions_is_returned_unchanged(body: str) -> None:
    assert link(body, M).html == body


def test_link_markup() -> None:
    result = link("<p>وزیر خارجہ سرگئی لاروف نے</p>", M)
    assert result.html == (
        '<p>وزیر خارجہ <a class="glossary-link" href="/g/lavrov/" id="mention-lavrov"'
        ' aria-describedby="gloss-lavrov" data-entry="lavrov">سرگئی لاروف</a> نے</p>'
    )


def test_first_mode_links_each_entry_once_and_reports_order() -> None:
    body = "<p>روس میں لاروف نے</p><p>عمران خان اور لاروف اور روس</p>"
    result = link(body, M)
    assert linked_texts(result) == [("russia", "روس"), ("lavrov", "لاروف"), ("imran", "عمران خان")]
    assert [(m.key, m.text) for m in result.mentions] == linked_texts(result)


def test_all_mode_links_every_mention_but_only_the_first_gets_the_id() -> None:
    result = link("<p>لاروف، لاروف</p><p>لاروف</p>", M, mode="all")
    assert result.html.count('class="glossary-link"') == 3
    assert result.html.count('id="mention-lavrov"') == 1
    assert result.html.index('id="mention-lavrov"') < result.html.index("،")


def test_first_linkable_mention_gets_the_anchor_when_the_first_is_in_a_heading() -> None:
    result = link("<h2>لاروف</h2><p>پھر لاروف</p>", M)
    assert result.html == (
        '<h2>لاروف</h2><p>پھر <a class="glossary-link" href="/g/lavrov/" id="mention-lavrov"'
        ' aria-describedby="gloss-lavrov" data-entry="lavrov">لاروف</a></p>'
    )


def test_mention_across_an_entity_keeps_the_entity() -> None:
    result = link("<p>سرگئی&nbsp;لاروف</p>", M)
    assert '">سرگئی&nbsp;لاروف</a>' in result.html
    assert [m.text for m in result.mentions] == ["سرگئی\u00a0لاروف"]


def test_inline_markup_inside_a_name_is_wrapped_by_the_link() -> None:
    # Names are matched across inline tags; the link widens to keep the HTML nested.
    result = link("<p>سرگئی <em>لاروف</em></p>", M)
    assert linked_texts(result) == [("lavrov", "سرگئی لاروف")]
    assert "<em>لاروف</em></a>" in result.html


def test_block_markup_still_separates_names() -> None:
    assert link("<p>سرگئی</p><p>لاروف</p>", M).mentions[0].text == "لاروف"
    assert linked_texts(link("<p>سرگئی<br>لاروف</p>", M)) == [("lavrov", "لاروف")]


def test_link_text_is_the_original_spelling() -> None:
    result = link("<p>سرگئي لاروفؔ</p>", M)
    assert linked_texts(result) == [("lavrov", "سرگئي لاروفؔ")]


def test_binds_and_ignores() -> None:
    bind = Matcher([("روسی وزیر خارجہ", "lavrov")], priority=0)
    body = "<p>روسی وزیر خارجہ نے روس میں</p>"
    result = link(body, M)
    assert linked_texts(result) == [("russia", "روس")]
    from khabarnama.glossary.linker import link_html

    hrefs = {"lavrov": "/l/", "russia": "/r/", "imran": "/i/"}
    bound = link_html(body, [bind, M], hrefs)
    assert [(m.key, m.text) for m in bound.mentions] == [
        ("lavrov", "روسی وزیر خارجہ"),
        ("russia", "روس"),
    ]
    ignored = link_html(body, [bind, M], hrefs, blockers=Matcher([("روس", "")]))
    assert [m.key for m in ignored.mentions] == ["lavrov"]


def test_unknown_mode_is_rejected() -> None:
    with pytest.raises(ValueError, match="mode"):
        link("<p>روس</p>", M, mode="some")
