"""Fixtures for the fontsubset tests: small built-output folders made on the fly.

The tests do not depend on the site's theme: each builds the few files the
plugin's contract names (a page per case, ``theme/css/fonts.css`` with the
Fontsource @font-face, the real Noto Nastaliq Urdu WOFF2) in a temp dir.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.browser import serve
from tests.reference_text import reference_article

ROOT = Path(__file__).resolve().parents[2]

FONT = ROOT / "theme" / "static" / "fonts" / "noto-nastaliq-urdu-arabic-400-normal.woff2"
FONT_REL = "theme/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2"
ARTIFACTS = ROOT / "test-artifacts" / "fontsubset"

#: The range Fontsource/Google Fonts declare for the "arabic" subset.
ARABIC_RANGE = (
    "U+0600-06FF, U+0750-077F, U+0870-088E, U+0890-0891, U+0897-08E1, U+08E3-08FF, "
    "U+200C-200E, U+2010-2011, U+204F, U+2E41, U+FB50-FDFF, U+FE70-FE74, U+FE76-FEFC"
)

FONTS_CSS = f"""/* fonts */
@font-face {{
  font-family: "Noto Nastaliq Urdu";
  font-style: normal;
  font-weight: 400;
  font-display: swap;
  src: url("../fonts/noto-nastaliq-urdu-arabic-400-normal.woff2") format("woff2");
  unicode-range: {ARABIC_RANGE};
}}
"""
SITE_CSS = """body { font-family: "DejaVu Sans", sans-serif; font-size: 20px; line-height: 2.4; }
:lang(ur) { font-family: "Noto Nastaliq Urdu", serif; }
"""
PRELOAD = (
    '<link rel="preload" href="{prefix}theme/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2" '
    'as="font" type="font/woff2" crossorigin>'
)


def article_paragraphs() -> list[str]:
    """The article with a paragraph break at every sentence end (where the
    site may add one): many short runs, each one sentence."""
    return reference_article().sentences


def page(lang: str, body: str, *, dir_: str = "ltr", prefix: str = "", preload: bool = True) -> str:
    head_preload = PRELOAD.format(prefix=prefix) if preload else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}" dir="{dir_}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>t</title>\n"
        f'<link rel="stylesheet" href="{prefix}theme/css/fonts.css">\n'
        f'<link rel="stylesheet" href="{prefix}theme/css/site.css">\n'
        f"{head_preload}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def article_page(prefix: str = "") -> str:
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in article_paragraphs())
    return page(
        "ur", f"<article>\n<h1>لاروف کا دورہ</h1>\n{body}\n</article>", dir_="rtl", prefix=prefix
    )


SiteFactory = Callable[..., dict]


def write_site(
    root: Path, pages: dict[str, str], *, font: bytes | None = None, **settings: object
) -> dict:
    """Write pages (path → HTML) plus the theme's files under ``root/output``.

    Returns plugin settings pointing at it, with the cache in ``root/cache``.
    ``font=b""`` leaves the font out; other bytes replace it.
    """
    out = root / "output"
    if out.exists():
        shutil.rmtree(out)
    (out / "theme" / "css").mkdir(parents=True)
    (out / "theme" / "fonts").mkdir(parents=True)
    (out / "theme" / "css" / "fonts.css").write_text(FONTS_CSS, encoding="utf-8")
    (out / "theme" / "css" / "site.css").write_text(SITE_CSS, encoding="utf-8")
    if font is None:
        shutil.copy(FONT, out / FONT_REL)
    elif font:
        (out / FONT_REL).write_bytes(font)
    for rel, text in pages.items():
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(text, encoding="utf-8")
    return {"OUTPUT_PATH": str(out), "CACHE_PATH": str(root / "cache"), **settings}


@pytest.fixture
def make_site(tmp_path: Path, request: pytest.FixtureRequest) -> SiteFactory:
    """A module may set ``FONTSUBSET_SETTINGS``: defaults for every site it makes."""
    defaults = getattr(request.module, "FONTSUBSET_SETTINGS", {})

    def factory(pages: dict[str, str], **kwargs: object) -> dict:
        return write_site(tmp_path, pages, **{**defaults, **kwargs})

    return factory


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server for the browser tests: (its URL, the folder it serves)."""
    root = tmp_path / "www"
    root.mkdir()
    with serve(root) as url:
        yield url, root
