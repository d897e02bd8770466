"""Bad input and faults: a clear error, and an output that is still safe.

Safe means: no @font-face or preload points at a missing file, and the full
font is never deployed.
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest
import uharfbuzz as hb
from conftest import FONT, FONT_REL, article_page, page

from khabarnama.fontsubset import css
from khabarnama.fontsubset.collect import TextUnit
from khabarnama.fontsubset.fontfile import SourceFont
from khabarnama.fontsubset.plugin import run
from khabarnama.fontsubset.verify import check, prepare_reference

FULL_NAME = Path(FONT_REL).name
PAGES = {"index.html": article_page(), "en.html": page("en", "<p>English only</p>")}


def _assert_safe(settings: dict) -> None:
    out = Path(settings["OUTPUT_PATH"])
    assert not (out / FONT_REL).exists(), "full font still deployed"
    for path in out.rglob("*"):
        if path.suffix in (".html", ".css"):
            text = path.read_text()
            assert FULL_NAME not in text, path
            for href in re.findall(r'rel="preload" href="([^"]+)"', text):
                assert (path.parent / href).is_file(), (path, href)
    sheet = out / "theme/css/fonts.css"
    for face in css.font_faces(sheet.read_text()):
        for url in face.urls():
            assert (sheet.parent / url).is_file(), url


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def test_missing_source_font(make_site, caplog: pytest.LogCaptureFixture) -> None:
    settings = make_site(PAGES, font=b"")
    report = run(settings)
    (error,) = _errors(caplog)
    assert FONT_REL in error and "not found" in error and "FONTSUBSET_FONTS" in error
    assert report["fonts"][0]["status"] == "failed"
    _assert_safe(settings)
    assert "@font-face" not in re.sub(
        r"/\*.*?\*/", "", Path(settings["OUTPUT_PATH"], "theme/css/fonts.css").read_text()
    )


@pytest.mark.parametrize(
    ("data", "expect"),
    [
        (b"<!DOCTYPE html><title>404</title>", "not a font"),
        (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\n", "not a font"),
        (FONT.read_bytes()[:20000], "intact copy"),
    ],
    ids=["html", "lfs-pointer", "truncated-woff2"],
)
def test_corrupt_source_font(
    make_site, caplog: pytest.LogCaptureFixture, data: bytes, expect: str
) -> None:
    settings = make_site(PAGES, font=data)
    report = run(settings)
    (error,) = _errors(caplog)
    assert FONT_REL in error and expect in error
    assert report["fonts"][0]["status"] == "failed"
    _assert_safe(settings)


def test_brotli_missing(
    make_site, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "brotli", None)  # import brotli now raises ImportError
    settings = make_site(PAGES)
    report = run(settings)
    (error,) = _errors(caplog)
    assert "brotli" in error and "pip install brotli" in error
    assert report["subset_runs"] == 0
    _assert_safe(settings)


def test_site_without_urdu_is_fine_and_drops_the_font(
    make_site, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    settings = make_site({"en.html": page("en", "<p>English 2021 “quote”</p>")})
    report = run(settings)
    assert not _errors(caplog) and not _warnings(caplog)
    assert report["fonts"][0]["status"] == "unused"
    assert "unused" in caplog.text
    assert "preload" not in Path(settings["OUTPUT_PATH"], "en.html").read_text()
    _assert_safe(settings)


def test_digits_and_quotes_in_urdu_are_not_missing(
    make_site, caplog: pytest.LogCaptureFixture
) -> None:
    run(make_site({"a.html": page("ur", "<p>سال 2021 میں ‘روس’ “پاک” (اسلام آباد)</p>")}))
    assert not _warnings(caplog) and not _errors(caplog)


def test_character_the_font_lacks_is_named_with_its_pages(
    make_site, caplog: pytest.LogCaptureFixture
) -> None:
    # U+0605 ARABIC NUMBER MARK ABOVE: in the declared Arabic range, not in the font.
    settings = make_site(
        {
            "a.html": page("ur", "<p>\u0605 الف</p>"),
            "b.html": page("ur", "<p>ب</p>"),
        }
    )
    report = run(settings)
    (warning,) = _warnings(caplog)
    assert "U+0605" in warning and "ARABIC NUMBER MARK ABOVE" in warning and "a.html" in warning
    assert "b.html" not in warning
    assert report["fonts"][0]["missing"] == ["U+0605"] and report["fonts"][0]["status"] == "subset"


def test_unknown_setting_is_named(make_site, caplog: pytest.LogCaptureFixture) -> None:
    run(make_site(PAGES, FONTSUBSET_VERIFIY=False))
    assert any("FONTSUBSET_VERIFIY" in e for e in _errors(caplog))


def test_bad_setting_fails_safe(make_site, caplog: pytest.LogCaptureFixture) -> None:
    settings = make_site(PAGES, FONTSUBSET_STRATEGY="magic")
    run(settings)
    assert any("FONTSUBSET_STRATEGY" in e and "codepoints" in e for e in _errors(caplog))
    _assert_safe(settings)


def test_cache_inside_output_is_refused(make_site, caplog: pytest.LogCaptureFixture) -> None:
    settings = make_site(PAGES)
    settings["FONTSUBSET_CACHE_PATH"] = str(Path(settings["OUTPUT_PATH"], "cache"))
    run(settings)
    assert any("FONTSUBSET_CACHE_PATH" in e and "deployed" in e for e in _errors(caplog))
    _assert_safe(settings)


def test_stylesheet_without_the_font_face(make_site, caplog: pytest.LogCaptureFixture) -> None:
    settings = make_site(PAGES)
    Path(settings["OUTPUT_PATH"], "theme/css/fonts.css").write_text("/* nothing */\n")
    run(settings)
    (error,) = _errors(caplog)
    assert "fonts.css has no @font-face" in error
    _assert_safe(settings)


def test_family_mismatch_between_theme_and_settings(
    make_site, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_site(PAGES)
    sheet = Path(settings["OUTPUT_PATH"], "theme/css/fonts.css")
    sheet.write_text(sheet.read_text().replace('"Noto Nastaliq Urdu"', '"Nastaliq"'))
    run(settings)
    (error,) = _errors(caplog)
    assert "'Nastaliq'" in error or "Nastaliq," in error or "family" in error
    _assert_safe(settings)


def test_verification_catches_a_subset_that_lost_a_feature() -> None:
    """The check must be able to fail: feed it a subset without ``medi``."""
    source = SourceFont(FONT, "font", FONT.read_bytes())
    word = "پاکستان"
    cps = sorted({ord(c) for c in word})
    inp = hb.SubsetInput()
    inp.unicode_set.update(cps)
    inp.layout_feature_tag_set.remove(int.from_bytes(b"medi", "big"))
    plan = hb.SubsetPlan(source.face, inp)
    mapping = plan.new_to_old_glyph_mapping
    face = plan.execute()
    glyph_map = [mapping[g] for g in range(face.glyph_count)]
    from khabarnama.fontsubset.fontfile import sfnt_to_woff2

    verdict = check(
        prepare_reference(source, [TextUnit("ur", word)]),
        sfnt_to_woff2(face.blob.data),
        glyph_map,
        cps,
    )
    assert not verdict.ok
    assert any("shaping differs" in p for p in verdict.problems), verdict.problems
    assert any("/medi" in p for p in verdict.problems), verdict.problems


def test_worker_processes_find_exactly_what_one_process_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Large verifications shape in worker processes (from a fork server,
    started while another thread runs, as the search plugin's does); the
    texts found differing must be the same as shaping them in one process."""
    import threading

    from khabarnama.fontsubset import verify

    source = SourceFont(FONT, "font", FONT.read_bytes())
    texts = ["پاکستان", "روس", "ملاقات", "سے", "کا", "وزیر خارجہ"] * 5
    units = [TextUnit("ur", t) for t in texts]
    cps = sorted({ord(c) for t in texts for c in t})
    inp = hb.SubsetInput()
    inp.unicode_set.update(cps)
    inp.layout_feature_tag_set.remove(int.from_bytes(b"medi", "big"))
    plan = hb.SubsetPlan(source.face, inp)
    mapping = plan.new_to_old_glyph_mapping
    face = plan.execute()
    glyph_map = [mapping[g] for g in range(face.glyph_count)]
    alone = verify.differing(source.sfnt, face.blob.data, glyph_map, units, processes=1)
    monkeypatch.setattr(verify, "PARALLEL_MIN_CHARS", 1)
    busy = threading.Event()
    thread = threading.Thread(target=busy.wait, daemon=True)
    thread.start()
    try:
        spread = verify.differing(source.sfnt, face.blob.data, glyph_map, units, processes=2)
    finally:
        busy.set()
        thread.join()
    assert spread == alone
    assert alone and len(alone) < len(units)  # medial forms differ, "روس" does not


@pytest.mark.parametrize(
    "where",
    ["page-with-preload", "page-without-preload", "script", "sub/page.html"],
)
def test_a_file_that_names_the_full_font_is_an_error_naming_it(
    make_site, caplog: pytest.LogCaptureFixture, where: str
) -> None:
    """The full font is not deployed: any page or script that still names it
    (a link in an article, a script preloading it) would load nothing."""
    link = f'<a href="{FONT_REL}">the font</a>'
    pages = dict(PAGES)
    if where == "script":
        name = "theme/js/fonts.js"
        pages[name] = f'new FontFace("x", "url({FONT_REL})");\n'
    elif where == "sub/page.html":
        name = where
        pages[name] = page("ur", f"<p>اردو {link}</p>", dir_="rtl", prefix="../")
    else:
        name = f"{where}.html"
        preload = where == "page-with-preload"
        pages[name] = page("ur", f"<p>اردو {link}</p>", dir_="rtl", preload=preload)
    settings = make_site(pages)
    run(settings)
    (error,) = _errors(caplog)
    path = Path(settings["OUTPUT_PATH"]) / name
    assert f"{path} still references {FONT_REL}, which is not deployed" in error
