"""Build fixture sites the way `make html` does and read what they produced.

Tests never mock Pelican: they run the real command with the real theme and
plugins into a temporary folder and inspect the files a reader would get.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from tests.reference_text import ARTICLE_SOURCE

ROOT = Path(__file__).resolve().parents[1]
ARTICLE_PAGE = Path("2021/lavrov-pakistan-visit-2021/index.html")
FIXTURES = ROOT / "tests" / "fixtures"
PELICAN = Path(sys.executable).with_name("pelican")
RTL_LANGS = {"ur"}


@dataclass
class Build:
    returncode: int
    stdout: str
    stderr: str
    output: Path

    @property
    def log(self) -> str:
        return self.stdout + self.stderr


def build_site(
    content: Path,
    output: Path,
    settings_file: str = "pelicanconf.py",
    **settings: Any,
) -> Build:
    """Run Pelican as `make html` does (same flags), with settings overridden."""
    command = [
        sys.executable,
        "-m",
        "khabarnama.build",  # Pelican's command line as the Makefile runs it
        str(content),
        "-o",
        str(output),
        "-s",
        str(ROOT / settings_file),
        "--fatal",
        "warnings",
        "--log-handler",
        "plain",
    ]
    # Fixture sites never read or write the site's committed font lock: each
    # test's subset follows its own text (the lock: tests/fontsubset/*sticky*).
    settings = {"FONTSUBSET_LOCK_PATH": False, **settings}
    if settings:
        # Pelican keeps only the last -e, so every override follows one flag.
        command += ["-e", *(f"{key}={json.dumps(value)}" for key, value in settings.items())]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "400"}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    return Build(done.returncode, done.stdout, done.stderr, output)


def make_content(dest: Path, with_real_article: bool = True) -> Path:
    """A content folder: the real article plus the fixture pages and articles."""
    shutil.copytree(FIXTURES / "site", dest)
    if with_real_article:
        shutil.copy(ARTICLE_SOURCE, dest / "articles" / ARTICLE_SOURCE.name)
    glossary = ROOT / "content" / "glossary"
    if glossary.exists():
        shutil.copytree(glossary, dest / "glossary")
    return dest


def parse(path: Path) -> LexborHTMLParser:
    return LexborHTMLParser(path.read_text(encoding="utf-8"))


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def effective_lang(node: LexborNode) -> str:
    current: LexborNode | None = node
    while current is not None:
        attrs = current.attributes if current.tag != "-text" else {}
        if attrs.get("lang") is not None:
            return attrs["lang"] or ""
        current = current.parent
    return ""


def text_nodes(root: LexborNode) -> Iterator[LexborNode]:
    """Visible text nodes: not inside script, style or template."""
    for node in root.traverse(include_text=True):
        if node.tag != "-text" or not node.text_content.strip():
            continue
        ancestor = node.parent
        hidden = False
        while ancestor is not None:
            if ancestor.tag in ("script", "style", "template", "title"):
                hidden = True
                break
            ancestor = ancestor.parent
        if not hidden:
            yield node


def urdu_words(text: str) -> list[str]:
    """Whitespace-separated words, with a break after every full stop (۔).

    Paragraph breaks may only be added at sentence ends, where the source
    sometimes has no space ("گیا۔روسی"); splitting after ۔ on both sides
    lets the comparison ignore exactly that and nothing else.
    """
    text = unicodedata.normalize("NFC", text).replace("۔", "۔ ")
    return text.split()


def article_body_text(output: Path) -> str:
    tree = parse(output / ARTICLE_PAGE)
    body = tree.css_first(".article-body")
    assert body is not None, "article page has no .article-body"
    return "\n".join(p.text(deep=True) for p in body.css("p"))


LATIN_LETTERS = re.compile(r"[A-Za-z]+")
