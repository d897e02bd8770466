"""The per-article caches of glossary, related and search never serve stale results.

A daily publish keeps ``CACHE_PATH`` and adds or edits a few articles: a
build from that cache must write exactly what a build without any cache
writes for the same content, and a damaged cache file must cost time only.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.reader.test_search import fragments
from tests.support import build_site, make_content, parse

NEW_ARTICLE = """Title: عمران خان کا نیا بیان
Slug: new-mention-2021
Date: 2021-05-02 10:00
Tags: پاکستان
Summary: ایک نئی خبر۔

وزیر اعظم عمران خان نے آج ایک نئے منصوبے کا اعلان کیا۔
"""
EDITED_WORD = "زعفرانستان"  # a word no fixture uses


def files(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*"))
        if p.is_file()
    }


def settings(cache: Path) -> dict[str, object]:
    return {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}


def publish_a_day(content: Path) -> Path:
    """One new article mentioning an entry, and one article's text edited."""
    (content / "articles" / "new-mention.md").write_text(NEW_ARTICLE, encoding="utf-8")
    edited = content / "articles" / "second-article.md"
    text = edited.read_text(encoding="utf-8")
    edited.write_text(f"{text.rstrip()}\n\n{EDITED_WORD} کی خبر بھی آئی۔\n", encoding="utf-8")
    return edited


def test_a_daily_publish_from_warm_caches_equals_a_cold_build(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    cache = tmp_path / "cache"
    first = build_site(content, tmp_path / "first", **settings(cache))
    assert first.returncode == 0, first.log
    for name in ("related/words.pickle", "search/text.pickle", "search/foldtable.pickle"):
        assert (cache / name).is_file(), name

    edited = publish_a_day(content)
    warm = build_site(content, tmp_path / "warm", **settings(cache))
    assert warm.returncode == 0, warm.log
    cold = build_site(content, tmp_path / "cold", **settings(tmp_path / "fresh"))
    assert cold.returncode == 0, cold.log
    assert files(warm.output) == files(cold.output)

    # what the caches must not hide, checked directly as well
    entry = parse(warm.output / "glossary" / "people" / "imran-khan" / "index.html")
    mentions = [a.attributes.get("href") for a in entry.css(".glossary-mentions a")]
    assert any("new-mention-2021" in (href or "") for href in mentions), mentions
    slug = next(
        line.split(":", 1)[1].strip()
        for line in edited.read_text(encoding="utf-8").splitlines()
        if line.startswith("Slug:")
    )
    records = fragments(warm.output / "pagefind")
    record = next(r for url, r in records.items() if slug in url)
    assert EDITED_WORD in record["content"]
    assert any("new-mention-2021" in url for url in records)


def test_damaged_cache_files_are_rebuilt_without_a_traceback(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    cache = tmp_path / "cache"
    first = build_site(content, tmp_path / "first", **settings(cache))
    assert first.returncode == 0, first.log
    damaged = [
        cache / "related" / "words.pickle",
        cache / "search" / "text.pickle",
        cache / "search" / "foldtable.pickle",
    ]
    for i, path in enumerate(damaged):
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2] if i % 2 else b"\x00garbage")
    shutil.rmtree(
        cache / "search" / next(p.name for p in (cache / "search").iterdir() if p.is_dir())
    )
    publish_a_day(content)  # the folding cache is needed for a new bundle
    again = build_site(content, tmp_path / "again", **settings(cache))
    assert again.returncode == 0, again.log
    assert "Traceback" not in again.log
    cold = build_site(content, tmp_path / "cold", **settings(tmp_path / "fresh"))
    assert files(again.output) == files(cold.output)
    for path in damaged:
        assert path.read_bytes()[:8] != b"\x00garbage"


def test_urls_kept_for_one_build_follow_new_url_settings(tmp_path: Path) -> None:
    """Templates read each article's URL kept once per build (``freeze_urls``);
    a build with other URL settings over the same reader cache must link the
    new URLs everywhere, not ones kept from the build before."""
    content = make_content(tmp_path / "content")
    cache = tmp_path / "cache"
    first = build_site(content, tmp_path / "first", **settings(cache))
    assert first.returncode == 0, first.log
    moved = {"ARTICLE_URL": "news/{slug}.html", "ARTICLE_SAVE_AS": "news/{slug}.html"}
    second = build_site(content, tmp_path / "second", **settings(cache), **moved)
    assert second.returncode == 0, second.log
    out = tmp_path / "second"
    articles = sorted((out / "news").glob("*.html"))
    assert articles
    hrefs = {a.attributes.get("href") for a in parse(out / "index.html").css("a")}
    assert any(h and h.endswith(f"news/{articles[0].name}") for h in hrefs), sorted(hrefs)[:20]
    old_style = {f"/{page.stem}/" for page in articles}  # {date:%Y}/{slug}/
    for page in out.rglob("*.html"):
        for a in parse(page).css("a"):
            href = a.attributes.get("href") or ""
            assert not any(href.endswith(old) for old in old_style), (page, href)
