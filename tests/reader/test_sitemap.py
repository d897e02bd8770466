"""sitemap.xml and robots.txt of the published fixture site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from lxml import etree

from tests.reader.conftest import ReaderSite
from tests.support import build_site, html_pages, make_content

SCHEMAS = Path(__file__).resolve().parent / "schemas"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
NOT_LISTED = {"404.html", "search/index.html", "en/search/index.html"}


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))


def urls(site: ReaderSite) -> dict[str, etree._Element]:
    tree = etree.parse(str(site.output / "sitemap.xml"))
    return {u.findtext("s:loc", namespaces=NS): u for u in tree.getroot().findall("s:url", NS)}


def test_sitemap_is_valid_against_the_schema(reader_site: ReaderSite, schema) -> None:
    document = etree.parse(str(reader_site.output / "sitemap.xml"))
    assert schema.validate(document), schema.error_log


def test_translation_sitemap_is_valid_and_has_alternates(
    translation_site: ReaderSite, schema
) -> None:
    document = etree.parse(str(translation_site.output / "sitemap.xml"))
    assert schema.validate(document), schema.error_log
    listed = urls(translation_site)
    ur = f"{translation_site.url}/2021/federal-budget-2021/"
    en = f"{translation_site.url}/en/2021/federal-budget-2021/"
    expected = {("en", en), ("ur", ur)}
    for loc in (ur, en):
        links = listed[loc].findall("x:link", NS)
        assert {(a.get("hreflang"), a.get("href")) for a in links} == expected
        assert all(a.get("rel") == "alternate" for a in links)
    # Pages without a translation have no alternates at all.
    others = [u for loc, u in listed.items() if loc not in (ur, en)]
    assert others and not any(u.findall("x:link", NS) for u in others)


@pytest.mark.parametrize(
    "broken",
    [
        '<xhtml:link rel="alternate" hreflang="ur" href="/2021/x/"/>',  # relative href
        '<xhtml:link rel="alternate" hreflang="ur"/>',  # no href
        '<xhtml:link rel="alternate" lang="ur" href="https://k.example/x/"/>',  # wrong attribute
        '<xhtml:link rel="alternate" hreflang="Urdu" href="https://k.example/x/"/>',
        "<lastmod>8 April 2021</lastmod>",
    ],
)
def test_schema_rejects_broken_entries(schema, broken: str) -> None:
    """The schema really checks: each classic sitemap mistake fails it."""
    xml = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml"><url><loc>https://k.example/x/</loc>'
        f"{broken}</url></urlset>"
    )
    assert not schema.validate(etree.fromstring(xml))


def test_every_indexable_page_is_listed_with_lastmod(reader_site: ReaderSite) -> None:
    listed = urls(reader_site)
    expected = set()
    for page in html_pages(reader_site.output):
        rel = page.relative_to(reader_site.output).as_posix()
        if rel in NOT_LISTED:
            continue
        path = rel[: -len("index.html")] if rel.endswith("index.html") else rel
        expected.add(f"{reader_site.url}/{path}")
    assert set(listed) == expected
    kinds = {"2021/": "article", "glossary/": "entry", "tag/": "index"}
    for loc, url in listed.items():
        path = urlsplit(loc).path.lstrip("/")
        if path == "en/about/":
            continue  # a page without Date: has only its file's time, still present
        assert url.findtext("s:lastmod", namespaces=NS), (
            f"{loc} ({kinds.get(path[:5])}) has no lastmod"
        )


def test_lastmod_follows_content(reader_site: ReaderSite) -> None:
    listed = urls(reader_site)
    base = reader_site.url

    def lastmod(path: str) -> str:
        return listed[f"{base}/{path}"].findtext("s:lastmod", namespaces=NS)

    assert lastmod("2021/lavrov-pakistan-visit-2021/") == "2021-04-08T09:00:00+05:00"
    assert lastmod("") == "2021-07-01T10:00:00+05:00"  # newest article on the site
    assert lastmod("tag/energy/") == "2021-04-08T09:00:00+05:00"  # newest tagged energy
    # An entry changes when an article mentions it: Lavrov's newest mention is 1 May.
    assert lastmod("glossary/people/sergey-lavrov/") == "2021-05-01T10:00:00+05:00"


def test_robots_txt_points_to_the_absolute_sitemap(reader_site: ReaderSite) -> None:
    robots = (reader_site.output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in robots
    assert f"Sitemap: {reader_site.url}/sitemap.xml" in robots
    assert not any(line.strip() == "Disallow: /" for line in robots)


def test_local_build_writes_no_sitemap(site: Path) -> None:
    """Relative SITEURL: no sitemap or robots.txt with wrong, relative URLs."""
    assert not (site / "sitemap.xml").exists()
    assert not (site / "robots.txt").exists()


def test_unknown_setting_is_reported(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", with_real_article=False)
    done = build_site(content, tmp_path / "out", "publishconf.py", SITEMAP_EXCLUDES=["x/"])
    assert done.returncode != 0
    assert "settings: SITEMAP_EXCLUDES: unknown sitemap setting" in done.log
