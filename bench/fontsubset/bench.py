"""Benchmark: the Urdu WOFF2 a reader downloads for the article page, and the
time to make it — full font vs subfont@7.3.0 vs this plugin (cold and warm).

Usage: .venv/bin/python bench/fontsubset/bench.py [--output BUILT_OUTPUT] [--runs N]

Without --output a fixture output is made: one page with the whole article
(lang ur) plus the theme's font files, as the site foundation lays them out.
Every contender works on its own fresh copy of that output, as a rebuild
would give it. Results: stdout and bench/results/fontsubset.md.
"""

from __future__ import annotations

import argparse
import base64
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

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))

from fontsubset import css  # noqa: E402
from fontsubset.plugin import run  # noqa: E402

FONT = ROOT / "theme/static/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2"
FONT_REL = "theme/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2"
FAMILY = "Noto Nastaliq Urdu"
CORPUS_CANDIDATES = [
    Path("/work/shared/corpus/lavrov-pakistan-visit-2021.ur.txt"),
    ROOT.parent / "shared/corpus/lavrov-pakistan-visit-2021.ur.txt",
]
ARABIC_RANGE = (
    "U+0600-06FF, U+0750-077F, U+0870-088E, U+0890-0891, U+0897-08E1, U+08E3-08FF, "
    "U+200C-200E, U+2010-2011, U+204F, U+2E41, U+FB50-FDFF, U+FE70-FE74, U+FE76-FEFC"
)
SUBFONT = HERE / "node_modules/.bin/subfont"


def make_fixture(dest: Path) -> Path:
    corpus = next(p for p in CORPUS_CANDIDATES if p.exists())
    text = corpus.read_text(encoding="utf-8").strip()
    paras = [p.strip() + "۔" for p in text.split("۔") if p.strip()]
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paras)
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
    (dest / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="ur" dir="rtl">\n<head>\n<meta charset="utf-8">\n'
        "<title>لاروف</title>\n"
        '<link rel="stylesheet" href="theme/css/fonts.css">\n'
        '<link rel="stylesheet" href="theme/css/site.css">\n'
        f'<link rel="preload" href="{FONT_REL}" as="font" type="font/woff2" crossorigin>\n'
        f"</head>\n<body>\n<article>\n{body}\n</article>\n</body>\n</html>\n",
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
        total = 0
        for sheet_path, face in faces:
            if face.family() != family:
                continue
            value = face.get("unicode-range")
            ranges = css.parse_unicode_range(value) if value else None
            if ranges is not None and not any(css.in_ranges(ord(c), ranges) for c in chars):
                continue
            url = face.urls()[0]
            if url.startswith("data:"):
                total += len(base64.b64decode(url.split(",", 1)[1]))
            else:
                path = (
                    out / url.lstrip("/")
                    if url.startswith("/")
                    else sheet_path.parent / unquote(url)
                )
                total += path.stat().st_size
        if total:
            return total
    return 0


def page_chars(page: Path) -> set[str]:
    text = re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8").split("<body>", 1)[1])
    return set(html.unescape(text))


def bench(pristine: Path, runs: int) -> list[tuple[str, int, str]]:
    chars = page_chars(pristine / "index.html")
    rows = [("(a) full font", downloaded_font_bytes(pristine, pristine / "index.html", chars), "—")]
    work = Path(tempfile.mkdtemp(prefix="fontsubset-bench-"))
    try:
        subfont = ensure_subfont()
        if subfont is None:
            rows.append(("(b) subfont 7.3.0", 0, "not run: npm unavailable"))
        else:
            times = []
            for i in range(runs):
                copy = work / f"subfont-{i}"
                shutil.copytree(pristine, copy)
                started = time.perf_counter()
                subprocess.run(
                    [str(subfont), str(copy / "index.html"), "--in-place", "--silent"],
                    check=True,
                    capture_output=True,
                )
                times.append(time.perf_counter() - started)
            size = downloaded_font_bytes(copy, copy / "index.html", chars)
            rows.append(
                (
                    "(b) subfont 7.3.0 (`subfont index.html --in-place`)",
                    size,
                    f"{statistics.median(times):.2f} s",
                )
            )

        cold_in, cold_wall = [], []
        for i in range(runs):
            copy, cache = work / f"cold-{i}", work / f"cache-{i}"
            shutil.copytree(pristine, copy)
            started = time.perf_counter()
            report = run({"OUTPUT_PATH": str(copy), "CACHE_PATH": str(cache)})
            cold_wall.append(time.perf_counter() - started)
            cold_in.append(report["seconds"])
            assert report["subset_runs"] == 1, report
        size = downloaded_font_bytes(copy, copy / "index.html", chars)
        rows.append(
            (
                "(c) fontsubset cold (empty cache, verification on)",
                size,
                f"{statistics.median(cold_in):.2f} s in plugin",
            )
        )

        # A cold run in a new interpreter, imports included: like-for-like with
        # subfont's process wall time.
        copy, cache = work / "cold-proc", work / "cache-proc"
        shutil.copytree(pristine, copy)
        code = (
            f"import sys; sys.path.insert(0, {str(ROOT / 'plugins')!r}); "
            "from fontsubset.plugin import run; "
            f"run({{'OUTPUT_PATH': {str(copy)!r}, 'CACHE_PATH': {str(cache)!r}}})"
        )
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        proc_wall = time.perf_counter() - started
        rows.append(
            (
                "(c′) fontsubset cold, fresh Python process incl. imports",
                downloaded_font_bytes(copy, copy / "index.html", chars),
                f"{proc_wall:.2f} s wall",
            )
        )

        warm = []
        for i in range(max(runs, 3)):
            copy = work / f"warm-{i}"
            shutil.copytree(pristine, copy)  # Pelican re-copies the theme on every build
            report = run({"OUTPUT_PATH": str(copy), "CACHE_PATH": str(work / "cache-0")})
            assert report["subset_runs"] == 0, report
            warm.append(report["seconds"])
        rows.append(
            (
                "(d) fontsubset warm (unchanged text)",
                downloaded_font_bytes(copy, copy / "index.html", chars),
                f"{statistics.median(warm) * 1000:.0f} ms in plugin",
            )
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, help="a built output/ (default: make a fixture)")
    parser.add_argument("--runs", type=int, default=5, help="repetitions; the median is shown")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fontsubset-fixture-") as tmp:
        pristine = args.output or make_fixture(Path(tmp) / "output")
        rows = bench(pristine, args.runs)
    lines = [
        "| contender | Urdu WOFF2 bytes downloaded by the article page | time |",
        "| --- | ---: | ---: |",
        *[f"| {name} | {size:,} | {t} |" for name, size, t in rows],
    ]
    table = "\n".join(lines)
    print(table)
    results = ROOT / "bench/results"
    results.mkdir(parents=True, exist_ok=True)
    (results / "fontsubset.md").write_text(
        "# fontsubset benchmark\n\n"
        f"Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; "
        f"median of {args.runs} runs.\n\n" + table + "\n",
        encoding="utf-8",
    )
    (results / "fontsubset.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
