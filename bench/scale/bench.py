"""Scale benchmark: our plugins against plain Pelican on 100 to 10,000 articles.

For each N (M = N / 5 glossary entries, see ``corpus.py``) and each variant.
The corpus is ``corpus.py``'s realistic one by default: real Urdu sentences of
the IL-NER corpus (CC BY 4.0: IIIT Hyderabad, CDAC Noida, IIIT Bhubaneshwar,
Bhashini; Bahad et al. 2024, arXiv:2405.04829), none used twice, then text
whose vocabulary keeps growing, so costs that grow with the vocabulary show
(issue 13); ``--corpus recombined`` runs the earlier corpus, one article's
sentences drawn again and again, for comparison. Variants:

* ``full``: the site as configured, i.e. ``PLUGINS`` from ``pelicanconf.py``
  plus the plugins issue 8 depends on (``glossary``, ``fontsubset``) while they
  are not enabled there yet, so the figures include them (``--conf-only`` turns
  that off);
* ``plain``: the same content, theme and settings with Pelican's own machinery
  and only the ``localize`` plugin. The theme calls ``ui()``, ``localdate`` and
  ``direction()``, which ``localize`` provides; copying them into
  JINJA_GLOBALS/JINJA_FILTERS would mean a second implementation to keep in
  step, while ``localize`` costs a few microseconds per build (it only
  installs the helpers; the timing plugin measures it in both variants).

Cases, run in this order on one content folder:

* ``cold``: empty output folder and empty caches;
* ``warm``: again, nothing changed (Pelican's content cache on: CACHE_CONTENT,
  LOAD_CONTENT_CACHE, CACHE_PATH in the temp folder; the plugins' own caches
  live under CACHE_PATH too);
* ``edit``: one article gets one more sentence, then a rebuild.

Every build writes into an empty output folder, as ``make html`` does (it
stages into ``output.partial``); only the caches carry over. ``--keep-output``
rebuilds over the previous output instead, as ``make devserver`` does; on
ext4, overwriting thousands of existing files is I/O-bound and noisy
(truncating a file forces its data out), which blurs the comparison.

Each build is a ``pelican --fatal warnings`` subprocess; its peak memory is the
child's ``ru_maxrss`` from ``os.wait4``. ``bench/scale/timing_plugin`` (only
in the bench's PLUGINS, inert without ``KHABARNAMA_BENCH_TIMING``) writes
every plugin's self time and Pelican's stage times.

    python -m bench.scale.bench            # N = 100, 1000, 10000 → bench/results/scale.*
    python -m bench.scale.bench --quick    # N = 100, 1000 → bench/results/scale-quick.*
    python -m bench.scale.bench --sizes 300 --profile 300   # + a cProfile of the full cold build
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import platform
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.scale import corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


PELICAN = Path(sys.executable).with_name("pelican")
RESULTS = ROOT / "bench" / "results"
SIZES = (100, 1000, 10_000)
QUICK_SIZES = (100, 1000)
CASES = ("cold", "warm", "edit")
VARIANTS = ("plain", "full")
ISSUE_PLUGINS = (
    "khabarnama.glossary",
    "khabarnama.fontsubset",
)  # issue 8 measures these even before they are enabled
PLAIN_PLUGINS = ("khabarnama.localize",)
TIMING_PLUGIN = "timing_plugin"
TIMING_ENV = "KHABARNAMA_BENCH_TIMING"
FALLBACK_TEMPLATES = HERE / "templates"
BUILD_TIMEOUT = 1800
MIN_TIMEOUT = 60  # a build started near the end of the budget still gets this long

# Goals of issue 8.
COLD_RATIO_MAX = 3.0
WARM_RATIO_MAX = 1.5
EDIT_SECONDS_MAX = 5.0
RSS_MB_MAX = 2048


@dataclass
class Run:
    n: int
    variant: str
    case: str
    seconds: float
    rss_mb: float
    plugins: dict[str, float] = field(default_factory=dict)
    plugin_signals: dict[str, dict[str, float]] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    fontsubset: dict[str, Any] = field(default_factory=dict)
    repeats: int = 1
    stopped: bool = False  # killed at the time limit: seconds is a lower bound


# -- settings -----------------------------------------------------------------


def conf_plugins() -> list[str]:
    """PLUGINS as pelicanconf.py sets them today (so new plugins are picked up)."""
    from pelican.settings import read_settings

    return list(read_settings(str(ROOT / "pelicanconf.py"))["PLUGINS"] or [])


def variant_plugins(conf_only: bool, without: tuple[str, ...] = ()) -> dict[str, list[str]]:
    full = conf_plugins()
    if not conf_only:
        full += [p for p in ISSUE_PLUGINS if p not in full]
    return {"plain": list(PLAIN_PLUGINS), "full": [p for p in full if p not in without]}


def predicted_seconds(runs: list[Run], n: int) -> float | None:
    """Time the builds of N will take, extrapolated linearly from the largest size run."""
    done = [r for r in runs if r.n < n]
    if not done:
        return None
    last = max(r.n for r in done)
    builds = [r.seconds * r.repeats for r in done if r.n == last]
    return sum(builds) * n / last


def fallback_templates(dest: Path) -> list[str]:
    """Bench templates for pages the theme cannot render yet (glossary pages).

    Only templates missing from ``theme/templates`` are offered, so the theme's
    own win as soon as they exist.
    """
    theme = ROOT / "theme" / "templates"
    missing = [
        p for p in sorted(FALLBACK_TEMPLATES.glob("*.html")) if not (theme / p.name).exists()
    ]
    dest.mkdir(parents=True, exist_ok=True)
    for path in missing:
        shutil.copy(path, dest / path.name)
    return [p.name for p in missing]


def pelican_command(
    content: Path, output: Path, cache: Path, plugins: list[str], overrides: Path | None
) -> list[str]:
    settings: dict[str, Any] = {
        "PLUGIN_PATHS": [str(HERE)],
        "PLUGINS": [*plugins, TIMING_PLUGIN],
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(cache),
        # the font lock lives with the cache: a cold build is a first-ever one,
        # and no bench ever rewrites the site's committed lock
        "FONTSUBSET_LOCK_PATH": str(cache / "fontsubset-lock"),
        # the corpus's attribution, deliberately not a page (corpus.NOTICE)
        "CONTENT_CHECKS_IGNORE": ["NOTICE.txt"],
    }
    if overrides is not None:
        settings["THEME_TEMPLATES_OVERRIDES"] = [str(overrides)]
    command = [str(PELICAN), str(content), "-o", str(output), "-s", str(ROOT / "pelicanconf.py")]
    command += ["--fatal", "warnings", "--log-handler", "plain", "-e"]
    command += [f"{k}={json.dumps(v)}" for k, v in settings.items()]
    return command


# -- running ------------------------------------------------------------------


class BuildFailed(RuntimeError):
    pass


class BuildStopped(BuildFailed):
    """The build ran past its time limit (the bench's budget) and was killed."""

    def __init__(self, seconds: float, log: Path) -> None:
        super().__init__(f"build stopped after {seconds:.0f} s: {log}")
        self.seconds = seconds


def run_pelican(
    command: list[str], log: Path, timing: Path, timeout: float = BUILD_TIMEOUT
) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of one build; raises on a failed build."""
    env = {**os.environ, TIMING_ENV: str(timing), "PYTHONDONTWRITEBYTECODE": "1"}
    timing.unlink(missing_ok=True)
    with open(log, "w", encoding="utf-8") as out:
        started = time.perf_counter()
        proc = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, env=env)
        deadline = started + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                proc.kill()
                os.wait4(proc.pid, 0)
                raise BuildStopped(time.perf_counter() - started, log)
            time.sleep(0.02)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(encoding="utf-8", errors="replace")
    if proc.returncode != 0 or "WARNING" in text:
        tail = "\n".join(text.splitlines()[-30:])
        raise BuildFailed(f"build failed (exit {proc.returncode}), log {log}:\n{tail}")
    return seconds, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def build(
    n: int,
    variant: str,
    case: str,
    command: list[str],
    stem: Path,
    cache: Path,
    deadline: float | None = None,
) -> Run:
    """One timed build, with the timing plugin's and fontsubset's reports."""
    timing = stem.with_suffix(".timing.json")
    timeout = BUILD_TIMEOUT
    if deadline is not None:
        timeout = min(timeout, max(deadline - time.perf_counter(), MIN_TIMEOUT))
    seconds, rss = run_pelican(command, stem.with_suffix(".log"), timing, timeout)
    run = Run(n, variant, case, seconds, rss)
    if timing.exists():
        data = json.loads(timing.read_text(encoding="utf-8"))
        run.plugins, run.stages = data["plugins"], data["stages"]
        run.plugin_signals = data["plugin_signals"]
    report = cache / "fontsubset" / "report.json"
    if variant == "full" and report.exists():
        run.fontsubset = fontsubset_summary(json.loads(report.read_text("utf-8")))
        report.unlink()
    return run


def bench_size(
    n: int,
    work: Path,
    plugins: dict[str, list[str]],
    overrides: Path | None,
    seed: int,
    repeat: int = 1,
    keep_output: bool = False,
    deadline: float | None = None,
    mode: str = corpus.DEFAULT_MODE,
) -> tuple[list[Run], dict[str, Any]]:
    """Every variant and case for N; each figure is the fastest of ``repeat`` builds."""
    content = work / f"content-{n}"
    started = time.perf_counter()
    made = corpus.generate(content, n, seed, mode=mode)
    info = {
        "n": n,
        "corpus": mode,
        "entries": len(made.entries),
        "article_bytes": sum(p.stat().st_size for p in made.articles),
        "mentions": made.mentions,
        "generate_seconds": time.perf_counter() - started,
    }
    print(
        f"  corpus: {n} articles ({info['article_bytes'] / 1e6:.1f} MB), "
        f"{len(made.entries)} entries, {made.mentions} mentions "
        f"({info['generate_seconds']:.1f} s)",
        flush=True,
    )
    edited = made.articles[len(made.articles) // 2]
    addition = f"\n{made.sentences[n % len(made.sentences)]}۔\n".encode()
    runs = []
    for variant in VARIANTS:
        output, cache = work / f"out-{variant}-{n}", work / f"cache-{variant}-{n}"
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        command = pelican_command(
            content, output, cache, plugins[variant], overrides if variant == "full" else None
        )
        original = edited.read_bytes()
        try:
            for case in CASES:
                best: Run | None = None
                for rep in range(repeat):
                    if case == "cold":
                        shutil.rmtree(cache, ignore_errors=True)
                    if case == "cold" or not keep_output:
                        shutil.rmtree(output, ignore_errors=True)
                    if case == "edit":  # append, restore, append...: each is a one-article edit
                        edited.write_bytes(original if rep % 2 else original + addition)
                    stem = work / f"{variant}-{n}-{case}-{rep}"
                    try:
                        run = build(n, variant, case, command, stem, cache, deadline)
                    except BuildStopped as exc:
                        run = Run(n, variant, case, exc.seconds, 0.0, stopped=True)
                    if best is None or run.seconds < best.seconds:
                        run.rss_mb = max(run.rss_mb, best.rss_mb if best else 0.0)
                        best = run
                    else:
                        best.rss_mb = max(best.rss_mb, run.rss_mb)
                    if run.stopped:
                        break
                assert best is not None
                best.repeats = repeat
                runs.append(best)
                if best.stopped:
                    print(
                        f"  {variant:5} {case:4} stopped after {best.seconds:.0f} s "
                        "(over the budget); later cases of this variant skipped",
                        flush=True,
                    )
                    break
                top = ", ".join(f"{k} {v:.2f}" for k, v in sorted(best.plugins.items()))
                print(
                    f"  {variant:5} {case:4} {best.seconds:7.2f} s {best.rss_mb:7.0f} MB"
                    f"   [{top}]" + (f" (best of {repeat})" if repeat > 1 else ""),
                    flush=True,
                )
        finally:
            edited.write_bytes(original)
        shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(content, ignore_errors=True)
    return runs, info


def fontsubset_summary(report: dict[str, Any]) -> dict[str, Any]:
    fonts = report.get("fonts") or [{}]
    font = fonts[0]
    verification = font.get("verification") or {}
    return {
        "seconds": report.get("seconds"),
        "collect_seconds": report.get("collect_seconds"),
        "pages": report.get("pages"),
        "cache": font.get("cache"),
        "subsetted": font.get("subsetted"),
        "verify": font.get("verify"),
        "verify_seconds": verification.get("seconds"),
        "texts_shaped": verification.get("texts_shaped"),
        "codepoints": font.get("codepoints"),
    }


def profile(
    n: int,
    work: Path,
    plugins: list[str],
    overrides: Path | None,
    seed: int,
    mode: str = corpus.DEFAULT_MODE,
) -> str:
    """cProfile of a full cold build of N: the 30 most expensive functions (cumulative)."""
    content = work / f"content-profile-{n}"
    corpus.generate(content, n, seed, mode=mode)
    output, cache, stats = work / "out-profile", work / "cache-profile", work / "profile.pstats"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    command = pelican_command(content, output, cache, plugins, overrides)
    command = [sys.executable, "-m", "cProfile", "-o", str(stats), *command]
    run_pelican(command, work / "profile.log", work / "profile.timing.json")
    import io

    buffer = io.StringIO()
    pstats.Stats(str(stats), stream=buffer).sort_stats("cumulative").print_stats(30)
    buffer.write("\n")
    pstats.Stats(str(stats), stream=buffer).sort_stats("tottime").print_stats(25)
    return buffer.getvalue()


# -- reporting ----------------------------------------------------------------


def index(runs: list[Run]) -> dict[tuple[int, str, str], Run]:
    return {(r.n, r.variant, r.case): r for r in runs}


def secs(run: Run) -> str:
    return f"> {run.seconds:.0f} (stopped)" if run.stopped else f"{run.seconds:.2f}"


def mb(run: Run) -> str:
    return "–" if run.stopped else f"{run.rss_mb:.0f}"


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}×" if b > 0 else "–"


def linking_slope(runs: list[Run], infos: dict[int, dict[str, Any]]) -> str:
    """log-log slope of glossary linking time against article text, between the two largest N."""
    cold = {
        r.n: r.plugin_signals.get("glossary", {}).get("all_generators_finalized")
        for r in runs
        if r.variant == "full" and r.case == "cold" and not r.stopped
    }
    sizes = sorted(n for n, t in cold.items() if t)
    if len(sizes) < 2:
        return "needs two sizes with the glossary plugin"
    a, b = sizes[-2], sizes[-1]
    ta, tb = cold[a], cold[b]
    ba, bb = infos[a]["article_bytes"], infos[b]["article_bytes"]
    slope = math.log(tb / ta) / math.log(bb / ba)
    return (
        f"N = {a:,} → {b:,}: text ×{bb / ba:.1f}, linking {ta:.2f} s → {tb:.2f} s "
        f"(×{tb / ta:.1f}); log-log slope {slope:.2f} (1.0 = linear)"
    )


def markdown(
    runs: list[Run],
    infos: dict[int, dict[str, Any]],
    plugins: dict[str, list[str]],
    meta: dict[str, Any],
) -> str:
    by = index(runs)
    sizes = sorted(infos)
    lines = [
        "# Scale benchmark",
        "",
        f"{meta['date']} · {meta['machine']} · Python {meta['python']} · seed {meta['seed']} · "
        f"{meta.get('corpus', 'recombined')} corpus · "
        f"`{meta['command']}` · total {meta['seconds'] / 60:.1f} min · "
        f"load average at the end {meta['load']} (figures are the fastest of the repeats; "
        "other work on the machine inflates them)",
        "",
        f"- full: `{', '.join(plugins['full'])}`"
        + (
            f" (added by the bench, not yet in PLUGINS: {', '.join(meta['added'])})"
            if meta["added"]
            else ""
        ),
        f"- plain: Pelican with our theme and `{', '.join(plugins['plain'])}` (the theme's `ui()`, "
        "`localdate`, `direction`)",
        f"- fallback templates (theme lacks them): {', '.join(meta['fallback']) or 'none'}",
        *([f"- left out with --without: {', '.join(meta['without'])}"] if meta["without"] else []),
        *[f"- {note}" for note in meta["skipped"]],
        "- cold: empty output and caches · warm: nothing changed, content caches on · "
        "edit: one article gets one more sentence · "
        + (
            "rebuilds over the previous output"
            if meta["keep_output"]
            else "every build into an empty output folder (as `make html`)"
        ),
        "",
        "## Time and memory",
        "",
        "| N | M | case | plain s | full s | full/plain | plain MB | full MB | full/plain |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for n in sizes:
        for case in CASES:
            p, f = by.get((n, "plain", case)), by.get((n, "full", case))
            if not (p and f):
                continue
            stopped = p.stopped or f.stopped
            lines.append(
                f"| {n:,} | {infos[n]['entries']:,} | {case} | {secs(p)} | {secs(f)} | "
                f"{'> ' * f.stopped}{ratio(f.seconds, p.seconds)} | {mb(p)} | {mb(f)} | "
                f"{'–' if stopped else ratio(f.rss_mb, p.rss_mb)} |"
            )
    names = sorted({k for r in runs if r.variant == "full" for k in r.plugins})
    lines += [
        "",
        "## Where the full build's time goes (seconds; plugins' self time, core = the rest)",
        "",
        "| N | case | " + " | ".join(names) + " | core | total | plugins/plain total |",
        "|---:|---|" + "---:|" * (len(names) + 3),
    ]
    for n in sizes:
        for case in CASES:
            f, p = by.get((n, "full", case)), by.get((n, "plain", case))
            if not f or f.stopped:
                continue
            spent = sum(f.plugins.values())
            cells = [f"{f.plugins.get(k, 0.0):.2f}" for k in names]
            share = ratio(spent, p.seconds) if p else "–"
            lines.append(
                f"| {n:,} | {case} | {' | '.join(cells)} | {f.seconds - spent:.2f} | "
                f"{f.seconds:.2f} | {share} |"
            )
    lines += ["", "Per signal (full build, seconds):", ""]
    for n in sizes:
        for case in CASES:
            f = by.get((n, "full", case))
            if not f:
                continue
            parts = [
                f"{plugin}.{signal} {secs:.2f}"
                for plugin, signals in sorted(f.plugin_signals.items())
                for signal, secs in sorted(signals.items())
                if secs >= 0.01
            ]
            fs = f.fontsubset
            if fs:
                parts.append(
                    f"(fontsubset report: collect {fs['collect_seconds'] or 0:.2f} s over "
                    f"{fs['pages']} pages, cache {fs['cache']}, verify {fs['verify']}"
                    + (f" {fs['verify_seconds']:.2f} s" if fs.get("verify_seconds") else "")
                    + ")"
                )
            lines.append(f"- N = {n:,} {case}: " + ", ".join(parts))
    lines += ["", "Pelican's stages (inclusive of plugin receivers that run inside them):", ""]
    for n in sizes:
        for variant in VARIANTS:
            r = by.get((n, variant, "cold"))
            if r and r.stages:
                parts = [f"{k} {v:.2f}" for k, v in sorted(r.stages.items()) if v >= 0.01]
                lines.append(f"- N = {n:,} {variant} cold: " + ", ".join(parts))
    lines += ["", "## Goals (issue 8)", "", *goals(by, sizes, runs, infos), ""]
    return "\n".join(lines)


def goals(
    by: dict, sizes: list[int], runs: list[Run], infos: dict[int, dict[str, Any]]
) -> list[str]:
    out = []

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    for n in (s for s in sizes if s >= 1000):
        p, f = by.get((n, "plain", "cold")), by.get((n, "full", "cold"))
        if p and f:
            r = f.seconds / p.seconds
            out.append(
                f"- cold ≤ {COLD_RATIO_MAX:g}× plain at N = {n:,}: {'> ' * f.stopped}{r:.2f}× — "
                f"{verdict(r <= COLD_RATIO_MAX and not f.stopped)}"
            )
        p, f = by.get((n, "plain", "warm")), by.get((n, "full", "warm"))
        if p and f:
            r = f.seconds / p.seconds
            out.append(
                f"- warm ≤ {WARM_RATIO_MAX:g}× plain warm at N = {n:,}: "
                f"{'> ' * f.stopped}{r:.2f}× — "
                f"{verdict(r <= WARM_RATIO_MAX and not f.stopped)}"
            )
    f = by.get((1000, "full", "edit"))
    if f:
        out.append(
            f"- one-article edit < {EDIT_SECONDS_MAX:g} s at N = 1,000: {secs(f)} s — "
            f"{verdict(f.seconds < EDIT_SECONDS_MAX and not f.stopped)}"
        )
    big = max(sizes)
    done = [r for r in runs if r.n == big and r.variant == "full" and not r.stopped]
    peak = max((r.rss_mb for r in done), default=None)
    if peak is not None:
        label = "N = 10,000" if big == 10_000 else f"N = {big:,} (10,000 not run)"
        out.append(f"- peak memory < 2 GB at {label}: {peak:.0f} MB — {verdict(peak < RSS_MB_MAX)}")
    out.append(f"- linking linear in text length: {linking_slope(runs, infos)}")
    return out


def plot(runs: list[Run], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("  matplotlib is not installed: no plot (pip install matplotlib==3.11.2)")
        return False
    fig, ax = plt.subplots(figsize=(8, 5.5), dpi=110)
    colours = {"cold": "tab:blue", "warm": "tab:orange", "edit": "tab:green"}
    for case in CASES:
        for variant, style in (("full", "-o"), ("plain", "--s")):
            points = sorted(
                (r.n, r.seconds)
                for r in runs
                if r.case == case and r.variant == variant and not r.stopped
            )
            if points:
                xs, ys = zip(*points, strict=True)
                ax.plot(xs, ys, style, color=colours[case], label=f"{case} · {variant}")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("articles N (glossary entries M = N / 5)")
    ax.set_ylabel("build time, seconds")
    ax.set_title("Khabarnama build time: our plugins (full) vs plain Pelican")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(ncols=3, fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


# -- main ---------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help=f"N = {QUICK_SIZES}")
    parser.add_argument("--sizes", type=int, nargs="+", help="article counts to run")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument(
        "--corpus",
        choices=corpus.MODES,
        default=corpus.DEFAULT_MODE,
        help="realistic: real sentences, growing vocabulary (default); recombined: the old "
        "corpus, one article's sentences drawn again and again",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        help="builds per figure, the fastest kept (default 2 below N = 10,000, else 1; quick: 1)",
    )
    parser.add_argument(
        "--without", nargs="+", default=[], metavar="PLUGIN", help="drop plugins from full"
    )
    parser.add_argument(
        "--budget",
        type=float,
        default=30,
        help="minutes; skip a size whose builds, extrapolated, would overrun it (0: no limit)",
    )
    parser.add_argument(
        "--conf-only", action="store_true", help="full = PLUGINS of pelicanconf.py only"
    )
    parser.add_argument(
        "--profile", type=int, metavar="N", help="also cProfile a full cold build of N"
    )
    parser.add_argument(
        "--out", type=Path, help="results stem (default bench/results/scale[-quick])"
    )
    parser.add_argument(
        "--keep-output",
        action="store_true",
        help="warm/edit rebuild over the previous output (devserver) instead of into an "
        "empty folder (make html)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temp folder (logs, timings)")
    args = parser.parse_args(argv)

    sizes = args.sizes or (QUICK_SIZES if args.quick else SIZES)
    stem = args.out or RESULTS / ("scale-quick" if args.quick or args.sizes else "scale")
    stem.parent.mkdir(parents=True, exist_ok=True)
    plugins = variant_plugins(args.conf_only, tuple(args.without))
    added = [p for p in plugins["full"] if p not in conf_plugins()]
    work = Path(tempfile.mkdtemp(prefix="khabarnama-scale-"))
    overrides_dir = work / "templates"
    fallback = fallback_templates(overrides_dir) if "khabarnama.glossary" in plugins["full"] else []
    overrides = overrides_dir if fallback else None
    print(f"scale bench in {work}: full = {plugins['full']}, plain = {plugins['plain']}")
    if added:
        print(f"  not yet in pelicanconf.PLUGINS, added: {added}")
    if fallback:
        print(f"  theme lacks {fallback}: using bench/scale/templates")

    started = time.perf_counter()
    runs: list[Run] = []
    infos: dict[int, dict[str, Any]] = {}
    skipped: list[str] = []
    try:
        for n in sizes:
            print(f"== N = {n:,}", flush=True)
            repeat = args.repeat or (1 if args.quick or n >= 10_000 else 2)
            guess = predicted_seconds(runs, n)
            left = args.budget * 60 - (time.perf_counter() - started)
            if args.budget and guess is not None and guess * repeat > left:
                note = (
                    f"N = {n:,} skipped: its builds would take about {guess * repeat / 60:.0f} min "
                    f"(linear from the last size), {max(left, 0) / 60:.0f} min of the "
                    f"{args.budget:g}-min budget left"
                )
                print("  " + note, flush=True)
                skipped.append(note)
                continue
            deadline = started + args.budget * 60 if args.budget else None
            size_runs, infos[n] = bench_size(
                n,
                work,
                plugins,
                overrides,
                args.seed,
                repeat,
                args.keep_output,
                deadline,
                mode=args.corpus,
            )
            runs += size_runs
        profile_text = None
        if args.profile:
            print(f"== cProfile, full cold build, N = {args.profile:,}", flush=True)
            profile_text = profile(
                args.profile, work, plugins["full"], overrides, args.seed, args.corpus
            )
    except BuildFailed as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    meta = {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "python": platform.python_version(),
        "seed": args.seed,
        "corpus": args.corpus,
        "command": " ".join(
            ["bench/scale/bench.py", *(argv if argv is not None else sys.argv[1:])]
        ),
        "seconds": time.perf_counter() - started,
        "load": "{:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg()),
        "added": added,
        "fallback": fallback,
        "keep_output": args.keep_output,
        "without": args.without,
        "skipped": skipped,
    }
    text = markdown(runs, infos, plugins, meta)
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    raw = {"meta": meta, "plugins": plugins, "corpus": infos, "runs": [asdict(r) for r in runs]}
    stem.with_suffix(".json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
    plotted = plot(runs, stem.with_suffix(".png"))
    if profile_text:
        stem.with_name(stem.name + "-profile.txt").write_text(profile_text, encoding="utf-8")
    print(text)
    written = [stem.with_suffix(s) for s in (".md", ".json")] + (
        [stem.with_suffix(".png")] if plotted else []
    )
    print_written(written)
    return 0


def print_written(paths: list[Path]) -> None:
    """One line naming the files a benchmark wrote, relative to the checkout."""
    shown = (str(p.relative_to(ROOT)) if p.is_relative_to(ROOT) else str(p) for p in paths)
    print("wrote " + ", ".join(shown))


if __name__ == "__main__":
    raise SystemExit(main())
