"""The reference text the tests read: the site's first article, from content/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.reference_text import ARTICLE_SOURCE, ROOT, read_article, reference_article

BODY = "پہلا جملہ۔ دوسرا\nجملہ؟\n\nتیسرا جملہ۔\n"


def test_the_reference_is_the_first_article_in_content() -> None:
    article = reference_article()
    assert article.source == ARTICLE_SOURCE
    assert ARTICLE_SOURCE.is_relative_to(ROOT / "content")
    assert article.metadata["slug"] == "lavrov-pakistan-visit-2021"
    assert article.metadata["lang"] == "ur"
    assert article.title.startswith("روسی وزیر خارجہ سرگئی لاروف")


def test_paragraphs_are_plain_sentences_broken_only_at_sentence_ends() -> None:
    article = reference_article()
    assert len(article.paragraphs) >= 8
    assert all(p == p.strip() and "\n" not in p for p in article.paragraphs)
    assert all(p.endswith(("۔", "؟")) for p in article.paragraphs)
    assert article.text == "\n\n".join(article.paragraphs)
    assert len(article.sentences) > len(article.paragraphs)
    assert re.sub(r"\s", "", "".join(article.sentences)) == re.sub(r"\s", "", article.text)


def test_read_article_joins_soft_wrapped_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"Title: عنوان\nSlug: a\n\n{BODY}", encoding="utf-8")
    article = read_article(path)
    assert article.title == "عنوان" and dict(article.metadata) == {"title": "عنوان", "slug": "a"}
    assert article.paragraphs == ("پہلا جملہ۔ دوسرا جملہ؟", "تیسرا جملہ۔")
    assert article.sentences == ["پہلا جملہ۔", "دوسرا جملہ؟", "تیسرا جملہ۔"]


@pytest.mark.parametrize("body", ["ایک [ربط](/x) ہے۔", "# سرخی", "*زور*", "ایک <b>لفظ</b>۔"])
def test_read_article_refuses_markup_it_would_pass_on_as_text(tmp_path: Path, body: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"Title: t\n\n{body}\n", encoding="utf-8")
    with pytest.raises(ValueError, match="markup"):
        read_article(path)
