"""Related reading: ranking by shared glossary entries, then tags, then recency."""

from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace

import pytest

from khabarnama.related.related import Related, RelatedArticles, rank_related
from tests.reader.conftest import ReaderSite
from tests.support import ARTICLE_PAGE, parse


def related_of(site: ReaderSite, page: str) -> list[tuple[str, str]]:
    section = parse(site.output / page).css_first("section.related")
    if section is None:
        return []
    return [
        (li.css_first("a").attributes["href"], li.css_first("time").text())
        for li in section.css("li")
    ]


def test_article_lists_three_related_in_rank_order(reader_site: ReaderSite) -> None:
    base = reader_site.url
    assert related_of(reader_site, str(ARTICLE_PAGE)) == [
        # two shared entries (Lavrov, Putin), one shared tag
        (f"{base}/2021/putin-lavrov-talks-2021/", "1 مئی 2021"),
        # one shared entry (Lavrov): beats any number of shared tags
        (f"{base}/2021/lavrov-energy-2021/", "1 مارچ 2021"),
        # no entry, two tags, newer than the other article with the same two tags
        (f"{base}/2021/russia-pakistan-ties-2021/", "1 جون 2021"),
    ]


def test_related_section_is_urdu(reader_site: ReaderSite) -> None:
    section = parse(reader_site.output / ARTICLE_PAGE).css_first("section.related")
    assert section.css_first("h2").text() == "متعلقہ خبریں"
    titles = [a.text() for a in section.css("a")]
    assert titles[0] == "ماسکو میں پوٹن اور لاروف کی ملاقات"


def test_nothing_related_shows_nothing(reader_site: ReaderSite) -> None:
    tree = parse(reader_site.output / "2021/weather-report-2021/index.html")
    assert tree.css_first("section.related") is None
    assert "متعلقہ خبریں" not in tree.html


def fake(slug: str, day: int, entries: list[str], tags: list[str], lang: str = "ur"):
    return SimpleNamespace(
        slug=slug,
        lang=lang,
        date=dt.datetime(2021, 1, day),
        glossary_mentions=[SimpleNamespace(slug=e) for e in entries],
        tags=[SimpleNamespace(slug=t) for t in tags],
    )


def test_ranking_rules() -> None:
    me = fake("me", 1, ["a", "b"], ["x", "y"])
    others = [
        fake("old-two-entries", 2, ["a", "b"], []),
        fake("new-one-entry-two-tags", 28, ["a"], ["x", "y"]),
        fake("one-entry-one-tag", 20, ["b"], ["x"]),
        fake("newest-tags-only", 30, [], ["x", "y"]),
        fake("unrelated-newest", 31, ["z"], ["w"]),
        fake("english", 25, ["a", "b"], ["x"], lang="en"),
    ]
    ranked = [a.slug for a in rank_related(me, [me, *others], limit=10)]
    assert ranked == [
        "old-two-entries",
        "new-one-entry-two-tags",
        "one-entry-one-tag",
        "newest-tags-only",
    ]
    assert [a.slug for a in rank_related(me, others, limit=2)] == ranked[:2]
    assert "english" in [a.slug for a in rank_related(me, others, limit=10, same_lang=False)]


def test_recency_breaks_ties() -> None:
    me = fake("me", 1, ["a"], [])
    older, newer = fake("older", 5, ["a"], []), fake("newer", 9, ["a"], [])
    assert [a.slug for a in rank_related(me, [older, newer], limit=3)] == ["newer", "older"]


def pairwise(article, candidates, limit: int, same_lang: bool = True) -> list:
    """The ranking by definition: every candidate scored against ``article``."""
    entries = {e.slug for e in article.glossary_mentions}
    tags = {t.slug for t in article.tags}
    scored = []
    for other in candidates:
        if other is article or (same_lang and other.lang != article.lang):
            continue
        shared_entries = len(entries & {e.slug for e in other.glossary_mentions})
        shared_tags = len(tags & {t.slug for t in other.tags})
        if shared_entries or shared_tags:
            scored.append(((shared_entries, shared_tags, other.date), other.slug, other))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [other for _, _, other in scored[:limit]]


@pytest.mark.parametrize("seed", range(20))
def test_index_ranks_as_pairwise_scoring(seed: int) -> None:
    """The entry and tag indexes find what comparing every pair finds, in order."""
    rng = random.Random(seed)
    entries, tags = [f"e{i}" for i in range(rng.randint(1, 12))], ["x", "y", "z", "w"]
    articles = [
        fake(
            f"a{i:03d}",
            rng.randint(1, 28),  # many equal dates: the slug decides
            rng.sample(entries, rng.randint(0, min(3, len(entries)))),
            rng.sample(tags, rng.randint(0, 3)),
            lang=rng.choice(["ur", "ur", "en"]),
        )
        for i in range(rng.randint(0, 60))
    ]
    rng.shuffle(articles)
    for article in articles:
        for limit in (0, 1, 3, 7):
            for same_lang in (True, False):
                expected = pairwise(article, articles, limit, same_lang)
                assert rank_related(article, articles, limit, same_lang) == expected


def test_related_articles_are_ranked_when_read() -> None:
    """Attached before the glossary links articles, ranked with its mentions all the same."""
    me, other = fake("me", 1, [], []), fake("other", 2, [], [])
    related = Related([me, other], limit=3, same_lang=True)
    me.related_articles = RelatedArticles(related, me)
    me.glossary_mentions = other.glossary_mentions = [SimpleNamespace(slug="a")]  # linked later
    assert list(me.related_articles) == [other]
    assert me.related_articles == [other] and len(me.related_articles) == 1


def report(slug: str, day: int, tags: list[str], text: str, title: str = ""):
    article = fake(slug, day, [], tags)
    article._content = f"<p>{text}</p>"
    article.title = title
    return article


PIPELINE = (
    "کراچی میں پاکستان اسٹریم گیس پائپ لائن کے معاہدے پر دستخط ہو گئے۔ "
    "گیارہ سو کلومیٹر طویل پائپ لائن کراچی سے لاہور تک مائع قدرتی گیس پہنچائے گی، "
    "اور اس کی تعمیر اگلے سال شروع ہوگی۔"
)
PIPELINE_AGAIN = (
    "پاکستان اسٹریم گیس پائپ لائن: کراچی میں معاہدے پر دستخط۔ کراچی سے لاہور تک گیارہ سو "
    "کلومیٹر پائپ لائن سے مائع قدرتی گیس آئے گی؛ تعمیر اگلے سال شروع ہونے کی توقع ہے۔"
)
OTHERS = [
    "قومی کرکٹ ٹیم نے راولپنڈی ٹیسٹ میں جنوبی افریقہ کو آٹھ وکٹوں سے شکست دے دی۔",
    "محکمہ موسمیات نے پنجاب اور خیبر پختونخوا میں شدید بارشوں کی پیش گوئی کی ہے۔",
    "وفاقی کابینہ نے نئے بجٹ میں تنخواہوں میں دس فیصد اضافے کی منظوری دے دی۔",
    "اسٹیٹ بینک نے شرح سود میں کوئی تبدیلی نہ کرنے کا فیصلہ کیا ہے۔",
]


def test_near_identical_reports_are_related_before_newer_stories_sharing_a_broad_tag() -> None:
    first = report("pipeline", 1, ["pakistan"], PIPELINE)
    # The same event, reported again with another tag and other words around it.
    again = report("pipeline-again", 2, ["energy"], PIPELINE_AGAIN)
    newer = [report(f"other-{i}", 10 + i, ["pakistan"], text) for i, text in enumerate(OTHERS)]
    articles = [first, again, *newer]
    assert rank_related(first, articles, limit=3)[0].slug == "pipeline-again"
    assert [a.slug for a in rank_related(again, articles, limit=3)] == ["pipeline"]
    # Stories that share only the broad tag and no wording still fall back to it.
    assert len(rank_related(newer[0], articles, limit=3)) == 3


def test_different_stories_are_not_related_by_words_alone() -> None:
    stories = [report(f"s{i}", i + 1, [], text) for i, text in enumerate([PIPELINE, *OTHERS])]
    for story in stories:
        assert rank_related(story, stories, limit=3) == []
