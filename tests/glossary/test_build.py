"""A real Pelican build: entries read by Pelican, articles linked, pages written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.settings import read_settings
from selectolax.lexbor import LexborHTMLParser

from khabarnama.glossary.entries import GlossaryError
from tests.reference_text import reference_article

ROOT = Path(__file__).resolve().parents[2]
TEXT = reference_article().text

TEMPLATES = {
    "article.html": (
        "<h1>{{ article.title }}</h1>{{ article.content }}"
        '<ol class="mentions">{% for e in article.glossary_mentions %}'
        "<li>{{ e.slug }}</li>{% endfor %}</ol>"
    ),
    "glossary_entry.html": (
        "<h1>{{ entry.title }}</h1>{{ entry.content }}"
        '<ol class="mentioned-in">{% for m in entry.mentioned_in %}'
        '<li><a href="{{ SITEURL }}/{{ m.url }}">{{ m.text }}</a></li>{% endfor %}</ol>'
    ),
    "glossary_index.html": (
        "{% for kind, items in entries_by_kind.items() %}"
        '<h2 id="{{ kind }}">{{ GLOSSARY_KINDS[kind].en }}</h2>'
        "{% for e in items %}<p>{{ e.title }}</p>{% endfor %}{% endfor %}"
    ),
}


def write_article(content: Path, slug: str, date: str, body: str, extra: str = "") -> None:
    path = content / "articles" / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Title: {slug}\nDate: {date}\nSlug: {slug}\n{extra}\n{body}\n", encoding="utf-8"
    )


@pytest.fixture
def site(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content" / "glossary", content / "glossary")
    templates = tmp_path / "templates"
    templates.mkdir()
    for name, text in TEMPLATES.items():
        (templates / name).write_text(text, encoding="utf-8")
    write_article(
        content,
        "lavrov-visit",
        "2021-04-07",
        TEXT,
        "Glossary_bind: ایل این جی کا معاہدہ = pakistan-russia-lng-agreement-2017\n",
    )
    write_article(content, "later", "2021-05-01", "سرگئی لاروف نے پھر کہا۔")
    write_article(content, "draft", "2021-06-01", "لاروف", "Status: draft\n")

    def build(**overrides) -> Pelican:
        settings = read_settings(
            override={
                "PATH": str(content),
                "OUTPUT_PATH": str(tmp_path / "output"),
                "SITEURL": "https://example.org",
                "DEFAULT_LANG": "ur",
                "TIMEZONE": "UTC",
                "READERS": {"rst": None},
                "PLUGINS": ["khabarnama.glossary"],
                "THEME_TEMPLATES_OVERRIDES": [str(templates)],
                "ARTICLE_PATHS": ["articles"],
                "FEED_ALL_ATOM": None,
                "CATEGORY_FEED_ATOM": None,
                "AUTHOR_FEED_ATOM": None,
                "AUTHOR_FEED_RSS": None,
                "CACHE_CONTENT": False,
                "LOAD_CONTENT_CACHE": False,
                **overrides,
            }
        )
        pelican = Pelican(settings)
        pelican.run()
        return pelican

    build.content = content
    build.output = tmp_path / "output"
    return build


def page(output: Path, rel: str) -> LexborHTMLParser:
    return LexborHTMLParser((output / rel).read_text(encoding="utf-8"))


def test_article_links_resolve_to_entry_pages(site) -> None:
    site()
    doc = page(site.output, "lavrov-visit.html")
    lavrov = doc.css_first('a[data-entry="sergey-lavrov"]')
    assert lavrov.attributes == {
        "class": "glossary-link",
        "href": "https://example.org/glossary/people/sergey-lavrov/",
        "id": "mention-sergey-lavrov",
        "aria-describedby": "gloss-sergey-lavrov",
        "data-entry": "sergey-lavrov",
    }
    assert len(doc.css("a.glossary-link")) == 11
    assert [li.text() for li in doc.css("ol.mentions li")][:3] == [
        "sergey-lavrov",
        "imran-khan",
        "qamar-javed-bajwa",
    ]
    assert (site.output / "glossary/people/sergey-lavrov/index.html").exists()
    assert (site.output / "glossary/index.html").exists()


def test_entry_lists_articles_newest_first_without_drafts(site) -> None:
    site()
    doc = page(site.output, "glossary/people/sergey-lavrov/index.html")
    assert [a.attributes["href"] for a in doc.css("ol.mentioned-in a")] == [
        "https://example.org/later.html#mention-sergey-lavrov",
        "https://example.org/lavrov-visit.html#mention-sergey-lavrov",
    ]
    draft = page(site.output, "drafts/draft.html")
    assert draft.css_first("a.glossary-link").text() == "لاروف"


def test_index_groups_by_kind_a_to_z(site) -> None:
    site()
    doc = page(site.output, "glossary/index.html")
    assert [h.text() for h in doc.css("h2")] == ["People", "Projects"]
    people = [p.text() for p in doc.css("p")][:5]
    assert people == sorted(people, key=str.casefold)


def test_second_run_does_not_link_twice(site) -> None:
    pelican = site()
    pelican.run()  # what autoreload does: same settings, a fresh run
    html = (site.output / "lavrov-visit.html").read_text(encoding="utf-8")
    assert html.count('class="glossary-link"') == 11
    assert html.count('id="mention-sergey-lavrov"') == 1


def test_bad_input_stops_before_any_output(site) -> None:
    bad = site.content / "glossary" / "people" / "bad.md"
    bad.write_text("Title: Bad\nAliases: لاروف\nSummary: x\n\nBody\n", encoding="utf-8")
    write_article(site.content, "bound", "2021-01-01", "متن", "Glossary_bind: وزیراعظم = nobody\n")
    with pytest.raises(GlossaryError) as raised:
        site()
    c = site.content
    assert [line.split(" — ")[0] for line in raised.value.problems] == [
        f'{c}/articles/bound.md:4: glossary_bind: no glossary entry "nobody" for "وزیراعظم"',
        f"{c}/glossary/people/bad.md:1: urdu: missing",
        f'{c}/glossary/people/sergey-lavrov.md:3: aliases: "لاروف" is also claimed by '
        f"{c}/glossary/people/bad.md:2",
    ]
    assert not list(site.output.rglob("*.html"))
