"""What a reader gets from the built fixture site: languages, directions, words."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from selectolax.lexbor import LexborHTMLParser

from khabarnama.localize.catalogue import CATALOGUE
from tests.reference_text import reference_article
from tests.support import (
    ARTICLE_PAGE,
    LATIN_LETTERS,
    RTL_LANGS,
    build_site,
    effective_lang,
    html_pages,
    make_content,
    parse,
    text_nodes,
    urdu_words,
)

EXPECTED_PAGES = [
    "404.html",
    "index.html",
    "archives/index.html",
    "tags/index.html",
    "tag/russia/index.html",
    "tag/pakistan/index.html",
    "en/about/index.html",
    str(ARTICLE_PAGE),
    "2021/pakistan-russia-trade-2021/index.html",
]


def test_every_expected_page_is_built(site: Path) -> None:
    built = {str(p.relative_to(site)) for p in html_pages(site)}
    missing = [page for page in EXPECTED_PAGES if page not in built]
    assert not missing, f"pages not built: {missing}"


@pytest.mark.parametrize(
    ("page", "lang", "direction"),
    [
        (str(ARTICLE_PAGE), "ur", "rtl"),
        ("index.html", "ur", "rtl"),
        ("archives/index.html", "ur", "rtl"),
        ("tags/index.html", "ur", "rtl"),
        ("tag/russia/index.html", "ur", "rtl"),
        ("404.html", "ur", "rtl"),
        ("en/about/index.html", "en", "ltr"),
    ],
)
def test_html_element_carries_page_language(
    site: Path, page: str, lang: str, direction: str
) -> None:
    root = parse(site / page).css_first("html")
    assert root.attributes.get("lang") == lang
    assert root.attributes.get("dir") == direction


def test_every_language_switch_carries_lang_and_dir(site: Path) -> None:
    """An element whose language differs from its parent's says so, with dir."""
    problems = []
    for page in html_pages(site):
        tree = parse(page)
        for node in tree.root.traverse():
            lang = node.attributes.get("lang")
            if lang is None or node.tag == "html":
                continue
            parent_lang = effective_lang(node.parent)
            if lang.split("-")[0] == parent_lang.split("-")[0]:
                continue
            want = "rtl" if lang.split("-")[0] in RTL_LANGS else "ltr"
            if node.attributes.get("dir") != want and node.tag != "bdi":
                problems.append(
                    f"{page.relative_to(site)}: <{node.tag} lang={lang}> lacks dir={want}"
                )
            if node.tag == "bdi" and node.attributes.get("dir") not in (want, None):
                problems.append(f"{page.relative_to(site)}: <bdi lang={lang}> has wrong dir")
    assert not problems, "\n".join(problems)


def test_english_page_marks_its_urdu_run(site: Path) -> None:
    tree = parse(site / "en/about/index.html")
    spans = [n for n in tree.css("[lang=ur]") if "سرگئی لاروف" in n.text()]
    assert spans and spans[0].attributes.get("dir") == "rtl"


CODE_TAGS = {"code", "pre", "kbd", "samp"}


def inside(node, tags: set[str]) -> bool:
    """Is the node within one of ``tags`` (code is neither Urdu nor English)?"""
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.tag in tags:
            return True
        ancestor = ancestor.parent
    return False


def test_urdu_pages_show_no_english_interface_word(site: Path) -> None:
    """Every visible text node in Urdu context is free of Latin letters."""
    offenders = []
    for page in html_pages(site):
        tree = parse(page)
        for node in text_nodes(tree.root):
            if effective_lang(node) != "ur" or inside(node, CODE_TAGS):
                continue
            for word in LATIN_LETTERS.findall(node.text_content):
                offenders.append(f"{page.relative_to(site)}: {word!r}")
        for attr in ("aria-label", "alt", "placeholder"):
            for node in tree.css(f"[{attr}]"):
                if effective_lang(node) == "ur" and LATIN_LETTERS.search(node.attributes[attr]):
                    offenders.append(f"{page.relative_to(site)}: {attr}={node.attributes[attr]!r}")
        title = tree.css_first("title")
        if effective_lang(title) == "ur" and LATIN_LETTERS.search(title.text()):
            offenders.append(f"{page.relative_to(site)}: <title> {title.text()!r}")
    assert not offenders, "\n".join(offenders)


def test_english_page_uses_english_interface(site: Path) -> None:
    tree = parse(site / "en/about/index.html")
    nav_words = [a.text() for a in tree.css("nav a")]
    assert CATALOGUE["en"]["home"] in nav_words
    assert CATALOGUE["en"]["archives"] in nav_words
    assert not any(CATALOGUE["ur"]["home"] == word for word in nav_words)


def test_article_date_is_urdu_from_cldr(site: Path) -> None:
    time = parse(site / ARTICLE_PAGE).css_first("article time")
    assert time.text().strip() == "8 اپریل 2021"
    assert time.attributes["datetime"].startswith("2021-04-08")


def test_urdu_digits_setting(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    build = build_site(content, tmp_path / "out", URDU_DIGITS=True)
    assert build.returncode == 0, build.log
    time = parse(build.output / ARTICLE_PAGE).css_first("article time")
    text = time.text().strip()
    assert text == "۸ اپریل ۲۰۲۱"
    # Urdu digits are U+06F0-U+06F9, never the Arabic-Indic U+0660-U+0669.
    assert not re.search("[\u0660-\u0669]", text)


def test_article_words_are_the_source_words(site: Path) -> None:
    """The page shows the article's headline and words as written, paragraph by paragraph."""
    article = reference_article()
    tree = parse(site / ARTICLE_PAGE)
    (headline,) = tree.css("h1")
    assert urdu_words(headline.text(deep=True)) == urdu_words(article.title)
    shown = [p.text(deep=True) for p in tree.css_first(".article-body").css("p")]
    assert [urdu_words(p) for p in shown] == [urdu_words(p) for p in article.paragraphs]


def test_article_is_split_into_paragraphs_at_sentence_ends(site: Path) -> None:
    body = parse(site / ARTICLE_PAGE).css_first(".article-body")
    paragraphs = [p.text(deep=True).strip() for p in body.css("p")]
    assert len(paragraphs) >= 8
    assert all(p.endswith("۔") for p in paragraphs)


def test_index_lists_newest_first_with_urdu_summaries(site: Path) -> None:
    """The front page: the newest story leads with its summary, then the latest."""
    tree = parse(site / "index.html")
    lead = tree.css_first("article.lead")
    titles = [lead.css_first("h2").text().strip()]
    titles += [a.text().strip() for a in tree.css(".latest .headline-list li > a")]
    assert titles[0] == "پاکستان اور روس کے درمیان تجارت میں اضافہ"  # 10 April
    assert titles[1].startswith("روسی وزیر خارجہ سرگئی لاروف")  # 8 April
    assert re.search("[\u0600-\u06ff]", lead.css_first(".summary-text").text())
    # Tag pages keep the plain list with every summary.
    summaries = parse(site / "tag/russia/index.html").css("article.summary")
    texts = [s.css_first(".summary-text").text() for s in summaries]
    assert len(texts) == 2 and all(re.search("[\u0600-\u06ff]", t) for t in texts)


def test_tag_pages_have_latin_urls_and_urdu_names(site: Path) -> None:
    tree = parse(site / "tag/russia/index.html")
    assert "روس" in tree.css_first("h1").text()
    links = {a.attributes["href"] for a in parse(site / ARTICLE_PAGE).css(".tag-list a")}
    assert "../../tag/foreign-policy/" in links


def test_pagination_is_urdu_with_isolated_numbers(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    build = build_site(content, tmp_path / "out", DEFAULT_PAGINATION=1)
    assert build.returncode == 0, build.log
    nav = parse(build.output / "index.html").css_first("nav.pagination")
    assert nav is not None
    assert CATALOGUE["ur"]["older"] in nav.text()
    numbers = [b.text() for b in nav.css("bdi")]
    assert numbers == ["1", "2"]
    assert (build.output / "page/2/index.html").exists()


def test_feed_declares_urdu_and_keeps_direction(published_site: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.parse(published_site / "feeds/all.atom.xml").getroot()
    assert root.attrib["{http://www.w3.org/XML/1998/namespace}lang"] == "ur"
    entries = root.findall(f"{atom}entry")
    assert len(entries) == 2
    for entry in entries:
        for field in ("content", "summary"):
            html = LexborHTMLParser(entry.find(f"{atom}{field}").text)
            wrapper = html.body.child
            assert wrapper.tag == "div"
            assert (wrapper.attributes["lang"], wrapper.attributes["dir"]) == ("ur", "rtl")
    assert any("سرگئی لاروف" in (e.find(f"{atom}content").text or "") for e in entries)


def test_published_site_uses_absolute_urls(published_site: Path) -> None:
    tree = parse(published_site / ARTICLE_PAGE)
    css = [link.attributes["href"] for link in tree.css("link[rel=stylesheet]")]
    assert all(href.startswith("https://khabarnama.example/") for href in css)


def test_no_request_to_any_third_party_host(published_site: Path) -> None:
    """Every URL a page loads is on the site itself."""
    foreign = []
    for page in html_pages(published_site):
        tree = parse(page)
        for node in tree.css("[src], link[href], script, iframe, img, video, audio, source"):
            url = node.attributes.get("src") or node.attributes.get("href") or ""
            if node.tag == "link" and node.attributes.get("rel") == "alternate":
                url = ""  # the feed is ours too, and is not loaded by the page
            if re.match(r"^(https?:)?//", url) and not url.startswith(
                "https://khabarnama.example/"
            ):
                foreign.append(f"{page.relative_to(published_site)}: {url}")
    for css in published_site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]*)\)", css.read_text(encoding="utf-8")):
            if re.match(r"^['\"]?(https?:)?//", url):
                foreign.append(f"{css.relative_to(published_site)}: {url}")
    assert not foreign, "\n".join(foreign)


def test_catalogue_languages_define_the_same_keys() -> None:
    assert set(CATALOGUE["ur"]) == set(CATALOGUE["en"])


def test_latin_runs_in_urdu_articles_are_isolated(site: Path) -> None:
    body = parse(site / "2021/pakistan-russia-trade-2021/index.html").css_first(".article-body")
    runs = {(b.text(), b.attributes.get("lang"), b.attributes.get("dir")) for b in body.css("bdi")}
    assert ("Sputnik V", "en", "ltr") in runs
    assert ("UN", "en", "ltr") in runs
    code = body.css_first("code")
    assert code.text() == "code" and code.css_first("bdi") is None


def test_english_pages_get_no_isolation_markup(site: Path) -> None:
    body = parse(site / "en/about/index.html").css_first(".page-body")
    assert body.css("bdi") == []


def test_numbered_pages_have_their_own_title_and_link_home(tmp_path: Path) -> None:
    build = build_site(make_content(tmp_path / "content"), tmp_path / "out", DEFAULT_PAGINATION=1)
    assert build.returncode == 0, build.log
    first, second = parse(build.output / "index.html"), parse(build.output / "page/2/index.html")
    assert first.css_first("title").text() != second.css_first("title").text()
    assert "2" in second.css_first("h1").text()
    assert second.css_first('a[rel="prev"]').attributes["href"] == "../../"
