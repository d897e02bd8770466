"""Open Graph, Twitter card, canonical and hreflang in the built pages."""

from __future__ import annotations

from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from tests.reader.conftest import ReaderSite
from tests.support import ARTICLE_PAGE, html_pages, parse

ARTICLE_TITLE = (
    "روسی وزیر خارجہ سرگئی لاروف کا دورۂ پاکستان: "
    "وزیراعظم، آرمی چیف اور شاہ محمود قریشی سے ملاقاتیں"
)


def meta(tree: LexborHTMLParser) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for node in tree.css("head meta[property], head meta[name]"):
        key = node.attributes.get("property") or node.attributes.get("name") or ""
        found.setdefault(key, []).append(node.attributes.get("content") or "")
    return found


def links(tree: LexborHTMLParser, rel: str) -> list[dict[str, str | None]]:
    return [n.attributes for n in tree.css(f"head link[rel={rel}]")]


def test_article_shares_urdu_title_and_description(reader_site: ReaderSite) -> None:
    tree = parse(reader_site.output / ARTICLE_PAGE)
    tags = meta(tree)
    url = f"{reader_site.url}/{ARTICLE_PAGE.parent}/"
    assert tags["og:type"] == ["article"]
    assert tags["og:locale"] == ["ur_PK"]
    assert tags["og:title"] == [ARTICLE_TITLE] == tags["twitter:title"]
    assert tags["og:description"][0].startswith("روس کے وزیر خارجہ سرگئی لاروف")
    assert tags["og:description"] == tags["twitter:description"] == tags["description"]
    assert tags["og:site_name"] == ["خبرنامہ"]
    assert tags["og:url"] == [url]
    # The article's share card (plugins/sharecard, tests/reader/test_sharecard.py).
    assert tags["twitter:card"] == ["summary_large_image"]
    assert tags["og:image"] == tags["twitter:image"]
    assert tags["og:image"][0].startswith(f"{reader_site.url}/cards/lavrov-pakistan-visit-2021-")
    assert tags["article:published_time"] == ["2021-04-08T09:00:00+05:00"]
    assert "روس" in tags["article:tag"]
    assert [link["href"] for link in links(tree, "canonical")] == [url]


def test_english_entry_has_english_locale(reader_site: ReaderSite) -> None:
    tree = parse(reader_site.output / "glossary/people/sergey-lavrov/index.html")
    tags = meta(tree)
    assert tags["og:locale"] == ["en_GB"]
    assert tags["og:type"] == ["website"]
    assert tags["og:title"] == ["Sergey Lavrov"]
    assert tags["og:description"][0].startswith("Russian diplomat")


def test_every_page_has_one_absolute_canonical_to_itself(reader_site: ReaderSite) -> None:
    problems = []
    for page in html_pages(reader_site.output):
        rel = page.relative_to(reader_site.output).as_posix()
        canonical = [link["href"] for link in links(parse(page), "canonical")]
        if rel == "404.html":
            if canonical:
                problems.append(f"{rel}: 404 page has a canonical URL")
            continue
        path = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        if canonical != [f"{reader_site.url}/{path}"]:
            problems.append(f"{rel}: canonical {canonical}")
    assert not problems, "\n".join(problems)


def test_no_hreflang_without_a_translation(reader_site: ReaderSite) -> None:
    offenders = []
    for page in html_pages(reader_site.output):
        tree = parse(page)
        if tree.css("head link[hreflang]") or "og:locale:alternate" in meta(tree):
            offenders.append(str(page.relative_to(reader_site.output)))
    assert not offenders, offenders


def test_translation_pair_links_both_ways(translation_site: ReaderSite) -> None:
    ur = f"{translation_site.url}/2021/federal-budget-2021/"
    en = f"{translation_site.url}/en/2021/federal-budget-2021/"
    for page, locale, other in (
        ("2021/federal-budget-2021/index.html", "ur_PK", "en_GB"),
        ("en/2021/federal-budget-2021/index.html", "en_GB", "ur_PK"),
    ):
        tree = parse(translation_site.output / page)
        alternates = {
            (a["hreflang"], a["href"]) for a in links(tree, "alternate") if a.get("hreflang")
        }
        assert alternates == {("ur", ur), ("en", en)}, page
        tags = meta(tree)
        assert tags["og:locale"] == [locale]
        assert tags["og:locale:alternate"] == [other]
    # The article without a translation in the same build has none.
    tree = parse(translation_site.output / "2021/pakistan-russia-trade-2021/index.html")
    assert not tree.css("head link[hreflang]")


def test_local_build_has_no_absolute_urls_but_keeps_sharing_text(site: Path) -> None:
    """A preview's relative SITEURL cannot make canonical URLs: none are written."""
    tree = parse(site / ARTICLE_PAGE)
    tags = meta(tree)
    assert not links(tree, "canonical")
    assert "og:url" not in tags
    assert tags["og:title"] == [ARTICLE_TITLE]
    assert tags["og:locale"] == ["ur_PK"]
