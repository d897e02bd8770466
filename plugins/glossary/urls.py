"""An article's URL, computed once per build instead of on every access.

Pelican's ``Content.url`` is a property that expands the URL settings and the
source path on each read (about 40 µs), and a 1,000-article site asks for the
same article's URL thousands of times: each glossary mention, each JSON-LD
reference, each search record. Once every generator has its context nothing
changes a URL any more, so the first answer is kept on the object, tagged
with the build it belongs to: Pelican's reader cache pickles content objects,
and a URL kept from an earlier build (other settings) must never be reused.
"""

from __future__ import annotations

import contextlib
from typing import Any

from pelican.generators import ArticlesGenerator, PagesGenerator

__all__ = ["freeze_urls", "new_build", "url_of"]

_ATTR = "_khabarnama_url"
#: Identity of the current build; an unpickled copy is never this object.
_build: list[object] = [object()]


def new_build() -> None:
    """Forget every URL kept so far (called when a build starts)."""
    _build[0] = object()


def url_of(content: Any) -> str:
    """``content.url``, read once per build and object."""
    known = getattr(content, "__dict__", {}).get(_ATTR)
    if known is not None and known[0] is _build[0]:
        return known[1]
    url = content.url
    with contextlib.suppress(AttributeError, TypeError):
        content.__dict__[_ATTR] = (_build[0], url)
    return url


#: Where Pelican's generators keep their content objects.
_LISTS = (
    *("articles", "hidden_articles", "drafts", "drafts_translations"),
    *("pages", "hidden_pages", "draft_pages", "draft_translations"),
    *("translations", "hidden_translations"),
)


def freeze_urls(generators: list[Any]) -> None:
    """Every article's and page's ``url``, expanded once for the templates.

    A page that lists articles (related reading, tag and index pages, glossary
    entries) reads each one's ``url``; at 10,000 articles that is 400,000
    expansions, about 10 s. ``Content.url`` returns ``override_url`` when the
    object has one (Pelican's own attribute for a URL given in the metadata),
    so setting it to the URL the settings give changes no link. It is set
    once every generator has its context (nothing changes a URL after that)
    and after Pelican has pickled its reader cache, so no later build sees it.
    """
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator | PagesGenerator):
            continue
        for name in _LISTS:
            for content in getattr(generator, name, None) or ():
                if not hasattr(content, "override_url"):
                    with contextlib.suppress(AttributeError, TypeError):
                        content.override_url = content.url
