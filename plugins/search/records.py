"""What goes into the search index: one record per article and glossary entry.

Pagefind indexes the *folded* text (``glossary.normalize.fold``) so that a
query typed with Arabic-keyboard letters (ك ي ه) or with diacritics, folded
the same way in the browser, meets the same words. Readers never see folded
text: every record carries the original title, summary and dates as Pagefind
metadata, and the results show those.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from ..glossary.normalize import fold
from ..glossary.urls import url_of


@dataclass(frozen=True)
class Record:
    """One search result: where it lives, its language, its text, what to show."""

    path: str  # URL relative to the site root, e.g. "2021/slug/"
    kind: str  # "article" | "entry"
    lang: str
    text: str  # original text to index (folded when indexed)
    meta: dict[str, str] = field(default_factory=dict)

    def folded(self) -> str:
        return fold(self.text)


def html_text(html: str | None) -> str:
    """Visible text of an HTML fragment, blocks separated by spaces."""
    if not html:
        return ""
    tree = LexborHTMLParser(f"<body>{html}</body>")
    for node in tree.css("script, style, template"):
        node.decompose()
    body = tree.body
    return " ".join(body.text(separator=" ").split()) if body is not None else ""


DateFormatter = Callable[[dt.date, str], str]


def article_record(
    article: Any,
    languages: Iterable[str],
    date_text: DateFormatter,
    text_of: Callable[[str | None], str] = html_text,
) -> Record:
    """Title, tags, summary and body; dates pre-rendered for every interface language.

    Dates are rendered here, with the site's own CLDR formatter and digit
    setting, so a result reads exactly like the article's own date line.
    ``text_of`` is :func:`html_text` or a cache of it (parsing every body
    again on each build is most of what a record costs).
    """
    tags = [t.name for t in getattr(article, "tags", None) or []]
    summary = text_of(getattr(article, "summary", ""))
    title = " ".join(str(article.title).split())  # a title is text, not HTML
    url = url_of(article)
    meta = {
        "title": title,
        "kind": "article",
        "lang": article.lang,
        "path": url,
        "summary": summary,
        "date": article.date.isoformat(),
    }
    for lang in languages:
        meta[f"date_{lang}"] = date_text(article.date, lang)
    # the body before Pelican resolves its {filename} links: the same text,
    # without a regex pass over every article on every build (0.15 ms each)
    body = getattr(article, "_content", None) or ""
    text = " ".join([title, *tags, summary, text_of(body)])
    return Record(url, "article", article.lang, text, meta)


def entry_record(entry: Any) -> Record:
    """English name, Urdu name and aliases, summary, facts and body of a glossary entry."""
    names = [entry.title, entry.urdu, *(entry.aliases or [])]
    facts = [entry.role or "", entry.country or ""]
    meta = {
        "title": entry.title,
        "urdu": entry.urdu,
        "kind": "entry",
        "lang": entry.lang,
        "path": entry.url,
        "summary": entry.summary_text,
    }
    text = " ".join([*names, entry.summary_text, *facts, html_text(entry.content)])
    return Record(entry.url, "entry", entry.lang, text, meta)
