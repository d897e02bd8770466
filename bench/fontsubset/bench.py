"""Benchmark (``make bench``): this plugin's subsets vs subfont@7.3.0, side by side.

One run, same machine, same built sites (fixture outputs laid out as the
site's theme lays them out), every contender on its own fresh copy:

1. the article page: Urdu font bytes the page downloads and the time to make
   them — full font, subfont, the plugin's ``codepoints`` and ``shaping``
   strategies cold (in the plugin, and in a fresh process), warm, and after
   one new article (incremental);
2. a 20-article site: bytes a reader downloads over 1, 5 and 20 page views
   (cache-warm after the first) with subfont, the plugin's site-wide subset,
   and — computed with the library — per-page subsets and a shared core
   (site chrome) plus per-page body fonts;
3. the issue's table (1, 2, 5, 11 articles' worth): codepoints vs shaping;
4. where the shaping subset's bytes go (outlines vs GSUB vs GPOS);
5. held-aside words (graceful degradation).

Usage: .venv/bin/python -m bench.fontsubset.bench [--runs N] [--quick]
Results: stdout, bench/results/fontsubset.md and fontsubset.json.
"""

from __future__ import annotations

import argparse
import base64
import functools
import html
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import unquote

import brotli
from fontTools.ttLib import TTFont

from khabarnama.fontsubset import css
from khabarnama.fontsubset.collect import TextUnit, piece_units
from khabarnama.fontsubset.fontfile import to_sfnt
from khabarnama.fontsubset.plugin import run
from khabarnama.fontsubset.separable import piece_separable
from khabarnama.fontsubset.shaping import subset_shaping
from khabarnama.fontsubset.subset import SubsetRequest, shaping_work
from tests.fontsubset_shaping import corpus
from tests.fontsubset_shaping.degrade import check_unseen
from tests.reference_text import reference_article

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


FONT = ROOT / "theme/static/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2"
FONT_REL = "theme/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2"
FAMILY = "Noto Nastaliq Urdu"
ARABIC_RANGE = (
    "U+0600-06FF, U+0750-077F, U+0870-088E, U+0890-0891, U+0897-08E1, U+08E3-08FF, "
    "U+200C-200E, U+2010-2011, U+204F, U+2E41, U+FB50-FDFF, U+FE70-FE74, U+FE76-FEFC"
)
SUBFONT = HERE / "node_modules/.bin/subfont"


def article_html(title: str, paras: list[str], nav: str = "") -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
    return f"{nav}<article>\n<h1>{html.escape(title)}</h1>\n{body}\n</article>"


def make_fixture(dest: Path, pages: dict[str, str] | None = None) -> Path:
    """One page with the whole article, or ``pages`` (path → body HTML)."""
    if pages is None:
        # one paragraph per sentence, as the fontsubset tests' article page
        paras = reference_article().sentences
        pages = {
            "index.html": "<article>\n"
            + "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
            + "\n</article>"
        }
    (dest / "theme/css").mkdir(parents=True)
    (dest / "theme/fonts").mkdir(parents=True)
    shutil.copy(FONT, dest / FONT_REL)
    (dest / "theme/css/fonts.css").write_text(
        f'@font-face {{\n  font-family: "{FAMILY}";\n  font-style: normal;\n  font-weight: 400;\n'
        f'  font-display: swap;\n  src: url("../fonts/{FONT.name}") format("woff2");\n'
        f"  unicode-range: {ARABIC_RANGE};\n}}\n",
        encoding="utf-8",
    )
    (dest / "theme/css/site.css").write_text(
        f':lang(ur) {{ font-family: "{FAMILY}", serif; }}\n', encoding="utf-8"
    )
    for rel, body in pages.items():
        up = "../" * rel.count("/")
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_text(
            '<!DOCTYPE html>\n<html lang="ur" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
            "<title>لاروف</title>\n"
            f'<link rel="stylesheet" href="{up}theme/css/fonts.css">\n'
            f'<link rel="stylesheet" href="{up}theme/css/site.css">\n'
            f'<link rel="preload" href="{up}{FONT_REL}" as="font" type="font/woff2" crossorigin>\n'
            f"</head>\n<body>\n{body}\n</body>\n</html>\n",
            encoding="utf-8",
        )
    return dest


def ensure_subfont() -> Path | None:
    if SUBFONT.exists():
        return SUBFONT
    npm = shutil.which("npm")
    if npm is None:
        return None
    subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--no-package-lock", "--prefix", str(HERE)],
        check=True,
        capture_output=True,
    )
    return SUBFONT if SUBFONT.exists() else None


def _stylesheets(out: Path, page: Path) -> list[tuple[Path, str]]:
    sheets = []
    for href in re.findall(r'<link[^>]+rel="?stylesheet"?[^>]*>', page.read_text(encoding="utf-8")):
        m = re.search(r'href="?([^" >]+)', href)
        if not m:
            continue
        url = m.group(1)
        path = out / url.lstrip("/") if url.startswith("/") else page.parent / url
        if path.exists():
            sheets.append((path, path.read_text(encoding="utf-8")))
    for inline in re.findall(r"<style[^>]*>(.*?)</style>", page.read_text(encoding="utf-8"), re.S):
        sheets.append((page, inline))
    return sheets


def downloaded_font_bytes(out: Path, page: Path, chars: set[str]) -> int:
    return sum(downloaded_font_files(out, page, chars).values())


def downloaded_font_files(out: Path, page: Path, chars: set[str]) -> dict[str, int]:
    """Bytes of the Urdu font files the page's text makes the browser fetch:
    faces of the family (or subfont's ``__subset`` twin) whose unicode-range
    covers a character of the page. subfont's fallback face is lazy and not
    needed by this page, so it does not count."""
    faces = [
        (sheet_path, face)
        for sheet_path, text in _stylesheets(out, page)
        for face in css.font_faces(text)
    ]
    # subfont puts "X__subset" first in every font-family stack; the original
    # family only loads for characters the subset's unicode-range lacks.
    for family in (f"{FAMILY}__subset", FAMILY):
        files: dict[str, int] = {}
        for sheet_path, face in faces:
            if face.family() != family:
                continue
            value = face.get("unicode-range")
            ranges = css.parse_unicode_range(value) if value else None
            if ranges is not None and not any(css.in_ranges(ord(c), ranges) for c in chars):
                continue
            url = face.urls()[0]
            if url.startswith("data:"):
                files[f"{page}:{url[:64]}"] = len(base64.b64decode(url.split(",", 1)[1]))
            else:
                path = (
                    out / url.lstrip("/")
                    if url.startswith("/")
                    else sheet_path.parent / unquote(url)
                )
                files[str(path.resolve())] = path.stat().st_size
        if files:
            return files
    return {}


def page_chars(page: Path) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8").split("<body>", 1)[1])
    return set(html.unescape(text))


#: Written under the measured tables; the figures in it are from the run
#: recorded in bench/results/fontsubset.md (scale: from bench/scale's corpus).
NOTES = """
## Notes

- **Goals.** Article page 0.326× subfont's bytes (goal ≤ 0.35×), exact
  (HarfBuzz on every run, segment, word and code point; OTS; cmap; Chromium
  pixel-identical at 360 and 1280 px in the tests). 20-article site, 5 page
  views: 0.093× (goal ≤ 0.5×): subfont makes one subset per page, so every
  view downloads another ~106 KB. Cold time 0.58× subfont's (goal ≤ 3×);
  unchanged rebuild 8 ms in the plugin (goal < 0.1 s). Bold: the theme has no
  700 face (the browser emboldens the 400 face, same glyphs, same subset); a
  700 face listed in `FONTSUBSET_FONTS` is subset the same way.
- **Site-wide, per page, or core + per page.** Per-page subsets win only the
  first view (36 KB vs 50 KB); from the second view on, the site-wide subset
  is cached and the others keep downloading. A shared core (navigation
  strings) plus per-page body fonts is worse than both: the body text needs
  most of the core's glyphs again. Default: one site-wide subset.
- **Where the bytes go.** About two thirds are outlines (glyf), a fifth GSUB,
  a seventh GPOS. The outlines are the ~390 glyphs HarfBuzz draws or passes
  through plus the degradation set (isolated/final forms and marks reachable
  from the mapped letters through the joining features, 13 glyphs here); GPOS
  is mostly the protected mark/mkmk/cursive anchors between kept glyphs.
- **What would cut further.** Coverage entries and class definitions of the
  contextual GSUB subtables are pruned only with whole rules; trimming them
  per position (from the buffer contents each rule actually matched) would
  shrink GSUB. Outlines of glyphs that exist only mid-GSUB could be emptied
  if it were proven no unseen text can end on them (a protected lookup
  always consumes them); in this font the only such glyphs already have no
  outline. Dropping cursive attachment from the degradation set (the issue
  does not require it) would shrink GPOS at the cost of unseen words losing
  their Nastaliq cascade.
- **Scale** (library, same units as the plugin, generated corpus of
  `bench/scale/corpus.py`): 1,000 articles → 1,483 traced units, search 4.8 s;
  10,000 articles → 5,242 traced units, search 14 s (trace 2.6 s, prune
  9.8 s), site-wide subset 37,968 B. Long runs are not traced, only
  verified, by the plugin's verification that `codepoints` runs too (2.3 M
  characters at 1,000 articles: ~8 s single-threaded; 21 M at 10,000).
"""

KEYS = ("traced", "prune_trials", "glyph_trials", "glyphs_kept", "entries_removed")


def _cold_process_state() -> None:
    """Forget what this process learnt about the font: a cold build starts
    in a new Pelican process."""
    from khabarnama.fontsubset.shaping import core

    core._SOURCES.clear()
    core._RESULTS.clear()


def plugin_run(pristine: Path, dest: Path, cache: Path, strategy: str) -> tuple[Path, dict, float]:
    shutil.copytree(pristine, dest)
    _cold_process_state()
    report = run(
        {"OUTPUT_PATH": str(dest), "CACHE_PATH": str(cache), "FONTSUBSET_STRATEGY": strategy}
    )
    (entry,) = report["fonts"]
    assert entry["status"] == "subset", entry
    return dest, report, report["seconds"]


def subfont_run(subfont: Path, pristine: Path, dest: Path) -> float:
    shutil.copytree(pristine, dest)
    pages = sorted(str(p) for p in dest.rglob("*.html"))
    started = time.perf_counter()
    subprocess.run(
        [str(subfont), *pages, "--in-place", "--silent"], check=True, capture_output=True
    )
    return time.perf_counter() - started


def views(out: Path, pages: list[str], k: int) -> int:
    """Bytes over the first ``k`` page views, each font file fetched once."""
    files: dict[str, int] = {}
    for rel in pages[:k]:
        files.update(downloaded_font_files(out, out / rel, page_chars(out / rel)))
    return sum(files.values())


def ratio(a: float, b: float) -> str:
    return f"{a / b:.3f}×" if b else "—"


def site_pages(n: int, nav: bool) -> dict[str, str]:
    chrome = ""
    if nav:
        chrome = (
            "<nav>"
            + " ".join(f"<a href='#'>{html.escape(s)}</a>" for s in corpus.ui_strings() if s)
            + "</nav>\n"
        )
    pages = {}
    for i, paras in enumerate(corpus.article_pages(n), 1):
        rel = "index.html" if i == 1 else f"a/{i:02d}/index.html"
        pages[rel] = article_html("خبر", paras, chrome)
    return pages


def units_of(texts: list[str], separable: bool) -> tuple[list, list]:
    """The plugin's traced and verify-only units for ``texts`` (``shaping_work``)."""
    units = tuple(TextUnit("ur", " ".join(t.split())) for t in texts if t.strip())
    pieces = tuple(piece_units(units)) if separable else ()
    traced, checked = shaping_work(SubsetRequest((), units, separable, pieces))
    return [(u.text, u.lang) for u in traced], [(u.text, u.lang) for u in checked]


@functools.lru_cache(maxsize=4)
def separable_font(font: bytes) -> bool:
    return piece_separable(to_sfnt(font, "font"))


def library_subset(font: bytes, texts: list[str]) -> int:
    traced, checked = units_of(texts, separable_font(font))
    return len(subset_shaping(font, traced, verify_units=checked).woff2)


def table_breakdown(woff2: bytes) -> list[tuple[str, int, int]]:
    font = TTFont(__import__("io").BytesIO(woff2))
    rows = []
    for tag in sorted(font.keys()):
        if tag == "GlyphOrder":
            continue
        data = font.getTableData(tag)
        rows.append((tag, len(data), len(brotli.compress(data, quality=11))))
    return rows


PUNCT = "،؛۔؟!?.,:;()\"'"


def held_aside(font: bytes, work: Path) -> dict:
    paragraphs = corpus.article_paragraphs()
    half = len(paragraphs) // 2
    pristine = make_fixture(work / "held", {"index.html": article_html("خبر", paragraphs[:half])})
    out, _, _ = plugin_run(pristine, work / "held-out", work / "held-cache", "shaping")
    (woff2,) = (out / "theme/fonts").glob("*.woff2")
    (manifest,) = (work / "held-cache/fontsubset").glob("*/manifest.json")
    glyph_map = json.loads(manifest.read_text())["glyph_map"]
    seen = {w for p in paragraphs[:half] for w in p.split()}
    cmap = set(TTFont(woff2).getBestCmap())
    words = [w.strip(PUNCT) for p in paragraphs[half:] for w in p.split() if w not in seen]
    words = [w for w in dict.fromkeys(words) if w and all(ord(c) in cmap for c in w)]
    return check_unseen(font, woff2.read_bytes(), words, "ur", glyph_map=glyph_map).summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="repetitions; the median is shown")
    parser.add_argument("--quick", action="store_true", help="table for 1 and 2 articles only")
    args = parser.parse_args(argv)
    font = FONT.read_bytes()
    work = Path(tempfile.mkdtemp(prefix="fontsubset-bench-"))
    out_json: dict = {}
    lines: list[str] = []
    try:
        subfont = ensure_subfont()
        if subfont is None:
            print("subfont unavailable (npm missing): nothing to compare with", file=sys.stderr)
            return 1

        # 1. the article page --------------------------------------------------
        pristine = make_fixture(work / "article")
        chars = page_chars(pristine / "index.html")
        sf_times = [subfont_run(subfont, pristine, work / f"sf-{i}") for i in range(args.runs)]
        sf_bytes = downloaded_font_bytes(work / "sf-0", work / "sf-0/index.html", chars)
        cp_times, sh_times = [], []
        for i in range(args.runs):
            _, _, s = plugin_run(pristine, work / f"cp-{i}", work / f"cpc-{i}", "codepoints")
            cp_times.append(s)
            _, rep, s = plugin_run(pristine, work / f"sh-{i}", work / f"shc-{i}", "shaping")
            sh_times.append(s)
        cp_bytes = downloaded_font_bytes(work / "cp-0", work / "cp-0/index.html", chars)
        sh_bytes = downloaded_font_bytes(work / "sh-0", work / "sh-0/index.html", chars)
        sh_entry = rep["fonts"][0]
        # a cold build in a new interpreter, imports included (like subfont's wall time)
        copy = work / "sh-proc"
        shutil.copytree(pristine, copy)
        code = (
            "from khabarnama.fontsubset.plugin import run; "
            f"run({{'OUTPUT_PATH': {str(copy)!r}, 'CACHE_PATH': {str(work / 'shc-proc')!r}}})"
        )
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        proc_wall = time.perf_counter() - started
        warm = []
        for i in range(max(args.runs, 3)):
            _, rep_w, s = plugin_run(pristine, work / f"warm-{i}", work / "shc-0", "shaping")
            assert rep_w["subset_runs"] == 0, rep_w
            warm.append(s)
        # one new article on top of the cached site: the incremental path
        more = site_pages(2, nav=False)
        two = make_fixture(
            work / "two",
            {
                "index.html": more["index.html"],
                **{k: v for k, v in more.items() if k != "index.html"},
            },
        )
        shutil.copytree(work / "shc-0", work / "inc-cache")
        _, rep_i, inc_s = plugin_run(two, work / "inc", work / "inc-cache", "shaping")
        _, rep_c2, cold2_s = plugin_run(two, work / "cold2", work / "cold2-cache", "shaping")
        sf, cp, sh = (
            statistics.median(sf_times),
            statistics.median(cp_times),
            statistics.median(sh_times),
        )
        lines += [
            "## The article page",
            "",
            "One page with the whole article (the site's first article), the theme's",
            f"`@font-face`; times are medians of {args.runs} runs in this one process run.",
            "",
            "| contender | Urdu WOFF2 bytes the page downloads | vs subfont | time | vs subfont |",
            "| --- | ---: | ---: | ---: | ---: |",
            f"| full font | {len(font):,} | {ratio(len(font), sf_bytes)} | — | — |",
            f"| subfont 7.3.0 (`subfont index.html --in-place`) | {sf_bytes:,} | 1 |"
            f" {sf:.2f} s wall | 1 |",
            f"| fontsubset `codepoints`, cold | {cp_bytes:,} | {ratio(cp_bytes, sf_bytes)} |"
            f" {cp:.2f} s in plugin | {ratio(cp, sf)} |",
            f"| **fontsubset `shaping` (default), cold** | **{sh_bytes:,}** |"
            f" **{ratio(sh_bytes, sf_bytes)}** | {sh:.2f} s in plugin | {ratio(sh, sf)} |",
            f"| fontsubset `shaping`, cold, new Python process incl. imports | {sh_bytes:,} |"
            f" {ratio(sh_bytes, sf_bytes)} | {proc_wall:.2f} s wall | {ratio(proc_wall, sf)} |",
            f"| fontsubset `shaping`, warm (unchanged text) | {sh_bytes:,} | — |"
            f" {statistics.median(warm) * 1000:.0f} ms in plugin | — |",
            f"| fontsubset `shaping`, + 1 article, incremental | "
            f"{rep_i['fonts'][0]['subset_bytes']:,} | — | {inc_s:.2f} s in plugin"
            f" (cold: {cold2_s:.2f} s, {rep_c2['fonts'][0]['subset_bytes']:,} B) | — |",
            "",
            f"Shaping, cold: {json.dumps({k: sh_entry['strategy'][k] for k in KEYS})};"
            f" seconds by step: "
            + ", ".join(f"{k} {v:.2f}" for k, v in sh_entry["strategy"]["seconds"].items())
            + f"; plugin verification {sh_entry['verification']['seconds']:.2f} s"
            f" ({sh_entry['verification']['texts_shaped']} texts, OTS"
            f" {sh_entry['verification']['ots']}).",
            f"Incremental: {rep_i['fonts'][0]['strategy']['traced']} units traced,"
            f" {rep_i['fonts'][0]['strategy']['prune_trials']} prune trials"
            f" (cold: {rep_c2['fonts'][0]['strategy']['traced']},"
            f" {rep_c2['fonts'][0]['strategy']['prune_trials']}).",
            "",
        ]
        print("\n".join(lines), flush=True)
        out_json["article"] = {
            "subfont": [sf_bytes, sf],
            "codepoints": [cp_bytes, cp],
            "shaping": [sh_bytes, sh],
            "shaping_process_wall": proc_wall,
            "warm": statistics.median(warm),
            "incremental": inc_s,
            "cold_two": cold2_s,
        }
        (sh_woff2,) = (work / "sh-0/theme/fonts").glob("*.woff2")
        article_woff2 = sh_woff2.read_bytes()

        # 2. a 20-article site: page views ------------------------------------
        pages = site_pages(20, nav=True)
        order = list(pages)
        site = make_fixture(work / "site20", pages)
        sf_site_s = subfont_run(subfont, site, work / "site20-sf")
        _, _, sh_site_s = plugin_run(site, work / "site20-sh", work / "site20-shc", "shaping")
        _, _, cp_site_s = plugin_run(site, work / "site20-cp", work / "site20-cpc", "codepoints")
        nav_texts = [s for s in corpus.ui_strings() if s]
        page_texts = [["خبر", *p] for p in corpus.article_pages(20)]
        per_page = [library_subset(font, nav_texts + t) for t in page_texts]
        core_bytes = library_subset(font, nav_texts)
        bodies = [library_subset(font, t) for t in page_texts]
        lines += [
            "## What a reader downloads: 20-article site",
            "",
            "20 article pages (the article and 19 synthetic ones recombined from its",
            "sentences, seeded) with a navigation bar of the interface strings; views in",
            "site order, each font file fetched once (cache-warm after the first view).",
            "Per-page and core + body figures come from the library (same units, same",
            "checks); the plugin ships one site-wide subset.",
            f"Cold time for this site: subfont {sf_site_s:.2f} s wall, plugin `shaping`"
            f" {sh_site_s:.2f} s, `codepoints` {cp_site_s:.2f} s (in plugin).",
            "",
            "| page views | full font | subfont 7.3.0 | `codepoints` | **`shaping` site-wide**"
            " | vs subfont | per-page subsets | core + per-page body |",
            "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for k in (1, 5, 20):
            a = views(work / "site20-sf", order, k)
            b = views(work / "site20-cp", order, k)
            c = views(work / "site20-sh", order, k)
            lines.append(
                f"| {k} | {len(font):,} | {a:,} | {b:,} | **{c:,}** | {ratio(c, a)} |"
                f" {sum(per_page[:k]):,} | {core_bytes + sum(bodies[:k]):,} |"
            )
            out_json[f"site20_views_{k}"] = {"subfont": a, "codepoints": b, "shaping": c}
        lines.append("")
        print("\n".join(lines[-8:]), flush=True)

        # 3. the issue's table ------------------------------------------------
        sizes = (1, 2) if args.quick else (1, 2, 5, 11)
        lines += [
            "## By amount of text (the issue's table)",
            "",
            "n pages of about one article each (the article, then synthetic ones);"
            " plugin, cold, both strategies.",
            "",
            "| text | code-point subset | time | shaping-aware, exact | time | ratio |"
            " glyphs kept (seen) | traced units |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for n in sizes:
            pn = make_fixture(work / f"n{n}", site_pages(n, nav=False))
            _, rc, tc = plugin_run(pn, work / f"n{n}-cp", work / f"n{n}-cpc", "codepoints")
            _, rs, ts = plugin_run(pn, work / f"n{n}-sh", work / f"n{n}-shc", "shaping")
            c, s_ = rc["fonts"][0], rs["fonts"][0]
            label = "first article" if n == 1 else f"{n} articles' worth"
            lines.append(
                f"| {label} | {c['subset_bytes']:,} | {tc:.1f} s | {s_['subset_bytes']:,} |"
                f" {ts:.1f} s | {s_['subset_bytes'] / c['subset_bytes']:.2f} |"
                f" {s_['glyphs_kept']} ({s_['strategy']['glyphs_seen']}) |"
                f" {s_['strategy']['traced']} |"
            )
            print(lines[-1], flush=True)
            out_json[f"n{n}"] = [c["subset_bytes"], tc, s_["subset_bytes"], ts]

        # 4. where the bytes go ------------------------------------------------
        rows = table_breakdown(article_woff2)
        total = sum(r[2] for r in rows)
        lines += [
            "",
            f"## Where the article page's {len(article_woff2):,} bytes go",
            "",
            "Tables uncompressed and Brotli-compressed alone (quality 11); WOFF2 packs all",
            "tables in one stream and transforms glyf/loca, so shares are approximate.",
            "",
            "| table | bytes | brotli alone |",
            "| --- | ---: | ---: |",
            *[f"| {t} | {raw:,} | {packed:,} |" for t, raw, packed in rows],
        ]
        for name, tags in (
            ("outlines (glyf+loca+hmtx)", {"glyf", "loca", "hmtx"}),
            ("GSUB", {"GSUB"}),
            ("GPOS", {"GPOS"}),
        ):
            share = sum(r[2] for r in rows if r[0] in tags)
            lines.append(f"| **{name}** | | {share:,} ({share / total:.0%}) |")

        # 5. held-aside words --------------------------------------------------
        h = held_aside(font, work)
        lines += [
            "",
            "## Held-aside words (graceful degradation)",
            "",
            "Site built from the first half of the article; judged on the words only in",
            "the second half that the subset's cmap covers.",
            "",
            "| words | no .notdef | no blank ink | joining-only identical |"
            " marks over their base | full shaping exact |",
            "| ---: | ---: | ---: | ---: | ---: | ---: |",
            f"| {h['words']} | {h['words'] - h['notdef']} | {h['words'] - h['blank']} |"
            f" {h['joining_identical']:.1%} | {h['marks_same_base']:.1%} | {h['exact']:.1%} |",
            "",
        ]
        out_json["held_aside"] = h
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results = ROOT / "bench/results"
    results.mkdir(parents=True, exist_ok=True)
    header = (
        "# fontsubset benchmark\n\n"
        f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; one run of"
        " `bench/fontsubset/bench.py`, subfont@7.3.0 measured in the same run.\n"
        "Noto Nastaliq Urdu 3.007 regular (Fontsource WOFF2).\n\n"
    )
    (results / "fontsubset.md").write_text(
        header + "\n".join(lines) + "\n" + NOTES, encoding="utf-8"
    )
    (results / "fontsubset.json").write_text(json.dumps(out_json, ensure_ascii=False, indent=1))
    print(f"wrote {results / 'fontsubset.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
