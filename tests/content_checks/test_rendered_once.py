"""The build renders each Markdown file once: the checks hand their rendering to the reader.

The checks render every file to review its HTML; Pelican's reader would
render it again. The reader uses the checks' rendering only where it is what
the reader itself would make: same text, same configuration, a fresh
``Markdown`` for each file. These tests read every fixture file both ways.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.settings import read_settings

from khabarnama.content_checks import content_checks
from khabarnama.content_checks.checker import Rendered, check_site, text_digest
from tests.support import ROOT, make_content

#: Markdown whose rendering depends on more than the text: footnotes and
#: tables, abbreviations, attribute lists, definition lists, an author comment.
RICH = """Title: فٹ نوٹ اور جدول
Date: 2021-04-08 10:00
Tags: پاکستان
Summary: خلاصہ *زور* کے ساتھ [^1] اور HTML۔

لاوروف نے کہا[^1] کہ تعاون بڑھے گا۔[^2]

<!-- author's note: check the figure -->

| ملک | رقم |
|---|---|
| روس | 2.5 |

اصطلاح
:   اس کی وضاحت۔

*[HTML]: Hyper Text Markup Language

یہ لفظ HTML ہے۔ {: #para-id }

[^1]: پہلا حاشیہ۔
[^2]: دوسرا حاشیہ۔
"""


@pytest.fixture
def site(tmp_path: Path) -> tuple[dict, Path]:
    content = make_content(tmp_path / "content")
    (content / "articles" / "rich.md").write_text(RICH, encoding="utf-8")
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "CACHE_PATH": str(tmp_path / "cache")},
    )
    content_checks.SETTINGS.apply(settings)
    return settings, content


def _read(settings: dict, path: Path) -> tuple[str, dict[str, str]]:
    content, metadata = content_checks.UrduListMarkdownReader(settings).read(str(path))
    return content, {name: repr(value) for name, value in metadata.items()}


def test_the_readers_page_is_the_same_with_the_checks_rendering(site, monkeypatch) -> None:
    settings, content = site
    report = check_site(settings, ROOT, keep_html=True)
    articles = sorted((content / "articles").glob("*.md")) + sorted(
        (content / "pages").glob("*.md")
    )
    assert len(articles) > 3
    monkeypatch.setattr(content_checks, "_RENDERED", {})
    alone = {path: _read(settings, path) for path in articles}
    assert any("footnote" in html for html, _ in alone.values())

    monkeypatch.setattr(content_checks, "_RENDERED", dict(report.rendered))
    converted = []
    original = content_checks.Markdown.convert
    monkeypatch.setattr(
        content_checks.Markdown,
        "convert",
        lambda md, text: converted.append(text) or original(md, text),
    )
    handed = {path: _read(settings, path) for path in articles}
    assert handed == alone
    # every body came from the checks; only the summaries were rendered here
    assert not set(content_checks._RENDERED) & {str(p.resolve()) for p in articles}
    bodies = {path.read_text(encoding="utf-8") for path in articles}
    assert not bodies & set(converted)


def test_a_file_changed_after_the_checks_is_rendered_again(site, monkeypatch) -> None:
    settings, content = site
    path = content / "articles" / "rich.md"
    stale = Rendered(text_digest("an older text"), "<p>stale</p>", {"title": ["old"]})
    monkeypatch.setattr(content_checks, "_RENDERED", {str(path.resolve()): stale})
    html, metadata = _read(settings, path)
    assert "stale" not in html and "لاوروف" in html
    assert "فٹ نوٹ" in metadata["title"]
