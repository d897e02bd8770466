"""Growth benchmark: how the site's vocabulary grows with its articles (issue 13).

Costs that grow with the vocabulary (font subsetting verifies every distinct
"piece", search indexes every word, linking scans them) stay hidden when the
benchmark corpus never says anything new. This counts, for the first N
articles of each corpus (N = 10 … 10,000):

* distinct words: whitespace-separated, outer punctuation stripped, with a
  letter (``corpus.words``);
* distinct pieces: what the font plugin traces and verifies,
  ``khabarnama.fontsubset.separable.pieces`` of each paragraph's
  whitespace-collapsed text (a word with its trailing space; punctuation and
  Latin words joined to a neighbour).

Corpora:

* realistic: ``bench/scale/corpus.py``'s default, real sentences of the
  IL-NER Urdu corpus (CC BY 4.0: IIIT Hyderabad, CDAC Noida, IIIT
  Bhubaneshwar, Bhashini; Bahad et al. 2024, arXiv:2405.04829), none used
  twice, then generated text whose vocabulary keeps growing;
* real only: the real sentences alone, in file order, 12 consecutive
  sentences an article in paragraphs of 3, as far as they go;
* recombined: the earlier corpus (``--corpus recombined``).

An article's text is its title and its body paragraphs (its summary repeats
its first sentence). The first N articles are those of one 10,000-article
corpus: an article's text does not depend on N, only which generated
glossary names it mentions does (M = N / 5 entries).

    python -m bench.growth.bench    # → bench/results/growth.md, growth.png
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import re
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bench.scale import corpus
from bench.scale.bench import print_written
from khabarnama.fontsubset.separable import pieces

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
SIZES = (10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000)
REAL_PER_ARTICLE = 12
REAL_PER_PARAGRAPH = 3
COLUMNS = ("realistic", "real only", "recombined")
_SPACE = re.compile(r"\s+")


@dataclass
class Point:
    articles: int
    words: int  # distinct
    pieces: int  # distinct
    written: int  # words written (with repeats)


def collapse(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def article_texts(markdown: str) -> list[str]:
    """A generated article's title and body paragraphs, whitespace collapsed."""
    head, _, body = markdown.partition("\n\n")
    title = next((line[7:] for line in head.splitlines() if line.startswith("Title: ")), "")
    return [t for t in (collapse(title), *map(collapse, body.split("\n\n"))) if t]


def curve(articles: Iterable[list[str]], sizes: Iterable[int]) -> list[Point]:
    """Distinct words and pieces after each of ``sizes`` articles (fewer if they run out)."""
    marks = sorted(set(sizes))
    seen_words: set[str] = set()
    seen_pieces: set[str] = set()
    written, out, count = 0, [], 0
    for count, texts in enumerate(articles, start=1):
        for text in texts:
            found = corpus.words(text)
            written += len(found)
            seen_words.update(found)
            seen_pieces.update(pieces(text))
        if count in marks:
            out.append(Point(count, len(seen_words), len(seen_pieces), written))
            if count == marks[-1]:
                break
    if count and (not out or out[-1].articles != count) and count < marks[-1]:
        out.append(Point(count, len(seen_words), len(seen_pieces), written))  # ran out
    return out


def generated(n: int, seed: int, mode: str) -> Iterator[list[str]]:
    for _slug, markdown, _mentions, _linked in corpus.articles(n, seed, mode=mode).articles:
        yield article_texts(markdown)


def real_only(sentences: list[str]) -> Iterator[list[str]]:
    for k in range(0, len(sentences), REAL_PER_ARTICLE):
        run = sentences[k : k + REAL_PER_ARTICLE]
        step = REAL_PER_PARAGRAPH
        yield [" ".join(run[i : i + step]) for i in range(0, len(run), step)]


def measure(sizes: tuple[int, ...], seed: int) -> dict[str, list[Point]]:
    n = max(sizes)
    return {
        "realistic": curve(generated(n, seed, "realistic"), sizes),
        "real only": curve(real_only(corpus.real_sentences()), sizes),
        "recombined": curve(generated(n, seed, "recombined"), sizes),
    }


def slope(points: list[Point], attr: str) -> str:
    """log-log slope between the last two points (Heaps exponent; 0 = saturated)."""
    if len(points) < 2:
        return "–"
    a, b = points[-2], points[-1]
    grew = math.log(getattr(b, attr) / getattr(a, attr))
    return f"{grew / math.log(b.articles / a.articles):.2f}"


def markdown(curves: dict[str, list[Point]], sizes: tuple[int, ...], meta: dict[str, str]) -> str:
    by = {name: {p.articles: p for p in points} for name, points in curves.items()}
    real = curves["real only"]
    lines = [
        "# Growth benchmark: distinct words and pieces as articles are added",
        "",
        f"{meta['date']} · seed {meta['seed']} · sentences: {meta['source']} · "
        f"{meta['seconds']:.1f} s · `{meta['command']}`",
        "",
        "Distinct words (whitespace-separated, outer punctuation stripped) and distinct "
        "pieces (`khabarnama.fontsubset.separable.pieces` of each paragraph: what the font "
        "plugin verifies) in the title and paragraphs of the first N articles. "
        "realistic: `bench/scale/corpus.py`'s default corpus (real IL-NER Urdu sentences, "
        "none used twice, then generated text with a growing vocabulary); real only: the "
        f"real sentences alone, {REAL_PER_ARTICLE} consecutive ones an article"
        + (f", {real[-1].articles:,} articles in all" if real else "")
        + "; recombined: the earlier corpus (`--corpus recombined`).",
        "",
        "| N | realistic words | realistic pieces | real-only words | real-only pieces "
        "| recombined words | recombined pieces |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = sorted({*sizes, *(p.articles for p in real)})
    for n in rows:
        cells = []
        for name in COLUMNS:
            p = by[name].get(n)
            cells += [f"{p.words:,}", f"{p.pieces:,}"] if p else ["–", "–"]
        lines.append(f"| {n:,} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "Growth between the last two rows of each corpus, as a log-log slope (Heaps "
        "exponent: 0 = the vocabulary has stopped growing, 1 = every word is new):",
        "",
    ]
    for name in COLUMNS:
        points = curves[name]
        if points:
            last = points[-1]
            lines.append(
                f"- {name}: words {slope(points, 'words')}, pieces {slope(points, 'pieces')} "
                f"(at {last.articles:,} articles: {last.words:,} distinct of "
                f"{last.written:,} words written)"
            )
    lines += ["", meta["attribution"], ""]
    return "\n".join(lines)


def plot(curves: dict[str, list[Point]], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("  matplotlib is not installed: no plot (pip install -r requirements-dev.txt)")
        return False
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.8), dpi=110)
    styles = {"realistic": "-o", "real only": "--s", "recombined": ":^"}
    for ax, attr, label in (
        (axes[0], "words", "distinct words"),
        (axes[1], "pieces", "distinct pieces"),
    ):
        for name in COLUMNS:
            points = curves[name]
            if points:
                xs = [p.articles for p in points]
                ax.plot(xs, [getattr(p, attr) for p in points], styles[name], label=name)
        ax.set_xscale("log")
        ax.set_xlabel("articles N")
        ax.set_ylabel(label)
        ax.set_title(f"{label.capitalize()} in the first N articles")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", help=f"article counts (default {SIZES})")
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED)
    parser.add_argument("--out", type=Path, help="results stem (default bench/results/growth)")
    args = parser.parse_args(argv)
    sizes = tuple(sorted(set(args.sizes or SIZES)))
    stem = args.out or RESULTS / "growth"
    stem.parent.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    curves = measure(sizes, args.seed)
    source = corpus.ILNER_SENTENCES
    meta = {
        "date": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "seed": str(args.seed),
        "source": (
            f"{len(corpus.real_sentences()):,} IL-NER Urdu sentences"
            if source.is_file()
            else "the site's first article (IL-NER corpus not found)"
        ),
        "seconds": time.perf_counter() - started,
        "command": " ".join(
            ["bench/growth/bench.py", *(argv if argv is not None else sys.argv[1:])]
        ),
        "attribution": (
            "Sentences: the IL-NER dataset, Urdu part (github.com/SankalpBahad/IL-NER), by "
            "IIIT Hyderabad, CDAC Noida and IIIT Bhubaneshwar under the Bhashini project, "
            "CC BY 4.0 (Bahad et al. 2024, arXiv:2405.04829). Word frequencies: wordfreq "
            "(data CC BY-SA 4.0)."
        ),
    }
    text = markdown(curves, sizes, meta)
    stem.with_suffix(".md").write_text(text, encoding="utf-8")
    plotted = plot(curves, stem.with_suffix(".png"))
    print(text)
    written = [stem.with_suffix(".md")] + ([stem.with_suffix(".png")] if plotted else [])
    print_written(written)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
