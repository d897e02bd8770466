"""Shaping-aware subsets (issue 5): exact on the site's text, graceful on unseen text.

The exactness check here is deliberately independent of the strategy's own
verification: it decodes the shipped WOFF2 with fontTools, names glyphs
through the full font's glyph order and shapes with a fresh HarfBuzz font.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import uharfbuzz as hb
from fontTools.ttLib import TTFont

from khabarnama.fontsubset.shaping import (
    ShapingOptions,
    ShapingResult,
    TextUnit,
    ots_check,
    subset_shaping,
    text_units,
)
from tests.fontsubset_shaping import corpus
from tests.fontsubset_shaping.degrade import check_unseen

LANG = "ur"


def site_units(paragraphs: list[str]) -> list[TextUnit]:
    units = [u for p in paragraphs for u in text_units(p, LANG)]
    for extra in corpus.ui_strings() + corpus.glossary_names():
        units += text_units(extra, LANG)
    return units


def _sfnt(data: bytes) -> bytes:
    font = TTFont(io.BytesIO(data))
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def shape(sfnt: bytes, names: list[str], unit: TextUnit) -> list[tuple]:
    font = hb.Font(hb.Face(sfnt))
    buf = hb.Buffer()
    buf.add_str(unit.text)
    buf.direction, buf.script, buf.language = "rtl", "Arab", unit.lang
    hb.shape(font, buf)
    return [
        (names[i.codepoint], i.cluster, p.x_advance, p.y_advance, p.x_offset, p.y_offset)
        for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]


@pytest.fixture(scope="module")
def full() -> tuple[bytes, bytes, list[str]]:
    data = corpus.font_bytes()
    sfnt = _sfnt(data)
    return data, sfnt, TTFont(io.BytesIO(sfnt)).getGlyphOrder()


@pytest.fixture(scope="module")
def article_units() -> list[TextUnit]:
    return site_units(corpus.article_paragraphs())


@pytest.fixture(scope="module")
def article_subset(full, article_units) -> ShapingResult:
    return subset_shaping(full[0], article_units)


def test_exact_on_every_paragraph_sentence_and_word(full, article_units, article_subset):
    _, full_sfnt, names = full
    sub_sfnt = _sfnt(article_subset.woff2)
    sub_names = [names[g] for g in article_subset.glyph_map]
    kinds = {len(u.text.split()) > 1 for u in article_units}
    assert kinds == {True, False}, "paragraphs/sentences and single words are both checked"
    differ = [
        u.text
        for u in dict.fromkeys(article_units)
        if shape(sub_sfnt, sub_names, u) != shape(full_sfnt, names, u)
    ]
    assert not differ, f"{len(differ)} units shape differently, e.g. {differ[:3]}"
    # the search traced only a core of the units: the others were verified
    assert article_subset.stats["units"] < len(set(article_units))
    # and the subset really is a subset worth shipping
    assert len(article_subset.woff2) < 0.3 * len(full[0])
    assert article_subset.stats["glyphs_kept"] < 0.5 * len(names)


def test_units_the_search_core_misses_are_traced_until_exact(full, article_units, monkeypatch):
    """Whatever the core leaves out (here: all but one word), the words that
    then shape differently are traced and the search resumes, until exact."""
    from khabarnama.fontsubset.shaping import core

    monkeypatch.setattr(core, "_core", lambda src, units, keep: {*keep, min(units)})
    words = sorted({u for u in article_units if " " not in u.text.strip()})[:400]
    result = subset_shaping(full[0], words)
    assert result.stats["promoted"] > 0
    _, full_sfnt, names = full
    sub_sfnt = _sfnt(result.woff2)
    sub_names = [names[g] for g in result.glyph_map]
    differ = [u.text for u in words if shape(sub_sfnt, sub_names, u) != shape(full_sfnt, names, u)]
    assert not differ, f"{len(differ)} words shape differently, e.g. {differ[:3]}"


def _exact(full, result: ShapingResult, units) -> list[str]:
    _, full_sfnt, names = full
    sub_sfnt = _sfnt(result.woff2)
    sub_names = [names[g] for g in result.glyph_map]
    return [u.text for u in units if shape(sub_sfnt, sub_names, u) != shape(full_sfnt, names, u)]


#: Two words whose prune, in one font, once lost the shaping of the second:
#: a removal kept every result but sent وکلیکوالحجة through another glyph
#: on the way, so the traces no longer said which words a later removal
#: reached. The whole prune was thrown away: 13.4 KB shipped instead of 7.3.
STALE_PAIR = ("بیچنے ", "وکلیکوالحجة ")


def test_a_prune_that_loses_a_word_runs_again_checking_it(full, monkeypatch):
    """The prune's guess of which units a removal can reach may be wrong (here
    it says none): the units it broke are checked in every trial of the next
    round, and the result is pruned and exact, not the unpruned subset."""
    from khabarnama.fontsubset.shaping import core

    units = [TextUnit(LANG, w) for w in STALE_PAIR] + [
        TextUnit(LANG, w.strip()) for w in STALE_PAIR
    ]
    unpruned = core.subset_shaping(full[0], units, options=core.ShapingOptions(degradation=False))
    monkeypatch.setattr(core._Pruner, "_piece_relevant", lambda self, tag, pieces: [])
    core._RESULTS.clear()
    result = core.subset_shaping(full[0], units, options=core.ShapingOptions(degradation=False))
    assert result.stats["prune_rounds"] > 1 and not result.stats["fallback_unpruned"]
    assert not _exact(full, result, units)
    assert len(result.woff2) <= len(unpruned.woff2)


def test_a_supplement_keeps_only_what_its_words_need(full):
    """A font that only draws its own words (a rare word's supplement) needs
    no joining forms or marks for other text: it is pruned to the words, is
    exact, and is smaller than with the degradation set."""
    units = [TextUnit(LANG, w) for w in STALE_PAIR] + [
        TextUnit(LANG, w.strip()) for w in STALE_PAIR
    ]
    kept = subset_shaping(full[0], units)
    only = subset_shaping(full[0], units, options=ShapingOptions(degradation=False))
    assert not _exact(full, only, units) and not _exact(full, kept, units)
    assert not only.stats["fallback_unpruned"] and not kept.stats["fallback_unpruned"]
    assert only.stats["glyphs_kept"] < kept.stats["glyphs_kept"]
    assert len(only.woff2) < 0.8 * len(kept.woff2)


def test_ots_and_cmap(article_units, article_subset):
    assert ots_check(article_subset.woff2) == "passed"
    cmap = set(TTFont(io.BytesIO(article_subset.woff2)).getBestCmap())
    wanted = {ord(c) for u in article_units for c in u.text}
    full_cmap = set(TTFont(corpus.FONT).getBestCmap())
    assert wanted & full_cmap <= cmap


def test_ots_rejects_garbage():
    """The OTS check can fail: a truncated font is refused."""
    data = corpus.font_bytes()
    assert ots_check(data[: len(data) // 2]) != "passed"


@pytest.fixture(scope="module")
def held_aside(full):
    """Subset built from the first half of the article; words only in the other half,
    in the interface strings or the glossary names are the unseen text."""
    build, held = corpus.split_article(corpus.article_paragraphs())
    result = subset_shaping(full[0], [u for s in build for u in text_units(s, LANG)])
    words = corpus.held_aside_words(
        " ".join(build),
        held + corpus.ui_strings() + corpus.glossary_names(),
        set(result.codepoints),
    )
    assert len(words) > 100
    return result, words


def test_unseen_words_degrade_gracefully(full, held_aside):
    result, words = held_aside
    report = check_unseen(full[0], result, words, LANG)
    summary = report.summary
    assert summary["notdef"] == 0
    assert summary["blank"] == 0
    assert summary["joining_identical"] == 1.0, [w.word for w in report.failures()][:5]
    assert summary["marks_same_base"] == 1.0, [w.word for w in report.failures()][:5]
    # most unseen words even shape exactly (63 % with half an article)
    assert summary["exact"] >= 0.5


def test_unseen_check_detects_a_blanked_glyph(full, held_aside):
    """The ink check can fail: blank the outline of a glyph an unseen word uses."""
    result, words = held_aside
    font = TTFont(io.BytesIO(result.woff2))
    sfnt = _sfnt(result.woff2)
    hb_font = hb.Font(hb.Face(sfnt))
    buf = hb.Buffer()
    buf.add_str(words[0])
    buf.direction, buf.script, buf.language = "rtl", "Arab", LANG
    hb.shape(hb_font, buf)
    order = font.getGlyphOrder()
    victim = next(
        order[i.codepoint]
        for i in buf.glyph_infos
        if font["glyf"][order[i.codepoint]].numberOfContours > 0
    )
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    font["glyf"][victim] = Glyph()
    font.flavor = None
    out = io.BytesIO()
    font.save(out)
    report = check_unseen(full[0], out.getvalue(), [words[0]], LANG, glyph_map=result.glyph_map)
    assert report.words[0].blank


def test_unseen_check_detects_lost_joining(full, held_aside):
    """The joining check can fail: a code-point-only subset (no joining forms)."""
    from khabarnama.fontsubset.shaping.core import hb_subset

    _, words = held_aside
    cmap = TTFont(io.BytesIO(full[1])).getBestCmap()
    cps = {ord(c) for w in words for c in w}
    gids = {0} | {full[2].index(cmap[c]) for c in cps}
    bare, glyph_map = hb_subset(full[1], gids, cps)
    report = check_unseen(full[0], bare, words[:30], LANG, glyph_map=glyph_map)
    assert report.share("joining_identical") < 0.5


@pytest.mark.browser
def test_chromium_paints_the_article_identically(full, article_subset, browser):
    from PIL import Image, ImageChops

    from tests.browser import ARTIFACTS, serve

    out = ARTIFACTS / "fontsubset_shaping"
    out.mkdir(parents=True, exist_ok=True)
    site = out / "site"
    site.mkdir(exist_ok=True)
    (site / "full.woff2").write_bytes(full[0])
    (site / "subset.woff2").write_bytes(article_subset.woff2)
    body = "\n".join(f"<p>{p}</p>" for p in corpus.article_paragraphs())
    for name in ("full", "subset"):
        (site / f"{name}.html").write_text(
            f"""<!doctype html><html lang="ur" dir="rtl"><head><meta charset="utf-8">
<style>@font-face{{font-family:N;src:url({name}.woff2) format("woff2");font-display:block}}
body{{font-family:N;font-size:20px;line-height:2.4;width:760px;margin:20px}}</style>
</head><body>{body}</body></html>""",
            encoding="utf-8",
        )
    shots: dict[str, Path] = {}
    with serve(site) as url:
        page = browser.new_page(viewport={"width": 800, "height": 600})
        for name in ("full", "subset"):
            page.goto(f"{url}/{name}.html")
            page.evaluate("document.fonts.ready")
            assert page.evaluate("document.fonts.check('20px N')")
            assert page.evaluate("[...document.fonts].every(f => f.status === 'loaded')")
            shots[name] = out / f"article-{name}.png"
            page.screenshot(path=str(shots[name]), full_page=True)
        page.close()
    a, b = (Image.open(shots[n]).convert("RGB") for n in ("full", "subset"))
    assert a.size == b.size
    diff = ImageChops.difference(a, b)
    if diff.getbbox():
        diff.save(out / "article-diff.png")
    assert diff.getbbox() is None, f"pixels differ in {diff.getbbox()}; see {out}"


def test_the_same_text_gives_the_same_bytes_at_another_time(monkeypatch) -> None:
    """A cold rebuild must not rename the font: no timestamp in the subset."""
    from fontTools.ttLib.tables import _h_e_a_d

    from khabarnama.fontsubset.shaping import core

    units = [TextUnit(LANG, "پاکستان اور روس"), TextUnit(LANG, "ملاقات")]
    results = []
    for now in (3_000_000_000, 3_000_086_400):  # a day apart
        monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda now=now: now)
        core._RESULTS.clear()
        core._SOURCES.clear()
        results.append(subset_shaping(corpus.font_bytes(), units).woff2)
    assert results[0] == results[1]


def _split_prunes(monkeypatch, cores: int) -> None:
    """Deal even this small text's prune into shares, over ``cores`` processes."""
    from khabarnama.fontsubset import workers
    from khabarnama.fontsubset.shaping import core

    monkeypatch.setattr(core, "PARALLEL_MIN_WORK", 0)
    monkeypatch.setattr(workers, "count", lambda: cores)
    core._RESULTS.clear()


def test_a_split_prune_is_exact_and_the_same_on_one_core_or_two(full, article_units, monkeypatch):
    """A first-ever prune of much text is dealt into shares of lookups, searched
    on every core. The deal depends on the text, not on the machine: one core
    and two make the same bytes (a fresh clone on a laptop and the CI runner
    lock the same subset), and the subset is exact."""
    import signal

    def builds_handler(signum: int, frame: object) -> None:  # the build's own Ctrl-C
        raise AssertionError("not called")

    previous = signal.signal(signal.SIGINT, builds_handler)
    made = {}
    try:
        for cores in (1, 2):
            _split_prunes(monkeypatch, cores)
            made[cores] = subset_shaping(full[0], article_units)
        # the workers leave silently on Ctrl-C; the build keeps its own handler
        assert signal.getsignal(signal.SIGINT) is builds_handler
    finally:
        signal.signal(signal.SIGINT, previous)
    assert made[2].stats["prune_splits"] > 0
    assert made[1].woff2 == made[2].woff2
    assert not _exact(full, made[2], dict.fromkeys(article_units))


def test_shares_whose_removals_clash_are_bisected_at_the_merge(full, article_units, monkeypatch):
    """Each share's removals were proven with the other shares' lookups still
    present, so together they may break a word. Here every share claims all
    its lookups can go: the merge finds the words that then shape
    differently and keeps what they need, so the subset stays exact."""
    from khabarnama.fontsubset.shaping import core

    _split_prunes(monkeypatch, 1)
    found = core._prune_share

    def claims_everything(start: tuple, share: list[int], *helper) -> tuple[list[tuple], int]:
        paths, trials = found(start, share, *helper)
        return sorted({*paths, *(("L", i) for i in share)}), trials

    monkeypatch.setattr(core, "_prune_share", claims_everything)
    words = sorted({u for u in article_units if " " not in u.text.strip()})
    result = subset_shaping(full[0], words)
    assert result.stats["prune_splits"] > 0 and not result.stats["fallback_unpruned"]
    # found at the merge, not by the final check after the prune
    assert result.stats["pinned"] == 0
    assert not _exact(full, result, words)


def _resumed(full, article_units) -> tuple[ShapingResult, list[TextUnit]]:
    """A search over the article's words that starts from one over every other word."""
    from khabarnama.fontsubset.shaping import core

    words = sorted({u for u in article_units if " " not in u.text.strip()})
    first = subset_shaping(full[0], words[::2])
    core._RESULTS.clear()
    return subset_shaping(full[0], words, previous=first.state), words


def test_new_words_keep_what_they_need_of_the_last_search_and_old_words_stay_exact(
    full, article_units
):
    """A search that starts from the last one's state takes back the last
    removals the new words need, found by checking the new words only; the
    other removals are then proven on every word they can reach before they
    stay, so that neither the new words nor the old ones shape differently."""
    result, words = _resumed(full, article_units)
    assert result.stats["mode"] == "incremental"
    assert result.stats["pinned"] == 0  # nothing left for the check after the prune
    assert not _exact(full, result, words)


def test_what_the_new_words_seem_not_to_need_is_proven_on_every_word(
    full, article_units, monkeypatch
):
    """Whatever checking the new words alone concludes (here it checks none,
    so every last removal looks fine), the removals are proven on every word
    they can reach before they stay."""
    from khabarnama.fontsubset.shaping import core

    real = core._Pruner._piece_relevant

    def blind(self, tag: str, pieces: list[tuple]) -> list[int]:
        return [] if self.only is not None else real(self, tag, pieces)

    monkeypatch.setattr(core._Pruner, "_piece_relevant", blind)
    result, words = _resumed(full, article_units)
    assert result.stats["mode"] == "incremental" and result.stats["pinned"] == 0
    assert not _exact(full, result, words)
