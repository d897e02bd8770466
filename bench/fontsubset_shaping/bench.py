"""Benchmark: shaping-aware subsets vs code-point subsets of Noto Nastaliq Urdu.

Writes bench/results/fontsubset_shaping.md. For the first article and for
2/5/11/20 articles' worth of text (the article plus deterministic synthetic
text recombined from it): WOFF2 bytes and time of the full font, a fontTools
code-point subset with every feature (what the code-point strategy ships) and
the shaping-aware exact subset; glyph counts; held-aside word figures; where
the shaping subset's bytes go; and what a reader downloads over 1, 5 and 20
page views of a 20-article site with one site-wide subset, per-page subsets,
or a shared core (interface strings, glossary names) plus per-page body fonts.

Usage: bench.py [--quick]   (--quick: sizes 1, 2, 5 and a 5-page site)
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import brotli  # noqa: E402
from fontTools import subset as ftsubset  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402

from plugins.fontsubset.shaping import (  # noqa: E402
    TextUnit,
    check_unseen,
    core,
    subset_shaping,
    text_units,
)
from tests.fontsubset_shaping import corpus  # noqa: E402

LANG = "ur"
OUT = ROOT / "bench/results/fontsubset_shaping.md"


def units_of(paragraphs: list[str]) -> list[TextUnit]:
    return [u for p in paragraphs for u in text_units(p, LANG)]


def chrome_units() -> list[TextUnit]:
    return [u for s in corpus.ui_strings() + corpus.glossary_names() for u in text_units(s, LANG)]


def codepoint_subset(font: bytes, units: list[TextUnit]) -> tuple[int, int, float]:
    """fontTools with layout closure over every feature: bytes, glyphs, seconds."""
    started = time.perf_counter()
    tt = TTFont(io.BytesIO(font))
    options = ftsubset.Options()
    options.layout_features = ["*"]
    options.layout_closure = True
    options.hinting = False
    options.glyph_names = False
    options.name_IDs = list(core.NAME_IDS)
    options.drop_tables = [*options.drop_tables, *core.DROP_TABLES]
    options.flavor = "woff2"
    options.ignore_missing_unicodes = True
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(unicodes={ord(c) for u in units for c in u.text})
    subsetter.subset(tt)
    out = io.BytesIO()
    ftsubset.save_font(tt, out, options)
    return len(out.getvalue()), len(tt.getGlyphOrder()), time.perf_counter() - started


def shaping(font: bytes, units: list[TextUnit], cold: bool = True):
    if cold:
        core._SOURCES.clear()
    started = time.perf_counter()
    result = subset_shaping(font, units)
    return result, time.perf_counter() - started


def held_aside(font: bytes, n: int) -> dict:
    build, held = corpus.split_article(corpus.article_paragraphs())
    pages = corpus.article_pages(n, first=build)
    paragraphs = [p for page in pages for p in page]
    result, _ = shaping(font, units_of(paragraphs), cold=False)
    extra = corpus.ui_strings() + corpus.glossary_names()
    everything = corpus.held_aside_words(" ".join(paragraphs), held + extra, set(range(0x110000)))
    words = corpus.held_aside_words(" ".join(paragraphs), held + extra, set(result.codepoints))
    summary = check_unseen(font, result, words, LANG).summary
    summary["outside_cmap"] = len(everything) - len(words)
    return summary


def table_breakdown(result) -> list[tuple[str, int, int]]:
    font = TTFont(io.BytesIO(result.sfnt))
    rows = []
    for tag in sorted(font.keys()):
        if tag == "GlyphOrder":
            continue
        data = font.getTableData(tag)
        rows.append((tag, len(data), len(brotli.compress(data, quality=11))))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    sizes = (1, 2, 5) if args.quick else (1, 2, 5, 11, 20)
    site_pages = 5 if args.quick else 20
    font = corpus.font_bytes()
    full_glyphs = len(TTFont(io.BytesIO(font)).getGlyphOrder())
    lines = [
        "# Shaping-aware subsets (issue 5)",
        "",
        f"Noto Nastaliq Urdu 3.007 regular, {len(font):,} bytes WOFF2, {full_glyphs} glyphs.",
        "Text units: every paragraph, sentence and word (lang `ur`), plus the Urdu",
        "interface strings and glossary names. Above one article, the extra text is",
        "synthetic: the article's sentences recombined and some words spliced (seeded).",
        "Times are wall-clock on this machine (2 cores, shared), cold = fresh analysis.",
        "",
        "| text | chars | units | code-point subset (fontTools, all features) | glyphs |"
        " shaping-aware, exact | glyphs kept (seen) | time cp / shaping | ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    held_rows = []
    first_result = None
    for n in sizes:
        paragraphs = corpus.article_worth(n)
        units = units_of(paragraphs) + chrome_units()
        cp_bytes, cp_glyphs, cp_time = codepoint_subset(font, units)
        result, seconds = shaping(font, units)
        if first_result is None:
            first_result = result
        label = "first article" if n == 1 else f"{n} articles' worth"
        s = result.stats
        lines.append(
            f"| {label} | {sum(map(len, paragraphs)):,} | {s['units']:,} | {cp_bytes:,} |"
            f" {cp_glyphs} | {len(result.woff2):,} | {s['glyphs_kept']} ({s['glyphs_seen']}) |"
            f" {cp_time:.1f} s / {seconds:.1f} s | {len(result.woff2) / cp_bytes:.2f} |"
        )
        print(lines[-1], flush=True)
        held = held_aside(font, n)
        held_rows.append((label, held))
        print(label, held, flush=True)

    lines += [
        "",
        "## Held-aside words",
        "",
        "Built from the first half of the article's sentences (plus synthetic text",
        "recombined from that half only, for the larger sizes); judged on words that",
        "occur only in the second half, in the interface strings or in the glossary",
        "names. Words with a character outside the subset's cmap are left out (the",
        "browser draws those with a fallback font); their count is shown.",
        "",
        "| build text | words | no .notdef | no blank ink | joining-only identical |"
        " marks over their base | full shaping exact | left out (cmap) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, h in held_rows:
        lines.append(
            f"| {label} | {h['words']} | {h['words'] - h['notdef']} | {h['words'] - h['blank']} |"
            f" {h['joining_identical']:.1%} | {h['marks_same_base']:.1%} | {h['exact']:.1%} |"
            f" {h['outside_cmap']} |"
        )

    assert first_result is not None
    lines += [
        "",
        "## Where the first article's shaping subset goes",
        "",
        "Uncompressed table sizes, and each table Brotli-compressed alone (quality 11;",
        "WOFF2 compresses all tables in one stream and transforms glyf/loca, so the",
        "per-table figures approximate each table's share of the",
        f"{len(first_result.woff2):,}-byte WOFF2).",
        "",
        "| table | bytes | brotli alone |",
        "|---|---|---|",
    ]
    rows = table_breakdown(first_result)
    for tag, raw, packed in rows:
        lines.append(f"| {tag} | {raw:,} | {packed:,} |")
    total = sum(r[2] for r in rows)
    groups = {
        "outlines (glyf+loca+hmtx)": {"glyf", "loca", "hmtx"},
        "GSUB": {"GSUB"},
        "GPOS": {"GPOS"},
    }
    for name, tags in groups.items():
        share = sum(r[2] for r in rows if r[0] in tags)
        lines.append(f"| **{name}** | | {share:,} ({share / total:.0%}) |")

    # site-wide vs per-page vs core + supplement
    pages = corpus.article_pages(site_pages)
    chrome = chrome_units()
    site, _ = shaping(font, [u for page in pages for u in units_of(page)] + chrome, cold=False)
    per_page = []
    bodies = []
    for page in pages:
        per_page.append(len(subset_shaping(font, units_of(page) + chrome).woff2))
        bodies.append(len(subset_shaping(font, units_of(page)).woff2))
    core_font = len(subset_shaping(font, chrome).woff2)
    lines += [
        "",
        f"## What a reader downloads ({site_pages}-article site, cache-warm after the first view)",
        "",
        f"Site-wide subset: {len(site.woff2):,} bytes. Per-page subsets (page text + interface):",
        f"{min(per_page):,}–{max(per_page):,}. Shared core (interface strings and glossary",
        f"names, own font-family for the page chrome): {core_font:,}; per-page body fonts:",
        f"{min(bodies):,}–{max(bodies):,}. Full font: {len(font):,}.",
        "",
        "| page views | full font | site-wide | per-page | core + per-page body |",
        "|---|---|---|---|---|",
    ]
    for k in (1, 5, 20):
        if k > site_pages:
            continue
        lines.append(
            f"| {k} | {len(font):,} | {len(site.woff2):,} | {sum(per_page[:k]):,} |"
            f" {core_font + sum(bodies[:k]):,} |"
        )
    lines += [
        "",
        "subfont@7.3.0 is run on the built site by `bench/fontsubset/`; its ratios",
        "are not repeated here.",
        "",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
