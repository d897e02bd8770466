"""Daily publishing on a realistic site: what builds cost and what returning readers download.

Issue 13's goals, measured on the realistic corpus (``bench/scale/corpus.py``:
real Urdu news sentences without reuse, then text whose vocabulary keeps
growing), against plain Pelican (the same theme with ``localize`` only) in
the same run:

* G1: a reader who returns after each of DAYS publishes (PER_DAY new articles
  each, on an N-article site) and reads the home page and the new articles
  downloads this many bytes of font in all (a browser cache that keeps every
  file it fetched);
* G3: a cold build with a current lock (no caches: a fresh clone) / plain,
  right after the first build and again after the last day (when the lock
  holds the supplements the days made);
* G4: a first-ever build (no lock, no caches) / plain;
* G5: each daily publish (caches kept) / a plain build of the same site.

Each mode is one policy for the main subset: ``lock`` (the default: locked
main subset + supplements) and ``follow`` (``FONTSUBSET_LOCK_PATH = False``:
the subset is derived again from the text on every build, as before).

Run: ``.venv/bin/python -m bench.publish.bench [--n 1000] [--days 20]``;
writes ``bench/results/publish.md`` and ``publish.json``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.scale import corpus
from bench.scale.bench import (
    PLAIN_PLUGINS,
    conf_plugins,
    fallback_templates,
    pelican_command,
    run_pelican,
)

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
_DATE = re.compile(r"^Date: (.+)$", re.M)
_SRC = re.compile(r'src:\s*url\(["\']?([^"\')]+\.woff2)["\']?\)')


def command(content: Path, output: Path, cache: Path, plugins: list[str], lock: Any) -> list[str]:
    overrides = ROOT / "bench" / "results" / ".publish-templates"
    fallback_templates(overrides)
    cmd = pelican_command(content, output, cache, plugins, overrides)
    return [*cmd, f"FONTSUBSET_LOCK_PATH={json.dumps(lock)}"]  # replaces the cache default


#: Cold plain builds per baseline (their median).
PLAIN_COLD_RUNS = 3

#: peak resident memory (MB) of every build this process ran, by log name
PEAK_MB: dict[str, float] = {}


def timed(cmd: list[str], log: Path) -> float:
    seconds, rss = run_pelican(cmd, log, log.with_suffix(".timing.json"))
    PEAK_MB[log.stem] = rss
    return seconds


def fonts_of(output: Path, page: str) -> set[str]:
    """The font files a browser fetches for ``page`` (main face and supplements)."""
    html = (output / page).read_text(encoding="utf-8")
    found = set()
    sheet = (output / "theme/css/fonts.css").read_text(encoding="utf-8")
    found |= {os.path.normpath(f"theme/css/{u}") for u in _SRC.findall(sheet)}
    base = os.path.dirname(page)
    for style in re.findall(r"<style>(.*?)</style>", html, re.S):
        found |= {os.path.normpath(os.path.join(base, u)) for u in _SRC.findall(style)}
    return found


def by_date(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md"), key=lambda p: _DATE.search(p.read_text(encoding="utf-8"))[1])


def simulate(mode: str, pool: Path, work: Path, n: int, days: int, per_day: int) -> dict[str, Any]:
    """Publish day by day; measure builds and what the returning reader fetches."""
    lock: Any = False if mode == "follow" else str(work / "lock")
    content, cache = work / "content", work / "cache"
    plain_cache = work / "plain-cache"
    ordered = by_date(pool / "articles")
    shutil.copytree(pool / "glossary", content / "glossary")
    (content / "articles").mkdir(parents=True)
    for path in ordered[:n]:
        shutil.copy(path, content / "articles" / path.name)
    full, plain = conf_plugins(), list(PLAIN_PLUGINS)
    out, plain_out = work / "output", work / "plain-output"
    logs = work / "logs"
    logs.mkdir()
    result: dict[str, Any] = {"mode": mode, "n": n, "days": []}

    def plain_cold(name: str) -> float:
        """A cold plain build's seconds: the median of three, since a single
        plain build of a few seconds varied by a third between runs here."""
        runs = []
        for i in range(PLAIN_COLD_RUNS):
            for folder in (plain_cache, plain_out):
                shutil.rmtree(folder, ignore_errors=True)
            runs.append(timed(plain_cmd, logs / f"{name}-{i}.log"))
        return statistics.median(runs)

    plain_cmd = command(content, plain_out, plain_cache, plain, False)
    plain_s = plain_cold("plain-cold")
    first = timed(command(content, out, cache, full, lock), logs / "first.log")
    result["first_build"] = {"seconds": first, "plain": plain_s, "ratio": first / plain_s}
    if mode == "lock":  # a fresh clone: the committed lock, no caches
        shutil.rmtree(cache)
        shutil.rmtree(out)
        cold = timed(command(content, out, cache, full, lock), logs / "cold-locked.log")
        result["cold_with_lock"] = {"seconds": cold, "plain": plain_s, "ratio": cold / plain_s}

    fetched: set[str] = set()
    total = 0

    def visit(pages: list[str]) -> int:
        nonlocal total
        got = 0
        for page in pages:
            for font in fonts_of(out, page) - fetched:
                fetched.add(font)
                got += (out / font).stat().st_size
        total += got
        return got

    result["day0_bytes"] = visit(["index.html"])
    report = json.loads((cache / "fontsubset/report.json").read_text())
    result["day0_main_bytes"] = report["fonts"][0]["subset_bytes"]
    for day in range(1, days + 1):
        new = ordered[n + (day - 1) * per_day : n + day * per_day]
        for path in new:
            shutil.copy(path, content / "articles" / path.name)
        seconds = timed(command(content, out, cache, full, lock), logs / f"day{day}.log")
        plain_s = timed(plain_cmd, logs / f"plain{day}.log")
        pages = ["index.html"] + [
            str(p.relative_to(out)) for a in new for p in out.glob(f"*/{a.stem}/index.html")
        ]
        got = visit(pages)
        font = json.loads((cache / "fontsubset/report.json").read_text())["fonts"][0]
        result["days"].append(
            {
                "day": day,
                "seconds": seconds,
                "plain": plain_s,
                "ratio": seconds / plain_s,
                "reader_bytes": got,
                "main": font.get("subset_file", ""),
                "lock": font.get("lock", ""),
                "supplements": font.get("supplements", {}),
            }
        )
        print(
            f"  {mode} day {day}: {seconds:.1f} s (plain {plain_s:.1f} s), reader +{got:,} B,"
            f" lock {font.get('lock')}, supplements {font.get('supplements')}",
            flush=True,
        )
    if mode == "lock":  # a fresh clone at the end: the lock with its supplements
        for folder in (cache, out):
            shutil.rmtree(folder)
        cold = timed(command(content, out, cache, full, lock), logs / "cold-after.log")
        plain_s = plain_cold("plain-cold-after")
        result["cold_after_days"] = {"seconds": cold, "plain": plain_s, "ratio": cold / plain_s}
    result["reader_total"] = total
    result["peak_mb"] = {k: round(v) for k, v in PEAK_MB.items() if not k.startswith("plain")}
    PEAK_MB.clear()
    mains = [report["fonts"][0].get("subset_file", ""), *(d["main"] for d in result["days"])]
    result["main_changes"] = sum(a != b for a, b in itertools.pairwise(mains))
    result["publish_ratio_median"] = statistics.median(d["ratio"] for d in result["days"])
    return result


def table(results: list[dict[str, Any]], args: argparse.Namespace) -> str:
    rows = [
        f"# Daily publishing (N = {args.n:,}, {args.days} days × {args.per_day} articles, "
        f"realistic corpus, seed {args.seed})",
        "",
        "`.venv/bin/python -m bench.publish.bench "
        f"--n {args.n} --days {args.days} --per-day {args.per_day}`, {time.strftime('%Y-%m-%d')},"
        f" {os.cpu_count()} CPUs. Plain = the same theme with `localize` only, same run"
        f" (a cold plain build: the median of {PLAIN_COLD_RUNS}).",
        "",
        "| mode | G1 reader font bytes (all visits) | main file changed on"
        " | first-ever build / plain"
        " | cold build with lock / plain | the same after the last day"
        " | daily publish / plain (median) | peak memory |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]

    def ratio(figures: dict[str, float] | None) -> str:
        if not figures:
            return "—"
        return f"{figures['seconds']:.1f} s / {figures['plain']:.1f} s = {figures['ratio']:.1f}×"

    for r in results:
        rows.append(
            f"| {r['mode']} | {r['reader_total']:,} | {r['main_changes']} of {len(r['days'])} days"
            f" | {ratio(r['first_build'])} | {ratio(r.get('cold_with_lock'))}"
            f" | {ratio(r.get('cold_after_days'))} | {r['publish_ratio_median']:.1f}×"
            f" | {max(r['peak_mb'].values()):,} MB ({max(r['peak_mb'], key=r['peak_mb'].get)}) |"
        )
    rows += [
        "",
        "Per day:",
        "",
        "| mode | day | build s | plain s | ratio | reader +B | supplements |",
    ]
    rows.append("|---|---:|---:|---:|---:|---:|---|")
    for r in results:
        for d in r["days"]:
            s = d["supplements"]
            rows.append(
                f"| {r['mode']} | {d['day']} | {d['seconds']:.1f} | {d['plain']:.1f} |"
                f" {d['ratio']:.1f}× | {d['reader_bytes']:,} |"
                f" {s.get('files', 0)} files, {s.get('bytes', 0):,} B, {s.get('pages', 0)} pages |"
            )
    return "\n".join(rows) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--per-day", type=int, default=5)
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--modes", default="lock,follow")
    parser.add_argument("--out", default="publish", help="results file stem in bench/results/")
    args = parser.parse_args(argv)
    RESULTS.mkdir(parents=True, exist_ok=True)
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-publish-") as tmp:
        work = Path(tmp)
        pool = work / "pool"
        corpus.generate(pool, args.n + args.days * args.per_day, args.seed)
        for mode in args.modes.split(","):
            print(f"== {mode}", flush=True)
            results.append(simulate(mode, pool, work / mode, args.n, args.days, args.per_day))
    (RESULTS / f"{args.out}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    text = table(results, args)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
