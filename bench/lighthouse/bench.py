"""Lighthouse on the published site: the article, a glossary entry and the home page.

Run: ``.venv/bin/python -m bench.lighthouse.bench [--runs N]`` (``make bench``
runs it with every other ``bench/*/bench.py``). Needs ``npm ci`` (Lighthouse
12.2.3 from package.json) and Debian's ``chromium`` (``CHROME_PATH``); no
network: everything is served on 127.0.0.1.

What it does, and why:

* builds ``content/`` with ``publishconf.py`` and ``SITEURL`` set to the
  loopback server that then serves it, so canonical URLs, robots.txt and the
  sitemap are exactly what a deployment has (only the host differs);
* serves it with gzip for text files, as any production host does, so
  "bytes transferred" means what a reader's phone downloads;
* runs Lighthouse with its default mobile emulation and simulated throttling
  (Moto G Power class device, slow 4G), ``--headless=new --no-sandbox
  --disable-gpu``; each page ``--runs`` times, keeping the median
  performance run (Lighthouse's own advice for variance);
* reports scores, core metrics, Lighthouse's total transfer size, and the
  page weight our byte-budget test computes (tests/reader/pageweight.py);
* exits 1 when a score is below the targets (performance ≥ 95,
  accessibility 100, best practices ≥ 95, SEO 100).

Writes ``bench/results/lighthouse.md`` and ``lighthouse.json``.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any

from tests.browser import serve
from tests.reader.pageweight import page_weight

ROOT = Path(__file__).resolve().parents[2]


LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PELICAN = ROOT / ".venv" / "bin" / "pelican"
RESULTS = ROOT / "bench" / "results"
PAGES = {
    "article": "2021/lavrov-pakistan-visit-2021/",
    "entry": "glossary/people/sergey-lavrov/",
    "index": "",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 100}
CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TEXT_TYPES = (".html", ".css", ".js", ".json", ".xml", ".txt", ".svg", ".mjs")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, text gzip-compressed when the client accepts it."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()  # the base class redirects to the slash URL
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.suffix in TEXT_TYPES and path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def build(output: Path, siteurl: str) -> None:
    """``make publish`` with SITEURL pointing at the loopback server."""
    env = {**os.environ, "SITEURL": siteurl, "PYTHONDONTWRITEBYTECODE": "1"}
    command = [
        str(PELICAN), "content", "-o", str(output), "-s", "publishconf.py",
        "--fatal", "warnings", "--log-handler", "plain",
    ]  # fmt: skip
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"lighthouse bench: the build failed:\n{done.stdout}{done.stderr}")


def lighthouse(url: str, report: Path) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}
    command = [
        str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
    ]  # fmt: skip
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, check=False, timeout=300
    )
    if done.returncode != 0 or not report.exists():
        sys.exit(f"lighthouse bench: Lighthouse failed on {url}:\n{done.stderr[-3000:]}")
    return json.loads(report.read_text(encoding="utf-8"))


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    audits = result["audits"]
    failing = [
        f"{cat}: {ref['id']}"
        for cat in CATEGORIES
        for ref in result["categories"][cat]["auditRefs"]
        if ref["weight"] > 0 and (audits[ref["id"]].get("score") not in (None, 1))
    ]
    return {
        "scores": {c: round(result["categories"][c]["score"] * 100) for c in CATEGORIES},
        "fcp_ms": round(audits["first-contentful-paint"]["numericValue"]),
        "lcp_ms": round(audits["largest-contentful-paint"]["numericValue"]),
        "tbt_ms": round(audits["total-blocking-time"]["numericValue"]),
        "cls": round(audits["cumulative-layout-shift"]["numericValue"], 3),
        "transfer_bytes": round(audits["total-byte-weight"]["numericValue"]),
        "requests": len(audits["network-requests"]["details"]["items"]),
        "imperfect_audits": failing,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--runs", type=int, default=3, help="Lighthouse runs per page (median kept)"
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "lighthouse.md")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit("lighthouse bench: node_modules/.bin/lighthouse is missing — run `npm ci`")

    rows: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        output = Path(tmp) / "output"
        output.mkdir()
        with serve(output, GzipHandler) as siteurl:
            build(output, siteurl)
            for name, path in PAGES.items():
                runs = []
                for i in range(args.runs):
                    result = lighthouse(f"{siteurl}/{path}", Path(tmp) / f"{name}-{i}.json")
                    runs.append(summarise(result))
                runs.sort(key=lambda r: r["scores"]["performance"])
                best = runs[len(runs) // 2]
                best["performance_runs"] = [r["scores"]["performance"] for r in runs]
                weight = page_weight(output, output / path / "index.html", siteurl)
                best["weight"] = {"sent": weight.sent, "raw": weight.raw, "total": weight.total}
                rows[name] = best
                print(
                    f"{name:8} {best['scores']} transfer {best['transfer_bytes']:,} B", flush=True
                )

    below = [
        f"{name}: {cat} {row['scores'][cat]} < {TARGETS[cat]}"
        for name, row in rows.items()
        for cat in CATEGORIES
        if row["scores"][cat] < TARGETS[cat]
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(rows, args.runs, below), encoding="utf-8")
    args.output.with_suffix(".json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    if below:
        print("below target:\n  " + "\n  ".join(below), file=sys.stderr)
        return 1
    return 0


def render(rows: dict[str, dict[str, Any]], runs: int, below: list[str]) -> str:
    lines = [
        "# Lighthouse: published build, mobile emulation",
        "",
        f"Lighthouse 12.2.3, Debian chromium (`--headless=new --no-sandbox --disable-gpu`), "
        f"default mobile emulation and simulated slow-4G throttling; median of {runs} runs "
        "by performance score. Site built with `publishconf.py`, served on 127.0.0.1 with "
        "gzip for text. Targets: performance ≥ 95, accessibility 100, best practices ≥ 95, "
        "SEO 100.",
        "",
        "| page | performance | accessibility | best practices | SEO | FCP ms | LCP ms | TBT ms "
        "| CLS | requests | transferred (Lighthouse) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in rows.items():
        s = row["scores"]
        runs_text = ", ".join(map(str, row["performance_runs"]))
        lines.append(
            f"| {name} (`/{PAGES[name]}`) | {s['performance']} ({runs_text}) "
            f"| {s['accessibility']} | {s['best-practices']} | {s['seo']} | {row['fcp_ms']} "
            f"| {row['lcp_ms']} | {row['tbt_ms']} | {row['cls']} | {row['requests']} "
            f"| {row['transfer_bytes']:,} B |"
        )
    lines += [
        "",
        "## Page weight (what `tests/reader/test_budget.py` checks against `PAGE_BYTE_BUDGET`)",
        "",
        "HTML, CSS and JS gzip level 6, fonts as shipped (WOFF2).",
        "",
        "| page | HTML | CSS | JS | font | total sent | total raw |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in rows.items():
        sent, raw = row["weight"]["sent"], row["weight"]["raw"]
        lines.append(
            f"| {name} | {sent['html']:,} | {sent['css']:,} | {sent['js']:,} | {sent['font']:,} "
            f"| {row['weight']['total']:,} | {sum(raw.values()):,} |"
        )
    lines += ["", "## Audits not at full marks", ""]
    for name, row in rows.items():
        lines.append(f"- {name}: {', '.join(row['imperfect_audits']) or 'none'}")
    lines += [
        "",
        f"Result: {'below target: ' + '; '.join(below) if below else 'all targets met'}.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
