"""Collection: which text goes to which font, decided by effective ``lang``."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import article_page, article_paragraphs, page

from khabarnama.fontsubset import css
from khabarnama.fontsubset.collect import TextUnit, collect
from khabarnama.fontsubset.settings import DEFAULT_FONT, load_config


def _collect(out: Path, pages: dict[str, str], extra: str = "", css_files: dict | None = None):
    for rel, text in {**pages, **(css_files or {})}.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    config, problems = load_config({"OUTPUT_PATH": str(out), "CACHE_PATH": str(out.parent / "c")})
    assert not problems.errors
    return collect(out, config.fonts, extra).fonts[0]


def test_urdu_inside_english_page_is_collected(tmp_path: Path) -> None:
    body = '<p>Sergey Lavrov (<span lang="ur" dir="rtl">سرگئی لاروف</span>) visited.</p>'
    text = _collect(tmp_path, {"en.html": page("en", body)})
    assert text.chars() == set("سرگئی لاروف")
    assert text.units == {TextUnit("ur", "سرگئی لاروف")}
    assert list(text.page_chars) == ["en.html"]


def test_english_inside_urdu_page_is_not_collected(tmp_path: Path) -> None:
    body = '<p>روسی وزیر <bdi lang="en" dir="ltr">Sergey Lavrov</bdi> نے کہا</p>'
    text = _collect(tmp_path, {"ur.html": page("ur", body, dir_="rtl")})
    assert not set("SergyLavo") & text.chars()
    # The English island splits the paragraph into two runs, as in a browser.
    assert text.units == {TextUnit("ur", "روسی وزیر"), TextUnit("ur", "نے کہا")}


def test_lang_inherits_and_region_subtags_match(tmp_path: Path) -> None:
    body = '<div lang="ur-PK"><p>پاکستان <em>کے</em> دورے</p></div><p lang="en">Pakistan</p>'
    text = _collect(tmp_path, {"x.html": page("en", body)})
    assert text.units == {TextUnit("ur-PK", "پاکستان کے دورے")}


def test_script_style_template_comments_and_head_are_ignored(tmp_path: Path) -> None:
    body = (
        "<p>الف</p><script>var s = 'ب';</script><style>p { color: red }</style>"
        "<template><p>پ</p></template><!-- ت -->"
    )
    html = page("ur", body).replace("<title>t</title>", "<title>ٹ</title>")
    text = _collect(tmp_path, {"a.html": html})
    assert text.chars() == {"ا", "ل", "ف"}


def test_rendered_attributes_are_collected_and_tooltips_are_not(tmp_path: Path) -> None:
    body = (
        '<input type="search" placeholder="تلاش"><input type="hidden" value="خفیہ">'
        '<input type="submit" value="بھیجیں"><img src="x.png" alt="تصویر" title="عنوان">'
        '<span aria-label="لیبل">م</span>'
    )
    text = _collect(tmp_path, {"a.html": page("ur", body)})
    assert set("تلاش") | set("بھیجیں") | set("تصویر") | {"م"} == text.chars()
    assert "خ" not in text.chars() and "ع" not in text.chars()


def test_css_content_strings_and_extra_text_are_collected(tmp_path: Path) -> None:
    sheets = {
        "theme/css/site.css": '.read-more::after { content: "\\0645\\0632\\06CC\\062F" " »"; }'
    }
    text = _collect(
        tmp_path, {"a.html": page("en", "<p>English</p>")}, extra="ڈھونڈیں", css_files=sheets
    )
    assert {"م", "ز", "ی", "د", "»", "ڈ", "ھ", "و", "ن", "ں"} <= text.chars()
    assert TextUnit("ur", "مزید »") in text.units
    assert text.page_chars == {}


def test_whitespace_is_collapsed_like_the_browser(tmp_path: Path) -> None:
    text = _collect(tmp_path, {"a.html": page("ur", "<p>\n  پاک\t\n  روس  </p>")})
    assert text.units == {TextUnit("ur", "پاک روس")}
    assert "\n" not in text.chars() and "\t" not in text.chars()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("U+0600-06FF, U+0750", [(0x600, 0x6FF), (0x750, 0x750)]),
        ("u+06??", [(0x600, 0x6FF)]),
        ("U+0020, U+0021-0022, U+0030", [(0x20, 0x22), (0x30, 0x30)]),
    ],
)
def test_unicode_range_parsing(value: str, expected: list) -> None:
    assert css.parse_unicode_range(value) == expected


def test_unicode_range_rejects_garbage() -> None:
    with pytest.raises(ValueError):
        css.parse_unicode_range("U+06FF-0600")
    with pytest.raises(ValueError):
        css.parse_unicode_range("Arabic")


def test_format_unicode_range_merges_runs() -> None:
    assert (
        css.format_unicode_range([0x627, 0x628, 0x629, 0x6CC, 0x20])
        == "U+0020, U+0627-0629, U+06CC"
    )


def test_font_face_parsing_survives_comments_and_strings() -> None:
    sheet = (
        'a{content:"@font-face {"}/* @font-face { */@font-face{font-family:"A B";src:url(a.woff2)}'
    )
    faces = css.font_faces(sheet)
    assert len(faces) == 1 and faces[0].family() == "A B" and faces[0].urls() == ["a.woff2"]


def test_default_mapping_is_the_documented_one() -> None:
    assert DEFAULT_FONT["lang"] == ["ur"] and DEFAULT_FONT["family"] == "Noto Nastaliq Urdu"


def test_forked_workers_collect_exactly_what_one_process_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large sites are parsed by forked workers; the collection must not change."""
    from khabarnama.fontsubset import collect as collect_module

    out = tmp_path / "out"
    paragraphs = article_paragraphs()
    for i, text in enumerate(paragraphs):
        body = f"<p>{text}</p><p lang='en'>English {i}</p><a href='#'>{paragraphs[0][:30]}</a>"
        (out / f"p{i}.html").parent.mkdir(parents=True, exist_ok=True)
        (out / f"p{i}.html").write_text(page("ur", body), encoding="utf-8")
    config, _ = load_config({"OUTPUT_PATH": str(out), "CACHE_PATH": str(tmp_path / "c")})
    alone = collect(out, config.fonts, "", None, processes=1)
    monkeypatch.setattr(collect_module, "PARALLEL_MIN_PAGES", 2)
    monkeypatch.setattr(collect_module, "BATCH_PAGES", 3)  # several rounds, one pool
    forked = collect(out, config.fonts, "", None, processes=2)
    assert alone.parsed == forked.parsed == len(paragraphs)
    for a, b in zip(alone.fonts.values(), forked.fonts.values(), strict=True):
        assert a.units == b.units and a.segments == b.segments and a.units
        assert a.page_chars == b.page_chars


def test_pages_parsed_while_written_give_the_same_collection(tmp_path: Path) -> None:
    """``content_written`` hands pages to a worker as Pelican writes them;
    pages written without the signal are still parsed at the end."""
    from khabarnama.fontsubset.collect import EarlyParser

    out = tmp_path / "out"
    out.mkdir()
    config, _ = load_config({"OUTPUT_PATH": str(out), "CACHE_PATH": str(tmp_path / "c")})
    early = EarlyParser(config.fonts, None)
    paragraphs = article_paragraphs()
    for i, text in enumerate(paragraphs):
        path = out / f"p{i}.html"
        path.write_text(page("ur", f"<p>{text}</p><a href='#'>{text[:20]}</a>"), encoding="utf-8")
        if i % 3:  # the others are written "without the signal"
            early.written(str(path))
    assert early.sent and len(early.sent) < len(paragraphs)
    with_early = collect(out, config.fonts, "", None, 1, early)
    alone = collect(out, config.fonts, "", None, 1)
    assert early.pool is None  # the worker is shut down once results are taken
    assert with_early.parsed == alone.parsed == len(paragraphs)
    for a, b in zip(alone.fonts.values(), with_early.fonts.values(), strict=True):
        assert a.units == b.units and a.segments == b.segments and a.pieces == b.pieces
        assert a.page_chars == b.page_chars and a.units


def test_pages_the_early_worker_has_not_begun_are_left_to_collect(tmp_path: Path) -> None:
    """When Pelican has written the last page, the build does not wait for a
    worker that is behind: the batches it has not begun are parsed by
    ``collect`` on every core, and the collection is the same."""
    import time

    from khabarnama.fontsubset.collect import EarlyParser

    out = tmp_path / "out"
    out.mkdir()
    config, _ = load_config({"OUTPUT_PATH": str(out), "CACHE_PATH": str(tmp_path / "c")})
    early = EarlyParser(config.fonts, None)
    early.BATCH = 1
    early.pool.submit(time.sleep, 2)  # the worker is busy: the pages queue up
    paragraphs = article_paragraphs()
    for i, text in enumerate(paragraphs):
        path = out / f"p{i}.html"
        path.write_text(page("ur", f"<p>{text}</p>"), encoding="utf-8")
        early.written(str(path))
    early.finish()
    # the worker may have begun none or a batch or two (how many the
    # executor queued before the cancel is a matter of timing); the rest
    # were not waited for
    assert early.cache.parsed < len(paragraphs) // 2
    with_early = collect(out, config.fonts, "", None, 1, early)
    alone = collect(out, config.fonts, "", None, 1)
    assert with_early.parsed == alone.parsed == len(paragraphs)
    for a, b in zip(alone.fonts.values(), with_early.fonts.values(), strict=True):
        assert a.units == b.units and a.segments == b.segments and a.pieces == b.pieces
        assert a.page_chars == b.page_chars and a.units


def test_pages_from_the_page_cache_have_the_runs_they_were_parsed_with(tmp_path: Path) -> None:
    """Text no page shows any more stays in the cache's table until it is a
    quarter of it, then the table is renumbered: either way each page read
    from the cache has exactly the runs a fresh parse finds."""
    out, cache = tmp_path / "out", tmp_path / "pages.pickle"
    config, _ = load_config({"OUTPUT_PATH": str(out), "CACHE_PATH": str(tmp_path / "c")})

    def runs(text) -> dict[str, list[TextUnit]]:
        return {p: sorted(text.table[i] for i in ids) for p, ids in text.page_runs.items()}

    first = {"a.html": page("ur", "<p>پاک روس</p>"), "b.html": article_page()}
    few_gone = {**first, "a.html": page("ur", "<p>پاک چین</p>")}
    most_gone = {**few_gone, "b.html": page("ur", "<p>چین روس</p>")}
    sizes = []
    for pages in (first, few_gone, most_gone):
        for rel, html in pages.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_text(html, encoding="utf-8")
        collect(out, config.fonts, cache_path=cache)
        sizes.append(cache.stat().st_size)
        cached = collect(out, config.fonts, cache_path=cache)
        assert cached.parsed == 0
        assert runs(cached.fonts[0]) == runs(collect(out, config.fonts).fonts[0])
    assert sizes[1] > sizes[0] / 2  # a few runs gone: the table keeps them
    assert sizes[2] < sizes[1] / 4  # the article's runs gone: forgotten
