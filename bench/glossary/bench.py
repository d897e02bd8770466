"""Linking benchmark: does cost grow with text length and not with text × entries?

Run: ``.venv/bin/python -m bench.glossary.bench [--corpus PATH] [--repeat N] [--quick]``,
or ``--site DIR`` to time linking the articles of a content folder (a
1,000-article site from ``python -m bench.scale.corpus DIR -n 1000``).
(``make bench`` runs it with every other ``bench/*/bench.py``). Synthetic
entries are made of 2–3 consecutive words of the corpus (so they really
occur, and overlap each other, as names do); synthetic articles are the
corpus sentences shuffled into paragraphs. Prints a Markdown table and writes
it to ``bench/results/glossary.md``.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from pathlib import Path

from khabarnama.glossary.linker import link_html
from khabarnama.glossary.matcher import Matcher
from khabarnama.glossary.normalize import fold

ROOT = Path(__file__).resolve().parents[2]


DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "lavrov-pakistan-visit-2021.ur.txt"
DEFAULT_OUTPUT = ROOT / "bench" / "results" / "glossary.md"


# Spaces after non-joining letters are optional in names (issue 16), so two
# phrases differing only there are one name. Spelt out here rather than taken
# from the plugin so that the same entries are drawn whichever version of the
# plugin is measured (before/after comparisons).
_OPTIONAL = re.compile("(?<=\u06c1)\u0654(?= |$)|(?<=[اآدڈذرڑزژوے]) |(?<=[اآدڈذرڑزژوے]\u0654) ")


def _key(phrase: str) -> str:
    return _OPTIONAL.sub("", fold(phrase))


def synthetic_entries(text: str, count: int, rng: random.Random) -> list[tuple[str, str]]:
    """``count`` entries as (phrase, slug), two names each, unique after folding."""
    words = [w for w in text.replace("،", " ").replace("۔", " ").split() if len(w) > 1]
    phrases: dict[str, str] = {}
    attempts = 0
    while len(phrases) < 2 * count and attempts < 100_000:
        attempts += 1
        n = rng.choice((1, 2, 3)) if len(phrases) > count else rng.choice((2, 3))
        i = rng.randrange(len(words) - n)
        phrase = " ".join(words[i : i + n])
        key = _key(phrase)
        if len(key) > 3 and key not in phrases:
            phrases[key] = phrase
    names = list(phrases.values())
    rng.shuffle(names)
    return [(name, f"entry-{i % count}") for i, name in enumerate(names[: 2 * count])]


def synthetic_articles(text: str, count: int, rng: random.Random) -> list[str]:
    sentences = [s.strip() for s in text.split("۔") if s.strip()]
    articles = []
    for _ in range(count):
        picked = rng.sample(sentences, k=len(sentences))
        paragraphs = ["۔ ".join(picked[i : i + 4]) + "۔" for i in range(0, len(picked), 4)]
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        articles.append(f"<h2>{picked[0][:40]}</h2>{body}")
    return articles


def measure(
    articles: list[str], entries: list[tuple[str, str]], repeat: int
) -> tuple[float, float, float, int]:
    """Best-of-``repeat`` seconds to build the matcher and to link all articles.

    Linking is also timed in CPU seconds of this process, which other work on
    a shared machine disturbs far less than the wall clock.
    """
    hrefs = {slug: f"/glossary/x/{slug}/" for _, slug in entries}
    best_build = best_link = best_cpu = float("inf")
    links = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        matcher = Matcher(entries)
        t1, c1 = time.perf_counter(), time.process_time()
        links = sum(len(link_html(a, [matcher], hrefs).mentions) for a in articles)
        t2, c2 = time.perf_counter(), time.process_time()
        best_build, best_link = min(best_build, t1 - t0), min(best_link, t2 - t1)
        best_cpu = min(best_cpu, c2 - c1)
    return best_build, best_link, best_cpu, links


def site_linking(content: Path, repeat: int) -> str:
    """CPU seconds to link every article of a content folder, as the build does.

    Articles are rendered with Markdown and localize's isolation of Latin
    runs, then linked with every entry's names (``GLOSSARY_LINK = "all"``),
    its ``Not:`` phrases and the partial-name test when the plugin has them
    (so the same command measures older versions too).
    """
    from markdown import Markdown

    from khabarnama.glossary import matcher as matching
    from khabarnama.localize.bidi import BidiExtension

    names: list[tuple[str, str]] = []
    nots: list[tuple[str, str]] = []
    for path in sorted(content.glob("glossary/*/*.md")):
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        for line in head.splitlines():
            key, _, value = line.partition(":")
            items = [n.strip() for n in re.split("[,،]", value) if n.strip()]
            if key in ("Urdu", "Aliases"):
                names += [(n, path.stem) for n in items]
            elif key == "Not":
                nots += [(n, path.stem) for n in items]
    md = Markdown(extensions=[BidiExtension()])
    bodies = []
    for path in sorted(content.glob("articles/*.md")):
        md.reset()
        bodies.append(md.convert(path.read_text(encoding="utf-8").split("\n\n", 1)[1]))
    matcher = matching.Matcher(names)
    hrefs = {slug: f"/glossary/x/{slug}/" for _, slug in names}
    extra = {}
    if hasattr(matching, "NameContext"):
        extra["names"] = matching.NameContext.from_names(names)
        if nots:
            extra["exclusions"] = matching.Matcher(nots, multi=True)
    best = float("inf")
    links = 0
    for _ in range(repeat):
        start = time.process_time()
        links = sum(len(link_html(b, [matcher], hrefs, "all", **extra).mentions) for b in bodies)
        best = min(best, time.process_time() - start)
    return (
        f"{content}: {len(bodies)} articles, {len(names)} names: linking {best:.3f} s CPU "
        f"(best of {repeat}), {links:,} entries linked"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--quick", action="store_true", help="only 1,000 articles × 500 entries (and absent names)"
    )
    parser.add_argument(
        "--output", default=str(DEFAULT_OUTPUT), help="write the table to this Markdown file"
    )
    parser.add_argument(
        "--site",
        type=Path,
        help="instead: link the articles of this content folder "
        "(e.g. one made by python -m bench.scale.corpus DIR -n 1000)",
    )
    args = parser.parse_args(argv)
    if args.site:
        print(site_linking(args.site, args.repeat))
        return
    lines: list[str] = []

    def emit(line: str) -> None:
        print(line, flush=True)
        lines.append(line)

    text = Path(args.corpus).read_text(encoding="utf-8")
    rng = random.Random(20210407)
    all_articles = synthetic_articles(text, 1000, rng)
    all_entries = synthetic_entries(text, 500, rng)
    chars = sum(len(a) for a in all_articles) / len(all_articles)

    # Same names spelt backwards: as many patterns, (almost) never in the text.
    absent = [(" ".join(w[::-1] for w in p.split()), s) for p, s in all_entries]
    grid = [(250, 500), (500, 500), (1000, 500), (1000, 250), (1000, 125), (1000, 0)]
    if args.quick:
        grid = [(1000, 500)]
    emit(
        f"Corpus: {Path(args.corpus).name}; {chars:,.0f} characters of HTML per article; "
        f"best of {args.repeat}.\n"
    )
    emit(
        "| articles | entries | names | matcher build (ms) | linking (s) | linking CPU (s) "
        "| per article (ms) | links made |"
    )
    emit("|---:|---:|---:|---:|---:|---:|---:|---:|")
    rows = [(a, e, all_entries, "") for a, e in grid] + [(1000, 500, absent, " (absent)")]
    for n_articles, n_entries, pool, label in rows:
        entries = [(p, s) for p, s in pool if int(s.rsplit("-", 1)[1]) < n_entries]
        build, link, cpu, links = measure(all_articles[:n_articles], entries, args.repeat)
        emit(
            f"| {n_articles} | {n_entries}{label} | {len(entries)} | {build * 1000:.1f} "
            f"| {link:.2f} | {cpu:.2f} | {link / n_articles * 1000:.2f} | {links:,} |"
        )
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"\nwritten to {args.output}")


if __name__ == "__main__":
    main()
