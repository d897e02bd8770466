"""schema.org JSON-LD for articles and glossary entries, and a safe serialiser.

Templates build nothing by hand: ``glossary_jsonld(article_or_entry, SITEURL)``
returns a plain dict and ``|jsonld`` turns it into text that is valid JSON and
cannot end the ``<script>`` element it sits in. URLs are ``SITEURL + "/" +
url``, the same as the page's own links: absolute when SITEURL is absolute
(``make publish``), relative to the page otherwise (JSON-LD resolves relative
IRIs against the document, so they still point at the right place).
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from markupsafe import Markup

from .urls import url_of

__all__ = ["article_jsonld", "entry_jsonld", "jsonld", "script_json", "thing"]

CONTEXT = "https://schema.org"

# JSON allows these raw inside strings; HTML does not let "</script" or "<!--"
# through, and U+2028/U+2029 break older JavaScript parsers of the same text.
# str.replace per character, not str.translate: translate looks every
# character up in a dict, 0.1 s a build over the site's Urdu JSON-LD
_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def _join(siteurl: str, url: str) -> str:
    return f"{siteurl}/{url}"


def thing(entry: Any, siteurl: str) -> dict[str, Any]:
    """An entry as a schema.org ``Person`` or ``Thing`` (the kind's ``schema``)."""
    data: dict[str, Any] = {
        "@type": entry.schema_type or "Thing",
        "name": entry.title,
        "alternateName": entry.urdu,
        "description": entry.summary_text,
        "url": _join(siteurl, entry.url),
    }
    same_as = [u for u in (entry.wikidata_url, entry.website) if u]
    if same_as:
        data["sameAs"] = same_as
    return data


def _article_ref(article: Any, siteurl: str) -> dict[str, Any]:
    """An article as ``NewsArticle``; made once per article and SITEURL in a build.

    Every entry page lists the articles mentioning it, so the same article is
    described on many pages (Pelican computes ``url`` anew on each access).
    """
    known = getattr(article, "__dict__", {}).get("_glossary_ref")
    if known is not None and known[0] == siteurl:
        return dict(known[1])
    data = _make_article_ref(article, siteurl)
    with contextlib.suppress(AttributeError, TypeError):
        article.__dict__["_glossary_ref"] = (siteurl, data)
    return dict(data)


def _make_article_ref(article: Any, siteurl: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@type": "NewsArticle",
        "headline": " ".join(str(article.title).split()),  # a title is text, not HTML
        "datePublished": article.date.isoformat(),
        "inLanguage": article.lang,
        "url": _join(siteurl, url_of(article)),
    }
    modified = getattr(article, "modified", None)
    if modified:
        data["dateModified"] = modified.isoformat()
    return data


def article_jsonld(article: Any, siteurl: str) -> dict[str, Any]:
    """``NewsArticle`` with every glossary entry it mentions, in order of mention."""
    data = {"@context": CONTEXT, **_article_ref(article, siteurl)}
    mentions = getattr(article, "glossary_mentions", None) or []
    if mentions:
        data["mentions"] = [thing(e, siteurl) for e in mentions]
    return data


def entry_jsonld(entry: Any, siteurl: str) -> dict[str, Any]:
    """The entry's ``Person``/``Thing``; ``subjectOf`` lists the articles mentioning it."""
    data = {"@context": CONTEXT, **thing(entry, siteurl)}
    if entry.mentioned_in:
        data["subjectOf"] = [_article_ref(m.article, siteurl) for m in entry.mentioned_in]
    return data


def jsonld(obj: Any, siteurl: str) -> dict[str, Any]:
    """Template entry point: an entry (it has ``urdu``) or an article."""
    if hasattr(obj, "urdu") and hasattr(obj, "mentioned_in"):
        return entry_jsonld(obj, siteurl)
    return article_jsonld(obj, siteurl)


def script_json(data: Any) -> Markup:
    """Compact JSON for a ``<script type="application/ld+json">``: Urdu kept
    readable, no indentation (it is for machines, and it is on every page)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for character, escape in _ESCAPES:
        text = text.replace(character, escape)
    return Markup(text)
