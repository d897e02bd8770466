"""No contributor-controlled field can put markup into any built file.

A fixture site whose titles, summaries, tags, page and glossary fields carry
script-injection payloads is built as ``make publish`` builds it (feeds,
sitemap, search); every file of the output is then parsed (``hostile.py``).
The same fields must still read as the contributor wrote them: escaping
keeps the text, it does not strip it.
"""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from tests.site.hostile import (
    ENTITY,
    ENTRY,
    HOSTILE_TAGS,
    IMG,
    PAGE_TITLE,
    TITLES,
    html_injections,
    injections,
    tag_slugs,
    write_hostile_site,
)
from tests.support import build_site, make_content, parse


@pytest.fixture(scope="module", params=["pelicanconf.py", "publishconf.py"])
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    content = make_content(base / "content", with_real_article=False)
    write_hostile_site(content)
    build = build_site(content, base / "output", settings_file=request.param, TAG_SLUGS=tag_slugs())
    assert build.returncode == 0, build.log
    assert "Traceback" not in build.log
    return build.output


def test_no_built_file_holds_markup_from_content(hostile: Path) -> None:
    assert injections(hostile) == []


def test_the_scan_finds_what_an_unescaped_template_would_write() -> None:
    """The scan is the test's eyes: it must see each payload when it is live."""
    for payload in (
        f"<title>x {TITLES['script-break']}</title>",
        f"<h1>{IMG}</h1>",
        f'<a href="/" title="{TITLES["quote"]}">x</a>',
        '<a href="javascript:alert(1)">x</a>',
        '<script type="application/ld+json">{"a": "</script><script>alert(1)</script>"}</script>',
        "<p><svg onload=alert(1)></p>",
    ):
        assert html_injections(payload, "page"), payload
    assert html_injections("<h1>&lt;img src=x onerror=alert(1)&gt;</h1>", "page") == []


def test_titles_read_as_written_everywhere(hostile: Path) -> None:
    for slug, title in TITLES.items():
        page = parse(hostile / f"2021/hostile-{slug}/index.html")
        assert page.css_first("h1").text() == title
        assert page.css_first("title").text().startswith(title + " · ")
        assert page.css_first('meta[property="og:title"]').attributes["content"] == title
        jsonld = json.loads(page.css_first('script[type="application/ld+json"]').text())
        assert jsonld["headline"] == title
    listed = {a.text() for a in parse(hostile / "archives/index.html").css(".archive-list a")}
    assert set(TITLES.values()) <= listed
    page = parse(hostile / "hostile-page/index.html")
    assert page.css_first("h1").text() == PAGE_TITLE


def test_summaries_and_tags_read_as_written(hostile: Path) -> None:
    home = parse(hostile / "index.html")
    summaries = [node.text().strip() for node in home.css(".summary-text")]
    assert f"خلاصہ {ENTITY.replace('&lt;', '<').replace('&gt;', '>')}" in summaries
    for name, slug in HOSTILE_TAGS.items():
        tag_page = parse(hostile / f"tag/{slug}/index.html")
        assert tag_page.css_first("h1").text() == f"Topic: {name}".replace("Topic", "موضوع")
    tags = {a.text() for a in parse(hostile / "tags/index.html").css(".tag-cloud a")}
    assert set(HOSTILE_TAGS) <= tags


def test_glossary_fields_read_as_written(hostile: Path) -> None:
    page = parse(hostile / "glossary/people/evil-person/index.html")
    assert page.css_first("h1").text() == ENTRY["title"]
    facts = {dt.text(): dt.next.text() for dt in page.css(".glossary-facts dt")}
    assert ENTRY["role"] in facts.values() and ENTRY["country"] in facts.values()
    website = page.css_first(".glossary-facts a[href^='https://x.example']")
    assert website.attributes["href"] == ENTRY["website"]
    summary = page.css_first(".glossary-summary").text().strip()
    assert summary == ENTRY["summary"].replace("&lt;", "<").replace("&gt;", ">")
    article = parse(hostile / "2021/hostile-img/index.html")
    popover = article.css_first("#gloss-evil-person")
    assert popover.css_first(".glossary-popover-name").text() == ENTRY["title"]
    assert popover.css_first(".glossary-popover-summary").text() == summary
    assert page.css_first(".glossary-urdu-name").text() == ENTRY["urdu"]
    panel = [node.text() for node in article.css(".glossary-panel .glossary-urdu")]
    assert ENTRY["urdu"] in panel
    mentions = [a.text() for a in page.css(".glossary-mentions a")]
    assert set(TITLES.values()) <= set(mentions)


def test_search_records_hold_the_titles_as_text(hostile: Path) -> None:
    titles = set()
    for path in hostile.rglob("*.pf_fragment"):
        record = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        titles.add(record["meta"].get("title"))
    assert set(TITLES.values()) <= titles
    assert ENTRY["title"] in titles


@pytest.mark.parametrize("hostile", ["publishconf.py"], indirect=True)
def test_feed_titles_read_as_written(hostile: Path) -> None:
    feed = hostile / "feeds/all.atom.xml"

    atom = "{http://www.w3.org/2005/Atom}"
    titles = {e.findtext(f"{atom}title") for e in ET.parse(feed).getroot().iter(f"{atom}entry")}
    assert set(TITLES.values()) <= titles


def test_escaping_stays_on_when_the_settings_turn_it_off(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", with_real_article=False)
    write_hostile_site(content)
    build = build_site(
        content,
        tmp_path / "output",
        TAG_SLUGS=tag_slugs(),
        JINJA_ENVIRONMENT={"autoescape": False},
    )
    assert build.returncode == 0, build.log
    assert injections(build.output) == []


@pytest.mark.parametrize(
    "website",
    [
        'https://x.example/"><script>alert(1)</script>',
        "javascript:alert(1)",
        "https://x.example/ onmouseover=alert(1)",
        "https://user:secret@x.example/",
        "https://localhost/",
        "ftp://x.example/",
        "https://x.example:99999/",
    ],
)
def test_a_website_that_is_not_an_http_address_is_one_line(website: str, tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", with_real_article=False)
    entry = content / "glossary" / "people" / "bad-site.md"
    entry.write_text(
        f"Title: Bad Site\nUrdu: برا صفحہ\nSummary: One sentence.\nWebsite: {website}\n\nBody.\n",
        encoding="utf-8",
    )
    build = build_site(content, tmp_path / "output")
    assert build.returncode == 1
    lines = [line for line in build.log.splitlines() if "bad-site.md" in line]
    assert len(lines) == 1 and "bad-site.md:4: website:" in lines[0], build.log
    assert "not an http(s) address" in lines[0] and "Traceback" not in build.log
