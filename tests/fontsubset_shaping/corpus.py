"""Deterministic Urdu text for the shaping-subset tests and benchmark.

The site has one article; larger sites are simulated by recombining its
sentences and words (seeded), and by splicing word beginnings onto word
endings so that new letter sequences — what more vocabulary brings — appear
too. Held-aside evaluation splits the article: the subset is built from one
part and judged on words that occur only in the other, and on interface
strings and glossary names the build did not include.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

from tests.reference_text import reference_article, split_sentences

ROOT = Path(__file__).resolve().parents[2]
FONT = ROOT / "theme/static/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2"
PUNCT = "،؛۔؟!?.,:;()[]«»\"'"


def font_bytes() -> bytes:
    return FONT.read_bytes()


def article_paragraphs() -> list[str]:
    """The article's paragraphs as the site shows them (title first)."""
    article = reference_article()
    return [article.title, *article.paragraphs]


def sentences(paragraphs: list[str]) -> list[str]:
    return [s for p in paragraphs for s in split_sentences(p)]


def bare_words(text: str) -> list[str]:
    out = []
    for token in text.split():
        out += [w for w in re.split(f"[{re.escape(PUNCT)}0-9٠-٩۰-۹]+", token) if w]
    return out


def ui_strings() -> list[str]:
    from khabarnama.localize.catalogue import CATALOGUE

    return [re.sub(r"\{[^}]*\}", "", v).strip() for v in CATALOGUE["ur"].values()]


def glossary_names() -> list[str]:
    names = []
    for md in sorted((ROOT / "content/glossary").glob("*/*.md")):
        for line in md.read_text(encoding="utf-8").splitlines():
            if line.startswith(("Urdu:", "Aliases:")):
                value = line.split(":", 1)[1]
                names += [n.strip() for n in re.split("[،,]", value) if n.strip()]
    return names


def split_article(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """First half of the sentences to build from, second half held aside."""
    sents = sentences(paragraphs)
    half = len(sents) // 2
    return sents[:half], sents[half:]


def _splice(rng: random.Random, a: str, b: str) -> str:
    if len(a) < 3 or len(b) < 3:
        return a
    return a[: rng.randint(2, len(a) - 1)] + b[rng.randint(1, len(b) - 2) :]


def synthesize(n_chars: int, source: list[str], seed: int = 5) -> list[str]:
    """Paragraphs of about ``n_chars`` characters recombined from ``source`` sentences."""
    rng = random.Random(seed)
    vocab = [w for s in source for w in s.split()]
    bare = [w for w in bare_words(" ".join(source)) if len(w) >= 3]
    paragraphs: list[str] = []
    total = 0
    while total < n_chars:
        para = []
        for _ in range(rng.randint(3, 6)):
            words = rng.choice(source).split()
            out = []
            for w in words:
                roll = rng.random()
                if roll < 0.25:
                    out.append(_splice(rng, rng.choice(bare), rng.choice(bare)))
                elif roll < 0.5:
                    out.append(rng.choice(vocab))
                else:
                    out.append(w)
            rng.shuffle(out)
            sentence = " ".join(out).rstrip("۔") + "۔"
            para.append(sentence)
        text = " ".join(para)
        paragraphs.append(text)
        total += len(text)
    return paragraphs


def article_pages(n: int, first: list[str] | None = None) -> list[list[str]]:
    """``n`` pages of about one article each: ``first`` (default: the real
    article) and synthetic ones recombined from its sentences, one seed per page."""
    first = first if first is not None else article_paragraphs()
    size = sum(len(p) for p in first)
    source = sentences(first)
    return [first] + [synthesize(size, source, seed=i) for i in range(2, n + 1)]


def article_worth(n: int) -> list[str]:
    """Paragraphs of ``n`` articles' worth of text (the real article first)."""
    return [p for page in article_pages(n) for p in page]


def held_aside_words(build_text: str, held: list[str], cmap: set[int]) -> list[str]:
    """Words of ``held`` absent from the build text, drawable with the subset's characters."""
    known = set(bare_words(build_text)) | set(build_text.split())
    out = []
    for w in dict.fromkeys(bare_words(" ".join(held))):
        if w not in known and all(ord(c) in cmap for c in w):
            out.append(w)
    return out
