"""The shaping strategy through the real plugin: exact, small, graceful, cached.

The exactness check here is independent of the plugin's own: the shipped
WOFF2 is decoded with fontTools and every run, inline segment, word and
random word n-gram (what a line break leaves on one line) is shaped with a
fresh HarfBuzz font, full vs subset, glyphs named through the manifest's
glyph map.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import random
from pathlib import Path

import conftest
import pytest
import uharfbuzz as hb
from conftest import FONT, article_paragraphs, page
from fontTools.ttLib import TTFont

from khabarnama.fontsubset.collect import collect
from khabarnama.fontsubset.plugin import run
from khabarnama.fontsubset.settings import load_config

LANG = "ur"
#: The codepoints subset of this fixture (what subfont ships: 105,836 bytes
#: for the article page); the issue's goal is at most 0.35 × that.
GOAL_RATIO = 0.35

#: These tests exercise deriving a subset and its caches; with a lock (the
#: default) a second build verifies against it instead: test_fontsubset_sticky.py.
FONTSUBSET_SETTINGS = {"FONTSUBSET_LOCK_PATH": False}


def write_site(*args: object, **settings: object) -> dict:
    return conftest.write_site(*args, **{**FONTSUBSET_SETTINGS, **settings})


def _pages(paragraphs: list[str]) -> dict[str, str]:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    # inline elements: a browser may shape a link or <strong> apart
    links = (
        '<p>وزیر خارجہ <a href="#">سرگئی لاروف</a> نے <strong>پاکستان</strong> کا'
        " دورہ کیا اور <em>شاہ محمود قریشی</em> سے ملے۔</p>"
    )
    return {
        "index.html": page("ur", f"<article><h1>لاروف کا دورہ</h1>\n{body}\n{links}</article>"),
        "about/index.html": page(
            "ur", "<nav><a href='/'>صفحۂ اول</a> <a>تلاش</a></nav>", prefix="../"
        ),
    }


def _sfnt(data: bytes) -> bytes:
    font = TTFont(io.BytesIO(data))
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class _Shaper:
    def __init__(self, sfnt: bytes, names: list[str]) -> None:
        self.font = hb.Font(hb.Face(sfnt))
        self.names = names

    def __call__(self, text: str) -> list[tuple]:
        buf = hb.Buffer()
        buf.add_str(text)
        buf.guess_segment_properties()
        buf.language = LANG
        hb.shape(self.font, buf)
        return [
            (self.names[i.codepoint], i.cluster, p.x_advance, p.y_advance, p.x_offset, p.y_offset)
            for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
        ]


def _shipped(settings: dict) -> tuple[bytes, list[int]]:
    (font,) = Path(settings["OUTPUT_PATH"], "theme/fonts").glob("*.woff2")
    (manifest,) = Path(settings["CACHE_PATH"], "fontsubset").glob("*/manifest.json")
    return font.read_bytes(), json.loads(manifest.read_text())["glyph_map"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict:
    root = tmp_path_factory.mktemp("shaping-site")
    settings = write_site(root, _pages(article_paragraphs()))
    texts = collect(Path(settings["OUTPUT_PATH"]), load_config(dict(settings))[0].fonts).fonts[0]
    report = run(settings)
    woff2, glyph_map = _shipped(settings)
    return {
        "root": root,
        "settings": settings,
        "report": report,
        "woff2": woff2,
        "glyph_map": glyph_map,
        "texts": texts,
    }


def test_shaping_is_the_default_and_ships_a_small_verified_font(built) -> None:
    (entry,) = built["report"]["fonts"]
    assert entry["status"] == "subset" and entry["strategy"]["name"] == "shaping"
    assert entry["verify"] == "ran" and entry["verification"]["ots"] == "passed"
    assert entry["strategy"]["mode"] == "cold" and entry["strategy"]["fallback_unpruned"] is False
    assert entry["subset_bytes"] <= GOAL_RATIO * 105_836, entry["subset_bytes"]


def test_every_run_segment_word_and_line_fragment_shapes_exactly(built) -> None:
    full_sfnt = FONT.read_bytes()
    full_tt = TTFont(io.BytesIO(_sfnt(full_sfnt)))
    names = full_tt.getGlyphOrder()
    full = _Shaper(_sfnt(full_sfnt), names)
    sub = _Shaper(_sfnt(built["woff2"]), [names[g] for g in built["glyph_map"]])
    texts = built["texts"]
    runs = sorted({u.text for u in texts.units})
    segments = sorted({u.text for u in texts.segments})
    words = sorted({w for r in runs for w in r.split(" ")})
    rng = random.Random(5)
    fragments = []
    for run_text in runs:
        ws = run_text.split(" ")
        for _ in range(min(20, len(ws))):
            n = rng.randint(2, 8)
            i = rng.randrange(max(1, len(ws) - n + 1))
            fragments.append(" ".join(ws[i : i + n]))
    assert segments and len(runs) > 10 and len(fragments) > 200
    differ = [t for t in [*runs, *segments, *words, *fragments] if full(t) != sub(t)]
    assert not differ, f"{len(differ)} texts shape differently, e.g. {differ[:3]}"


def test_unseen_words_degrade_gracefully(tmp_path: Path) -> None:
    """Built from half the article; judged on words only in the other half."""
    from tests.fontsubset_shaping.degrade import check_unseen

    paragraphs = article_paragraphs()
    half = len(paragraphs) // 2
    settings = write_site(tmp_path, _pages(paragraphs[:half]))
    run(settings)
    woff2, glyph_map = _shipped(settings)
    seen = {w for p in paragraphs[:half] for w in p.split()}
    cmap = set(TTFont(io.BytesIO(woff2)).getBestCmap())
    held = [
        w.strip("،؛۔؟!?.,:;()\"'") for p in paragraphs[half:] for w in p.split() if w not in seen
    ]
    held = [w for w in dict.fromkeys(held) if w and all(ord(c) in cmap for c in w)]
    assert len(held) > 100
    report = check_unseen(FONT.read_bytes(), _sfnt(woff2), held, LANG, glyph_map=glyph_map)
    summary = report.summary
    assert summary["notdef"] == 0 and summary["blank"] == 0
    assert summary["joining_identical"] == 1.0, [w.word for w in report.failures()][:5]
    assert summary["marks_same_base"] == 1.0, [w.word for w in report.failures()][:5]
    assert summary["exact"] >= 0.5, summary
    print(f"held-aside words: {summary}")


def test_unchanged_site_does_no_work(built) -> None:
    settings = write_site(built["root"], _pages(article_paragraphs()))
    report = run(settings)
    (entry,) = report["fonts"]
    assert report["subset_runs"] == 0
    assert entry["cache"] == "hit" and entry["verify"] == "cached"
    assert entry["subset_bytes"] == built["report"]["fonts"][0]["subset_bytes"]


def test_new_article_takes_the_incremental_path(built, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "site"
    shutil.copytree(built["root"] / "cache", root / "cache")
    pages = _pages(article_paragraphs())
    news = "<h1>نئی خبر</h1><p>چین اور ایران کے وزرائے خارجہ نے ملاقات کی۔</p>"
    pages["new/index.html"] = page("ur", f"<article>{news}</article>", prefix="../")
    settings = write_site(root, pages)
    report = run(settings)
    (entry,) = report["fonts"]
    strategy = entry["strategy"]
    assert entry["cache"] == "miss" and entry["verify"] == "ran" and entry["status"] == "subset"
    assert strategy["state"] == "loaded" and strategy["mode"] == "incremental"
    cold = built["report"]["fonts"][0]["strategy"]
    # only the new text is traced (the rest comes from the saved state)
    assert strategy["traced"] < strategy["units"] / 4
    assert strategy["prune_trials"] < cold["prune_trials"] / 2


def test_corrupt_search_state_is_ignored_and_rebuilt(built, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "site"
    shutil.copytree(built["root"] / "cache", root / "cache")
    (state,) = (root / "cache/fontsubset/shaping-state").glob("*.json.gz")
    state.write_bytes(state.read_bytes()[:-40] + b"x" * 40)
    pages = _pages(article_paragraphs())
    pages["new/index.html"] = page("ur", "<p>نئی خبر</p>", prefix="../")
    report = run(write_site(root, pages))
    (entry,) = report["fonts"]
    assert entry["status"] == "subset" and entry["strategy"]["mode"] == "cold"
    assert entry["strategy"]["state"].startswith("corrupt")
    _digest, _, body = state.read_bytes().partition(b"\n")
    assert json.loads(gzip.decompress(body))["version"]  # rewritten whole
