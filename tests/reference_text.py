"""The site's first article as reference text for the tests, read from ``content/``.

The article (``content/articles/lavrov-pakistan-visit-2021.md``) is an Urdu
news report published word for word as received, with paragraph breaks added
at sentence ends. Tests that need real Urdu text read it here, so they run
from any clone of the repository.

    from tests.reference_text import reference_article, split_sentences

    article = reference_article()
    article.title        # the headline (front matter ``Title:``)
    article.metadata     # front matter, keys lower-cased
    article.paragraphs   # the body as plain-text paragraphs
    article.text         # the paragraphs joined by blank lines
    article.sentences    # the paragraphs split at sentence ends (۔ ؟)
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_SOURCE = ROOT / "content" / "articles" / "lavrov-pakistan-visit-2021.md"

_SENTENCE_END = re.compile(r"(?<=[۔؟])")
_FRONT_MATTER_LINE = re.compile(r"^([A-Za-z][\w-]*):\s*(.*)$")
#: Markdown or HTML the body does not use today; if it ever does, the
#: paragraphs would no longer be the words a reader sees, so refuse.
_MARKUP = re.compile(r"[*_`\[\]<>|\\&]|^\s*(?:#|>|[-+] |\d+\. )", re.MULTILINE)


@dataclass(frozen=True)
class ReferenceArticle:
    source: Path
    metadata: MappingProxyType[str, str]
    paragraphs: tuple[str, ...]

    @property
    def title(self) -> str:
        return self.metadata["title"]

    @property
    def text(self) -> str:
        """The whole body, paragraphs separated by a blank line."""
        return "\n\n".join(self.paragraphs)

    @property
    def sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in split_sentences(p)]


def split_sentences(text: str) -> list[str]:
    """``text`` cut after every full stop (۔) or question mark (؟), stripped."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def read_article(path: Path) -> ReferenceArticle:
    """A Pelican Markdown article: ``Key: value`` lines, a blank line, the body."""
    head, _, body = path.read_text(encoding="utf-8").partition("\n\n")
    metadata = {}
    for line in head.splitlines():
        found = _FRONT_MATTER_LINE.match(line)
        if found is None:
            raise ValueError(f"{path}: not a front-matter line: {line!r}")
        metadata[found.group(1).lower()] = found.group(2).strip()
    paragraphs = []
    for block in re.split(r"\n\s*\n", body):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        markup = _MARKUP.search(block)
        if markup is not None:
            raise ValueError(
                f"{path}: markup {markup.group()!r} in the body; the reference text is plain "
                "paragraphs (teach tests/reference_text.py to strip it)"
            )
        paragraphs.append(" ".join(lines))  # Markdown joins soft-wrapped lines
    if "title" not in metadata or not paragraphs:
        raise ValueError(f"{path}: no title or no body")
    return ReferenceArticle(path, MappingProxyType(metadata), tuple(paragraphs))


@functools.cache
def reference_article() -> ReferenceArticle:
    """The site's first article, read once."""
    return read_article(ARTICLE_SOURCE)
