"""The glossary as readers get it: the fixture site built with the real theme.

`site` and `published_site` (tests/conftest.py) are the fixture site with the
real article and the real glossary, built as `make html` and `make publish`
do. `extra_site` adds a later article without ``Summary:`` and an entry that no
article mentions.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from khabarnama.glossary.jsonld import script_json
from khabarnama.localize.catalogue import CATALOGUE
from tests.support import (
    ARTICLE_PAGE,
    build_site,
    effective_lang,
    html_pages,
    make_content,
    parse,
)

#: Entries of the real article, in order of first mention (read from the text).
ORDER = [
    "sergey-lavrov",
    "imran-khan",
    "qamar-javed-bajwa",
    "shah-mahmood-qureshi",
    "pakistan-russia-intergovernmental-commission",
    "pakistan-stream-gas-pipeline",
    "vladimir-putin",
    "sputnik-v",
    "iran-pakistan-india-gas-pipeline",
    "pakistan-steel-mills",
    "pakistan-russia-lng-agreement-2017",
]
KIND = {slug: "people" for slug in [*ORDER[:4], "vladimir-putin"]}
KIND.update({slug: "projects" for slug in ORDER if slug not in KIND})

NO_SUMMARY = """Title: لاروف کا ماسکو میں بیان
Slug: lavrov-moscow-2021
Date: 2021-05-01 10:00
Tags: روس

سرگئی لاروف نے ماسکو میں کہا کہ پوٹن جلد پاکستان کا دورہ کریں گے۔

دونوں ملک تعاون بڑھائیں گے۔
"""

UNMENTIONED = """Title: Maria Zakharova
Urdu: ماریا زاخارووا
Summary: Russian diplomat, spokesperson of the Ministry of Foreign Affairs of Russia.
Role: Spokesperson of the Ministry of Foreign Affairs of Russia
Country: Russia

Maria Zakharova has been the ministry's spokesperson since 2015.
"""


@pytest.fixture(scope="module")
def extra_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("glossary-extra")
    content = make_content(base / "content")
    (content / "articles" / "lavrov-moscow-2021.md").write_text(NO_SUMMARY, encoding="utf-8")
    (content / "glossary" / "people" / "maria-zakharova.md").write_text(
        UNMENTIONED, encoding="utf-8"
    )
    # content_checks requires Summary: on our own articles; the glossary must
    # still cope with Pelican's automatic summaries, so build without it.
    build = build_site(
        content, base / "output", PLUGINS=["khabarnama.localize", "khabarnama.glossary"]
    )
    assert build.returncode == 0, build.log
    return build.output


def resolve(page: Path, href: str, output: Path) -> tuple[Path, str]:
    """The file a relative or site-absolute href points at, and its fragment."""
    base = "https://site.test/" + str(page.relative_to(output))
    url = urlparse(urljoin(base, href))
    path = output / url.path.lstrip("/")
    if url.path.endswith("/"):
        path = path / "index.html"
    return path, url.fragment


def slug_of(href: str) -> str:
    return href.rstrip("/").rsplit("/", 1)[-1]


def jsonld(page: Path) -> dict:
    scripts = parse(page).css('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].text())


# -- article page -----------------------------------------------------------


def test_panel_lists_mentions_in_order_with_both_names(site: Path) -> None:
    page = site / ARTICLE_PAGE
    tree = parse(page)
    panel = tree.css_first(".glossary-panel")
    assert panel is not None and panel.tag == "section"
    heading = panel.css_first("h2")
    assert heading.text() == CATALOGUE["ur"]["glossary_in_this_story"] == "اس خبر میں"
    assert effective_lang(heading) == "ur"
    links = panel.css("li a")
    assert [slug_of(a.attributes["href"]) for a in links] == ORDER
    for a in links:
        urdu = a.css_first('[lang="ur"]')
        english = a.css_first("bdi")
        assert urdu.attributes["dir"] == "rtl"
        assert (english.attributes["lang"], english.attributes["dir"]) == ("en", "ltr")
        target, _ = resolve(page, a.attributes["href"], site)
        entry = parse(target)
        assert entry.css_first("h1").text() == english.text()
        assert entry.css_first(".glossary-urdu-name").text() == urdu.text()


def test_panel_follows_the_body_and_is_not_linked(site: Path) -> None:
    tree = parse(site / ARTICLE_PAGE)
    assert not tree.css(".glossary-panel a.glossary-link")
    order = [n.attributes.get("class") for n in tree.css(".article > *")]
    assert order.index("article-body") < order.index("glossary-panel")


def test_every_link_has_its_popover(site: Path) -> None:
    tree = parse(site / ARTICLE_PAGE)
    links = tree.css(".article-body a.glossary-link")
    assert [a.attributes["data-entry"] for a in links if a.attributes.get("id")] == ORDER
    entries = {parse(p).css_first("h1").text(): p for p in (site / "glossary").rglob("*/*/*.html")}
    assert len(entries) == len(ORDER)
    for a in links:
        slug = a.attributes["data-entry"]
        assert a.attributes["aria-describedby"] == f"gloss-{slug}"
        popovers = tree.css(f'[id="gloss-{slug}"]')
        assert len(popovers) == 1
        pop = popovers[0]
        assert pop.attributes["class"] == "glossary-popover"
        assert (pop.attributes["lang"], pop.attributes["dir"]) == ("en", "ltr")
        assert "hidden" in pop.attributes, "without JavaScript a popover stays hidden"
        name = pop.css_first(".glossary-popover-name").text()
        assert name in entries
        entry = parse(entries[name])
        summary = entry.css_first(".glossary-summary").text().strip()
        assert pop.css_first(".glossary-popover-summary").text() == summary
        more = pop.css_first("a")
        assert more.attributes["href"] == a.attributes["href"], "explicit link for touch users"
        assert more.text() == CATALOGUE["en"]["glossary_entry_link"]


def test_no_title_attributes_and_unique_ids_on_every_page(site: Path) -> None:
    for page in html_pages(site):
        tree = parse(page)
        titled = [n.tag for n in tree.css("[title]") if n.tag != "link"]
        assert not titled, f"{page}: title= on {titled}"
        ids = [n.attributes["id"] for n in tree.css("[id]")]
        assert len(ids) == len(set(ids)), f"{page}: duplicate ids"
        for node in tree.css("[aria-describedby]"):
            for ref in node.attributes["aria-describedby"].split():
                assert ref in ids, f"{page}: aria-describedby={ref} names nothing"


def test_script_and_stylesheet_only_where_needed(site: Path) -> None:
    article = parse(site / ARTICLE_PAGE)
    script = article.css_first('script[src$="/js/glossary.js"]')
    assert script is not None and "defer" in script.attributes
    assert article.css_first('link[href$="/css/glossary.css"]') is not None
    for page in ("index.html", "glossary/index.html", "glossary/people/sergey-lavrov/index.html"):
        assert not parse(site / page).css('script[src$="/js/glossary.js"]'), page
    assert (site / "theme/js/glossary.js").exists()


def test_navigation_links_the_glossary(site: Path) -> None:
    for page, word in (("index.html", "ur"), ("glossary/index.html", "en")):
        nav = parse(site / page).css("nav.site-nav a")
        glossary = [a for a in nav if a.text() == CATALOGUE[word]["glossary"]]
        assert len(glossary) == 1, page
        target, _ = resolve(site / page, glossary[0].attributes["href"], site)
        assert target == site / "glossary/index.html"


# -- entry pages ------------------------------------------------------------


@pytest.mark.parametrize("slug", ORDER)
def test_entry_page_is_english_with_nastaliq_name(site: Path, slug: str) -> None:
    page = site / "glossary" / KIND[slug] / slug / "index.html"
    tree = parse(page)
    html = tree.css_first("html")
    assert (html.attributes["lang"], html.attributes["dir"]) == ("en", "ltr")
    urdu = tree.css_first(".glossary-urdu-name")
    assert (urdu.attributes["lang"], urdu.attributes["dir"]) == ("ur", "rtl")
    assert tree.css_first('link[rel="preload"][as="font"]') is not None, "Nastaliq preloaded"
    heading = tree.css_first("#glossary-mentioned-heading")
    assert heading.text() == CATALOGUE["en"]["glossary_mentioned_in"]
    mentions = tree.css(".glossary-mentions li")
    assert len(mentions) == 1
    a = mentions[0].css_first("a")
    assert (a.attributes["lang"], a.attributes["dir"]) == ("ur", "rtl")
    assert a.text() == parse(site / ARTICLE_PAGE).css_first("h1").text()
    assert mentions[0].css_first("time").text() == "8 April 2021"
    target, fragment = resolve(page, a.attributes["href"], site)
    assert target == site / ARTICLE_PAGE
    assert fragment == f"mention-{slug}"
    anchor = parse(target).css_first(f'[id="{fragment}"]')
    assert anchor is not None and anchor.attributes["data-entry"] == slug


def test_entry_facts_are_a_definition_list(site: Path) -> None:
    tree = parse(site / "glossary/people/vladimir-putin/index.html")
    facts = {
        dt.text(): dt.next.text() if dt.next.tag == "dd" else dt.next.next.text()
        for dt in tree.css(".glossary-facts dt")
    }
    assert facts["Role"] == "President of Russia"
    assert facts["Country"] == "Russia"
    assert facts["Wikidata"] == "Q7747"
    wikidata = tree.css_first(".glossary-facts dd a")
    assert wikidata.attributes["href"] == "https://www.wikidata.org/wiki/Q7747"
    aliases = tree.css('.glossary-facts dd [lang="ur"]')
    assert "پوٹن" in [a.text() for a in aliases]
    assert all(a.attributes["dir"] == "rtl" for a in aliases)


def test_mentioned_in_is_newest_first(extra_site: Path) -> None:
    page = extra_site / "glossary/people/sergey-lavrov/index.html"
    items = parse(page).css(".glossary-mentions li")
    assert [li.css_first("time").text() for li in items] == ["1 May 2021", "8 April 2021"]
    for li in items:
        target, fragment = resolve(page, li.css_first("a").attributes["href"], extra_site)
        assert parse(target).css_first(f'[id="{fragment}"]') is not None


def test_unmentioned_entry_says_so(extra_site: Path) -> None:
    tree = parse(extra_site / "glossary/people/maria-zakharova/index.html")
    assert tree.css_first(".glossary-mentions") is None
    assert tree.css_first(".glossary-empty").text() == "No story mentions Maria Zakharova yet."
    assert "subjectOf" not in jsonld(extra_site / "glossary/people/maria-zakharova/index.html")


# -- index ------------------------------------------------------------------


def test_index_groups_by_kind_a_to_z(site: Path) -> None:
    page = site / "glossary/index.html"
    tree = parse(page)
    html = tree.css_first("html")
    assert (html.attributes["lang"], html.attributes["dir"]) == ("en", "ltr")
    groups = tree.css("section.glossary-group")
    assert [g.css_first("h2").text() for g in groups] == ["People", "Projects"]
    seen = []
    for group, kind in zip(groups, ("people", "projects"), strict=True):
        names = [dt.css_first("a").text() for dt in group.css("dt")]
        assert names == sorted(names, key=str.casefold)
        for item in group.css(".glossary-item"):
            a = item.css_first("dt a")
            target, _ = resolve(page, a.attributes["href"], site)
            assert target.parent.parent.name == kind
            entry = parse(target)
            urdu = item.css_first('dt [lang="ur"]')
            assert urdu.attributes["dir"] == "rtl"
            assert urdu.text() == entry.css_first(".glossary-urdu-name").text()
            summary = entry.css_first(".glossary-summary").text().strip()
            assert item.css_first("dd").text() == summary
            seen.append(target.parent.name)
    assert sorted(seen) == sorted(ORDER)


def test_index_kind_labels_come_from_settings(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    kinds = {
        "projects": {"en": "Projects and plans", "ur": "منصوبے", "schema": "Thing"},
        "people": {"en": "Who is who", "ur": "شخصیات", "schema": "Person"},
    }
    build = build_site(content, tmp_path / "out", GLOSSARY_KINDS=kinds)
    assert build.returncode == 0, build.log
    tree = parse(build.output / "glossary/index.html")
    assert [h.text() for h in tree.css("section.glossary-group h2")] == [
        "Projects and plans",
        "Who is who",
    ]
    entry = parse(build.output / "glossary/people/imran-khan/index.html")
    assert entry.css_first(".glossary-kind a").text() == "Who is who"


# -- JSON-LD ----------------------------------------------------------------


def test_article_json_ld(published_site: Path) -> None:
    data = jsonld(published_site / ARTICLE_PAGE)
    title = parse(published_site / ARTICLE_PAGE).css_first("h1").text()
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == title
    assert data["datePublished"] == "2021-04-08T09:00:00+05:00"
    assert data["inLanguage"] == "ur"
    assert data["url"] == "https://khabarnama.example/2021/lavrov-pakistan-visit-2021/"
    mentions = data["mentions"]
    assert [slug_of(m["url"]) for m in mentions] == ORDER
    panel = parse(published_site / ARTICLE_PAGE).css(".glossary-panel li")
    for m, li in zip(mentions, panel, strict=True):
        slug = slug_of(m["url"])
        assert m["@type"] == ("Person" if KIND[slug] == "people" else "Thing")
        assert m["name"] == li.css_first("bdi").text()
        assert m["alternateName"] == li.css_first('[lang="ur"]').text()
        assert m["url"] == f"https://khabarnama.example/glossary/{KIND[slug]}/{slug}/"
    putin = mentions[ORDER.index("vladimir-putin")]
    assert putin["sameAs"] == ["https://www.wikidata.org/wiki/Q7747"]
    assert all("sameAs" not in m for m in mentions if m is not putin)


def test_entry_json_ld(published_site: Path) -> None:
    data = jsonld(published_site / "glossary/people/vladimir-putin/index.html")
    assert data["@type"] == "Person"
    assert data["name"] == "Vladimir Putin"
    assert data["alternateName"] == "ولادیمیر پوٹن"
    assert data["url"] == "https://khabarnama.example/glossary/people/vladimir-putin/"
    assert data["sameAs"] == ["https://www.wikidata.org/wiki/Q7747"]
    [article] = data["subjectOf"]
    assert article["@type"] == "NewsArticle"
    assert article["url"] == "https://khabarnama.example/2021/lavrov-pakistan-visit-2021/"
    assert jsonld(published_site / "glossary/projects/sputnik-v/index.html")["@type"] == "Thing"


def test_local_json_ld_urls_are_relative_to_the_page(site: Path) -> None:
    page = site / ARTICLE_PAGE
    data = jsonld(page)
    assert resolve(page, data["url"], site)[0] == page
    for m in data["mentions"]:
        assert resolve(page, m["url"], site)[0].exists()


def test_json_ld_cannot_close_its_script() -> None:
    data = {"name": "</script><script>alert(1)</script>", "x": "a & b <!-- \u2028"}
    text = str(script_json(data))
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == data
    assert "ماریا" in str(script_json({"n": "ماریا"})), "Urdu stays readable"


# -- listings ---------------------------------------------------------------


def test_automatic_summary_carries_no_glossary_markup(extra_site: Path) -> None:
    article = parse(extra_site / "2021/lavrov-moscow-2021/index.html")
    assert [a.attributes["data-entry"] for a in article.css("a.glossary-link")] == [
        "sergey-lavrov",
        "vladimir-putin",
    ]
    # Summaries are listed by the front page's lead story and by tag pages.
    listed = [extra_site / "index.html", *sorted(extra_site.glob("tag/*/index.html"))]
    summaries = {
        s.css_first("h2").text(): s.css_first(".summary-text")
        for page in listed
        for s in parse(page).css("article.summary, article.lead")
    }
    auto = summaries["لاروف کا ماسکو میں بیان"]
    assert "سرگئی لاروف" in auto.text() and "پوٹن" in auto.text()
    listings = [p for p in html_pages(extra_site) if p.parts[-3] != "2021"]
    assert len(listings) > 10
    for listing in listings:
        tree = parse(listing)
        assert not tree.css("a.glossary-link, [aria-describedby]"), listing
        assert not [n for n in tree.css("[id]") if n.attributes["id"].startswith("mention-")]
