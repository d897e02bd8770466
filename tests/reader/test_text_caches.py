"""The word counts (related) and plain and folded text (search) kept between builds.

Each is keyed by exactly the input it was made from: an edited article must
get new counts and new text, whatever the cache holds, and the TF-IDF
vectors made from cached counts must be the very floats the plain formula
gives (related lists compare similarities, so one ulp could reorder them).
"""

from __future__ import annotations

import math
import random
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import pytest

from khabarnama.glossary.normalize import fold
from khabarnama.glossary.urls import new_build, url_of
from khabarnama.related.words import TextIndex, WordCounts, article_counts
from khabarnama.search.records import html_text
from khabarnama.search.textcache import folded_text, html_texts

WORDS = "روس پاکستان تجارت گیس پائپ لائن معاہدہ وزیر خارجہ ماسکو اسلام آباد ویکسین".split()


def cache_settings(tmp_path: Path) -> dict[str, object]:
    return {"CACHE_PATH": str(tmp_path), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}


def article(title: str, body: str) -> SimpleNamespace:
    return SimpleNamespace(title=title, _content=f"<p>{body}</p>")


def test_word_counts_follow_the_articles_html(tmp_path: Path) -> None:
    story = article("روس", "پاکستان اور روس کی تجارت")
    counts = WordCounts(cache_settings(tmp_path))
    assert counts(story) == article_counts(story)
    counts.save()

    story._content = "<p>گیس پائپ لائن کا معاہدہ</p>"  # edited since
    again = WordCounts(cache_settings(tmp_path))
    assert again(story) == article_counts(story)
    assert "معاہدہ" in again(story)
    story.title = "ماسکو"
    assert "ماسکو" in WordCounts(cache_settings(tmp_path))(story)


@pytest.mark.parametrize("damage", [b"", b"\x00garbage", b"0" * 64 + b"\nnot a pickle"])
def test_a_damaged_word_cache_is_an_empty_one(tmp_path: Path, damage: bytes) -> None:
    story = article("روس", "پاکستان اور روس")
    counts = WordCounts(cache_settings(tmp_path))
    counts(story)
    counts.save()
    (tmp_path / "related" / "words.pickle").write_bytes(damage)
    assert WordCounts(cache_settings(tmp_path))(story) == article_counts(story)


def reference_vectors(articles: list[SimpleNamespace], terms: int = 25) -> list[dict]:
    """TF-IDF as first written: the formula per word and article, sorted in full."""
    counts = [Counter(article_counts(a)) for a in articles]
    documents = Counter(word for count in counts for word in count)
    n = len(articles)
    vectors = []
    for count in counts:
        weights = {
            word: (1 + math.log(tf)) * math.log((1 + n) / (1 + documents[word]))
            for word, tf in count.items()
        }
        top = sorted(((w, word) for word, w in weights.items() if w > 0), reverse=True)[:terms]
        norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
        vectors.append({word: w / norm for w, word in top})
    return vectors


@pytest.mark.parametrize("seed", range(10))
def test_vectors_from_cached_counts_are_the_formulas_floats(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    articles = [
        article(rng.choice(WORDS), " ".join(rng.choices(WORDS, k=rng.randint(0, 40))))
        for _ in range(rng.randint(1, 40))
    ]
    terms = rng.choice([1, 3, 25])
    expected = [list(v.items()) for v in reference_vectors(articles, terms)]
    assert [list(v.items()) for v in TextIndex(articles, terms).vectors] == expected
    counts = WordCounts(cache_settings(tmp_path))
    TextIndex(articles, terms, counts_of=counts)
    counts.save()
    cached = TextIndex(articles, terms, counts_of=WordCounts(cache_settings(tmp_path)))
    assert [list(v.items()) for v in cached.vectors] == expected


def test_search_text_follows_the_html(tmp_path: Path) -> None:
    texts = html_texts(cache_settings(tmp_path))
    first = "<p>روس اور <b>پاکستان</b></p>"
    assert texts(first) == html_text(first)
    texts.save()
    again = html_texts(cache_settings(tmp_path))
    edited = "<p>روس اور <b>ماسکو</b></p>"
    assert again(edited) == html_text(edited) != html_text(first)
    assert again(first) == html_text(first)
    assert again("") == "" and again(None) == ""


def test_folded_text_follows_the_text(tmp_path: Path) -> None:
    folds = folded_text(cache_settings(tmp_path))
    assert folds("كراچي") == fold("كراچي") == "کراچی"
    folds.save()
    (tmp_path / "search" / "folded.pickle").write_bytes(b"broken")
    again = folded_text(cache_settings(tmp_path))
    assert again("يورپ") == fold("يورپ")


def test_a_url_is_kept_for_one_build_only() -> None:
    class Page:
        def __init__(self) -> None:
            self.slug = "a"

        @property
        def url(self) -> str:
            return f"2021/{self.slug}/"

    page = Page()
    assert url_of(page) == "2021/a/"
    page.slug = "b"
    assert url_of(page) == "2021/a/"  # the same build: computed once
    new_build()
    assert url_of(page) == "2021/b/"
