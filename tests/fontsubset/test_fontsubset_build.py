"""A full plugin run on the article site: the subset is complete, exact and wired.

Expected values are computed here from the corpus and the full font with
fontTools and HarfBuzz directly, not taken from the plugin's own checks.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import pytest
import uharfbuzz as hb
from conftest import (
    ARABIC_RANGE,
    FONT,
    FONT_REL,
    article_page,
    article_paragraphs,
    page,
    write_site,
)
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from khabarnama.fontsubset import css
from khabarnama.fontsubset.plugin import run

ISSUE_FEATURES = {
    "ccmp",
    "init",
    "medi",
    "fina",
    "isol",
    "rlig",
    "calt",
    "curs",
    "mark",
    "mkmk",
    "kern",
}
FULL_NAME = Path(FONT_REL).name

PAGES = {
    "index.html": article_page(),
    # English page naming a person in Urdu; the theme gave it no preload.
    "glossary/lavrov.html": page(
        "en",
        '<p>Sergey Lavrov (<span lang="ur" dir="rtl">سرگئی لاروف</span>)</p>',
        prefix="../",
        preload=False,
    ),
    # English only, but the theme put a preload in: it must go.
    "glossary/projects.html": page("en", "<p>Projects 2021 “quoted”</p>", prefix="../"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("site")
    settings = write_site(root, PAGES)
    report = run(settings)
    out = Path(settings["OUTPUT_PATH"])
    (font_entry,) = report["fonts"]
    subset_path = out / font_entry["subset_file"]
    manifest = next((root / "cache" / "fontsubset").glob("*/manifest.json"))
    return {
        "root": root,
        "out": out,
        "report": report,
        "entry": font_entry,
        "subset": subset_path,
        "manifest": json.loads(manifest.read_text()),
        "settings": settings,
    }


def _sfnt(path_or_bytes: Path | bytes) -> bytes:
    data = path_or_bytes.read_bytes() if isinstance(path_or_bytes, Path) else path_or_bytes
    font = TTFont(io.BytesIO(data))
    font.flavor = None
    buf = io.BytesIO()
    font.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="module")
def fonts(built: dict) -> dict:
    full, sub = TTFont(FONT), TTFont(built["subset"])
    return {"full": full, "sub": sub, "full_sfnt": _sfnt(FONT), "sub_sfnt": _sfnt(built["subset"])}


def test_cold_run_subsets_once_and_shrinks_the_font(built: dict) -> None:
    entry = built["entry"]
    assert built["report"]["subset_runs"] == 1
    assert entry["status"] == "subset" and entry["cache"] == "miss" and entry["verify"] == "ran"
    assert entry["verification"]["ots"] == "passed"
    assert built["subset"].stat().st_size < FONT.stat().st_size
    assert entry["subset_bytes"] == built["subset"].stat().st_size


def test_subset_cmap_holds_every_collected_arabic_code_point(fonts: dict) -> None:
    text = "".join(article_paragraphs()) + "لاروف کا دورہ" + "سرگئی لاروف"
    full_cmap = set(fonts["full"].getBestCmap())
    expected = {ord(c) for c in text} & full_cmap
    assert len(expected) > 40
    assert expected <= set(fonts["sub"].getBestCmap())


def test_unicode_range_is_kept_code_points_within_the_declared_range(
    built: dict, fonts: dict
) -> None:
    sheet = (built["out"] / "theme/css/fonts.css").read_text()
    (face,) = css.font_faces(sheet)
    declared = css.parse_unicode_range(ARABIC_RANGE)
    expected = sorted(cp for cp in fonts["sub"].getBestCmap() if css.in_ranges(cp, declared))
    assert css.parse_unicode_range(face.get("unicode-range")) == css.merge((c, c) for c in expected)
    assert 0x20 not in {
        cp
        for lo, hi in css.parse_unicode_range(face.get("unicode-range"))
        for cp in range(lo, hi + 1)
    }
    assert face.get("font-display") == "swap" and face.family() == "Noto Nastaliq Urdu"


def test_glyph_map_is_right_outline_by_outline(built: dict, fonts: dict) -> None:
    """The manifest's map is what makes name comparison meaningful: check it."""
    full, sub = fonts["full"], fonts["sub"]
    full_order, sub_order = full.getGlyphOrder(), sub.getGlyphOrder()
    glyph_map = built["manifest"]["glyph_map"]
    assert len(glyph_map) == len(sub_order) == built["entry"]["glyphs_kept"]
    full_glyphs, sub_glyphs = full.getGlyphSet(), sub.getGlyphSet()
    for gid in range(1, len(sub_order)):  # .notdef's outline is dropped on purpose
        a, b = DecomposingRecordingPen(full_glyphs), DecomposingRecordingPen(sub_glyphs)
        full_glyphs[full_order[glyph_map[gid]]].draw(a)
        sub_glyphs[sub_order[gid]].draw(b)
        assert a.value == b.value, gid
        assert full["hmtx"][full_order[glyph_map[gid]]][0] == sub["hmtx"][sub_order[gid]][0]


def _shape(font: hb.Font, names: list[str], text: str) -> list[tuple]:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl"
    buf.script = "Arab"
    buf.language = "ur"
    hb.shape(font, buf)
    return [
        (names[i.codepoint], i.cluster, p.x_advance, p.y_advance, p.x_offset, p.y_offset)
        for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]


def test_every_paragraph_and_word_shapes_identically(built: dict, fonts: dict) -> None:
    full_names = fonts["full"].getGlyphOrder()
    sub_names = [full_names[old] for old in built["manifest"]["glyph_map"]]
    full = hb.Font(hb.Face(fonts["full_sfnt"]))
    sub = hb.Font(hb.Face(fonts["sub_sfnt"]))
    paragraphs = article_paragraphs()
    words = sorted({w for p in paragraphs for w in p.split()})
    assert len(paragraphs) > 20 and len(words) > 300
    for text in [*paragraphs, *words]:
        expected = _shape(full, full_names, text)
        assert _shape(sub, sub_names, text) == expected, text


def _features(font: TTFont) -> set[tuple[str, str]]:
    return {
        (tag, rec.FeatureTag)
        for tag in ("GSUB", "GPOS")
        if tag in font
        for rec in font[tag].table.FeatureList.FeatureRecord
    }


def test_layout_features_survive(fonts: dict) -> None:
    full, sub = _features(fonts["full"]), _features(fonts["sub"])
    assert full <= sub
    present = {f for _, f in full}
    assert {"ccmp", "init", "medi", "fina", "isol", "rlig", "curs", "mark", "mkmk"} <= present
    assert ISSUE_FEATURES & present <= {f for _, f in sub}


def test_browser_unneeded_data_is_dropped(fonts: dict) -> None:
    sub = fonts["sub"]
    assert sub["post"].formatType == 3.0  # no glyph names
    assert not {"prep", "fpgm", "cvt ", "STAT"} & set(sub.keys())
    assert {n.nameID for n in sub["name"].names} <= {0, 1, 2, 4, 5, 6, 13, 14}
    assert sub.flavor == "woff2"


def test_opentype_sanitizer_accepts_the_subset(built: dict, tmp_path: Path) -> None:
    import ots

    result = ots.sanitize(str(built["subset"]), str(tmp_path / "out.ttf"), capture_output=True)
    assert result.returncode == 0, result.stderr


def test_subset_file_name_carries_its_content_hash(built: dict) -> None:
    digest = hashlib.sha256(built["subset"].read_bytes()).hexdigest()[:8]
    assert built["subset"].name == f"noto-nastaliq-urdu-arabic-400-normal.{digest}.woff2"
    assert built["subset"].parent == built["out"] / "theme/fonts"


def test_full_font_is_not_deployed_nor_referenced(built: dict) -> None:
    out = built["out"]
    assert not (out / FONT_REL).exists()
    assert sorted(p.name for p in (out / "theme/fonts").iterdir()) == [built["subset"].name]
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".css"):
            assert FULL_NAME not in path.read_text(), path


def _preloads(html: str) -> list[str]:
    return re.findall(
        r'<link rel="preload" href="([^"]+)" as="font" type="font/woff2" crossorigin>', html
    )


def test_preloads_only_on_pages_that_render_urdu(built: dict) -> None:
    out, name = built["out"], built["subset"].name
    assert _preloads((out / "index.html").read_text()) == [f"theme/fonts/{name}"]
    assert _preloads((out / "glossary/lavrov.html").read_text()) == [f"../theme/fonts/{name}"]
    projects = (out / "glossary/projects.html").read_text()
    assert "preload" not in projects
    assert "<title>t</title>" in projects and "</head>" in projects  # page otherwise intact


def test_font_face_src_points_at_the_deployed_subset(built: dict) -> None:
    (face,) = css.font_faces((built["out"] / "theme/css/fonts.css").read_text())
    (url,) = face.urls()
    assert (built["out"] / "theme/css" / url).resolve() == built["subset"].resolve()


def test_report_lives_outside_the_output(built: dict) -> None:
    report = built["root"] / "cache" / "fontsubset" / "report.json"
    data = json.loads(report.read_text())
    assert data["fonts"][0]["subset_file"] == built["entry"]["subset_file"]
    assert not list(built["out"].rglob("report.json"))
    assert not list(built["out"].rglob("manifest.json"))
