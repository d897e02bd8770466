"""The front matter each content type accepts: required and known fields.

One declarative table, documented field by field in CONTRIBUTING.md. A key
not listed for its type is an error with the nearest known key suggested, so
``Tag:`` (which Pelican would silently keep as unused metadata) is caught.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Field → one-line meaning (English; CONTRIBUTING.md has the Urdu).
FIELDS: dict[str, str] = {
    "title": "headline (articles, Urdu pages) or English name (glossary entries)",
    "slug": "the Latin URL name: lower-case letters, digits, hyphens; unique",
    "date": "publication time, YYYY-MM-DD or YYYY-MM-DD HH:MM (Pakistan time)",
    "modified": "time of the last real correction, same format as date",
    "summary": "one or two sentences shown in listings and previews",
    "tags": "topics, separated by the Urdu comma ، or a comma; each needs TAG_SLUGS",
    "lang": "ur or en; articles default to ur",
    "status": "published (default), draft (not listed, own URL) or hidden",
    "translation": "true if this file translates another with the same slug",
    "glossary_bind": "phrase = entry-slug; ... links a phrase in this article only",
    "glossary_ignore": "phrase; ... never linked in this article",
    "urdu": "the entry's canonical Urdu spelling",
    "aliases": "other Urdu spellings, separated by ، or a comma",
    "not": "longer names containing a name of this entry that must never link to it, ، or ,",
    "role": "what the person or project is (English)",
    "country": "country (English)",
    "wikidata": "Wikidata item id, e.g. Q7747",
    "website": "official http(s) address",
}


@dataclass(frozen=True)
class ContentType:
    name: str  # "article", "page", "entry"
    required: tuple[str, ...]
    known: tuple[str, ...]
    #: Required fields checked here; entries' are checked by the glossary plugin.
    check_required: bool = True
    #: Pages and articles must have some body text.
    needs_body: bool = True


ARTICLE = ContentType(
    "article",
    required=("title", "date", "slug", "summary"),
    known=(
        "title",
        "slug",
        "date",
        "modified",
        "summary",
        "tags",
        "lang",
        "status",
        "translation",
        "glossary_bind",
        "glossary_ignore",
    ),
)
PAGE = ContentType(
    "page",
    required=("title", "slug"),
    known=("title", "slug", "lang", "summary", "modified", "status", "translation"),
)
ENTRY = ContentType(
    "entry",
    required=("title", "urdu", "summary"),
    known=(
        "title",
        "slug",
        "urdu",
        "aliases",
        "not",
        "summary",
        "role",
        "country",
        "wikidata",
        "website",
    ),
    check_required=False,
    needs_body=False,
)
TYPES = {t.name: t for t in (ARTICLE, PAGE, ENTRY)}

STATUSES = ("published", "draft", "hidden")
BOOLEANS = {"true": True, "false": False, "yes": True, "no": False}
DATE_FIELDS = ("date", "modified")
