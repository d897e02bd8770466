"""The first real article against the real glossary entries."""

from __future__ import annotations

import html
from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.settings import read_settings
from selectolax.lexbor import LexborHTMLParser

from khabarnama.glossary.entries import article_rules, fill_defaults, load_entries, validate_entries
from khabarnama.glossary.linker import link_html
from khabarnama.glossary.matcher import Matcher
from khabarnama.glossary.normalize import fold
from tests.reference_text import reference_article

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = reference_article()
TEXT = ARTICLE.text

#: What the article's front matter must carry: "the LNG agreement" is generic
#: (Pakistan has several), so it is bound in this article, not a global alias.
LNG_BIND = "ایل این جی کا معاہدہ = pakistan-russia-lng-agreement-2017"

#: Entry slug -> the Urdu span of its first mention, typed by hand from the article.
FIRST_MENTIONS = {
    "sergey-lavrov": "سرگئی لاروف",
    "imran-khan": "عمران خان",
    "qamar-javed-bajwa": "قمر جاوید باجوہ",
    "shah-mahmood-qureshi": "شاہ محمود قریشی",
    "pakistan-russia-intergovernmental-commission": "بین الحکومتی کمیشن",
    "pakistan-stream-gas-pipeline": "پاکستان سٹریم گیس پائپ لائن",
    "vladimir-putin": "پوٹن",
    "sputnik-v": "سپتنک 5",
    "iran-pakistan-india-gas-pipeline": "پاک ایران بھارت پائپ لائن",
    "pakistan-steel-mills": "سٹیل مل",
    "pakistan-russia-lng-agreement-2017": "ایل این جی کا معاہدہ",
}

#: Every mention, counted by reading the article (for GLOSSARY_LINK = "all").
ALL_MENTIONS = {
    "sergey-lavrov": 1,
    "imran-khan": 1,
    "qamar-javed-bajwa": 2,
    "shah-mahmood-qureshi": 3,  # شاہ محمود قریشی twice, شاہ محمود نے once
    "pakistan-russia-intergovernmental-commission": 2,
    "pakistan-stream-gas-pipeline": 4,  # پاکستان سٹریم، سٹریم، نارتھ سائوتھ، نارتھ ساؤتھ
    "vladimir-putin": 1,
    "sputnik-v": 2,
    "iran-pakistan-india-gas-pipeline": 1,
    "pakistan-steel-mills": 1,
    "pakistan-russia-lng-agreement-2017": 1,
}

#: Phrases in the article that look like names but are not entries (or not these).
NEAR_MISSES = [
    "روس",
    "روسی",
    "وزیر خارجہ",
    "روسی وزیر خارجہ",
    "روسی وزیرخارجہ",
    "وزیراعظم",
    "وزیر اعظم",
    "روسی صدر",
    "آرمی چیف",
    "جنرل",
    "پاکستان",
    "پاک روس",
    "افغانستان",
    "سپتنک",
    "گیس پائپ لائن",
    "پائپ لائن",
    "ایل این جی",
    "نیوکلیئرانرجی",
    "کورونا ویکسین",
    "جی ایچ کیو",
    "ماسکو",
]


@pytest.fixture(scope="module")
def entries():
    settings = read_settings(override={"PATH": str(ROOT / "content"), "DEFAULT_LANG": "ur"})
    fill_defaults(settings)
    found, problems = load_entries(settings)
    problems += validate_entries(found, settings["GLOSSARY_KINDS"])
    assert [str(p) for p in problems] == []
    return {e.slug: e for e in found}


def run(entries, mode="first", bind=LNG_BIND):
    site = Matcher((name, e.slug) for e in entries.values() for name in e.names)
    article = SimpleNamespace(metadata={"glossary_bind": bind} if bind else {}, source_path=None)
    rules, problems = article_rules(article, entries)
    assert problems == []
    matchers = [Matcher(rules.binds, priority=0), site] if rules.binds else [site]
    body = f"<h1>{html.escape(ARTICLE.title)}</h1><p>{html.escape(TEXT, quote=False)}</p>"
    result = link_html(body, matchers, {s: f"/g/{s}/" for s in entries}, mode)
    return result, _links_with_offsets(result.html)


def _links_with_offsets(page: str) -> list[tuple[str, int, str]]:
    """(slug, offset in the article text, link text), read back independently."""
    paragraph = LexborHTMLParser(page).css_first("p")
    found, offset = [], 0
    node = paragraph.child
    while node is not None:
        text = node.text(deep=True, separator="")
        if node.tag == "a":
            found.append((node.attributes["data-entry"], offset, text))
        offset += len(text)
        node = node.next
    return found


def test_every_entry_is_linked_once_at_its_first_mention(entries) -> None:
    result, links = run(entries)
    expected = sorted((slug, TEXT.index(phrase), phrase) for slug, phrase in FIRST_MENTIONS.items())
    assert sorted(links) == expected
    assert [m.key for m in result.mentions] == [s for s, _, _ in sorted(links, key=lambda x: x[1])]
    for slug in FIRST_MENTIONS:
        assert result.html.count(f'id="mention-{slug}"') == 1


def test_every_mention_in_all_mode(entries) -> None:
    _, links = run(entries, mode="all")
    counts = {slug: sum(1 for s, _, _ in links if s == slug) for slug in ALL_MENTIONS}
    assert counts == ALL_MENTIONS
    assert len(links) == sum(ALL_MENTIONS.values())


def test_both_spellings_of_south_link_to_the_pipeline(entries) -> None:
    _, links = run(entries, mode="all")
    texts = {t for s, _, t in links if s == "pakistan-stream-gas-pipeline"}
    assert "نارتھ سائوتھ گیس پائپ لائن" in texts
    assert "نارتھ ساؤتھ گیس پائپ لائن" in texts


@pytest.mark.parametrize("phrase", NEAR_MISSES)
def test_near_misses_are_not_links(entries, phrase: str) -> None:
    assert phrase in TEXT  # the near miss really is in the article
    _, links = run(entries, mode="all")
    assert all(fold(text) != fold(phrase) for _, _, text in links)


def test_headline_is_not_linked(entries) -> None:
    assert "سرگئی لاروف" in ARTICLE.title  # the headline names an entry
    result, _ = run(entries)
    assert "glossary-link" not in result.html.split("</h1>")[0]


def test_lng_agreement_needs_the_article_binding(entries) -> None:
    _, links = run(entries, bind=None)
    assert "pakistan-russia-lng-agreement-2017" not in {s for s, _, _ in links}
