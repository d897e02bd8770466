"""Shared test helpers: small matchers and a link function with readable hrefs."""

from __future__ import annotations

from khabarnama.glossary.linker import LinkResult, link_html
from khabarnama.glossary.matcher import Matcher


def matcher(**names: str | list[str]) -> Matcher:
    """matcher(lavrov=["سرگئی لاروف", "لاروف"]) -> a Matcher keyed by slug."""
    pairs = []
    for slug, value in names.items():
        for name in [value] if isinstance(value, str) else value:
            pairs.append((name, slug.replace("_", "-")))
    return Matcher(pairs)


def link(body: str, m: Matcher, mode: str = "first", **kw) -> LinkResult:
    hrefs = _Hrefs()
    return link_html(body, [m], hrefs, mode, **kw)


class _Hrefs(dict):
    def __missing__(self, slug: str) -> str:
        return f"/g/{slug}/"


def linked_texts(result: LinkResult) -> list[tuple[str, str]]:
    """(slug, text) of every link in the output, read back with an HTML parser."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(result.html)
    return [(a.attributes["data-entry"], a.text(separator="")) for a in tree.css("a.glossary-link")]
