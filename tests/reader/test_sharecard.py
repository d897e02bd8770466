"""Share cards (plugins/sharecard): a 1200 × 630 picture per article with its
Urdu headline, referenced by Open Graph and Twitter tags (issue 15)."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from PIL import Image, features

from khabarnama.cache import write_framed
from tests.browser import ARTIFACTS
from tests.support import ARTICLE_PAGE, build_site, make_content, parse


def meta(tree, attr: str, name: str) -> str | None:
    node = tree.css_first(f'meta[{attr}="{name}"]')
    return node.attributes.get("content") if node is not None else None


def card_of(output: Path, page: Path) -> tuple[str, Path]:
    tree = parse(output / page)
    url = meta(tree, "property", "og:image")
    assert url and url.startswith("https://"), url
    path = url.split("/", 3)[3]
    return url, output / path


def test_every_article_shares_its_own_large_card(published_site: Path) -> None:
    pages = sorted(p.relative_to(published_site) for p in published_site.glob("2021/*/index.html"))
    assert len(pages) >= 2
    seen = set()
    for page in pages:
        tree = parse(published_site / page)
        url, file = card_of(published_site, page)
        assert meta(tree, "name", "twitter:card") == "summary_large_image"
        assert meta(tree, "name", "twitter:image") == url
        assert meta(tree, "property", "og:image:width") == "1200"
        assert meta(tree, "property", "og:image:height") == "630"
        assert meta(tree, "property", "og:image:alt") == meta(tree, "property", "og:title")
        data = file.read_bytes()
        assert len(data) <= 60_000, f"{file.name} is {len(data)} bytes"
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.size == (1200, 630)
        seen.add(url)
    assert len(seen) == len(pages), "articles share one card"


def test_card_shows_the_headline_shaped(published_site: Path) -> None:
    """Raqm (HarfBuzz) is there, and the headline fills the card's upper part,
    right-aligned over most of the width, in several lines."""
    assert features.check("raqm"), "Pillow without raqm cannot shape Nastaliq"
    _, file = card_of(published_site, ARTICLE_PAGE)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(file, ARTIFACTS / "sharecard-article.png")  # for a reviewer to look at
    image = Image.open(file).convert("L")
    background = image.getpixel((600, 100))
    headline = image.crop((0, 40, 1200, 510))
    dark = headline.point(lambda v: 255 if abs(v - background) > 100 else 0)
    left, top, right, bottom = dark.getbbox()
    assert right > 1100 and right - left > 800, (left, right)  # right-aligned, long lines
    assert bottom - top > 200  # several lines


def test_cards_come_from_the_cache(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    cache = tmp_path / "cache"
    first = build_site(content, tmp_path / "one", "publishconf.py", CACHE_PATH=str(cache))
    assert first.returncode == 0, first.log
    _, card = card_of(first.output, ARTICLE_PAGE)
    cached = cache / "sharecard" / card.name
    assert cached.exists()
    # A card in the cache is copied, not drawn again.
    marker = Image.new("RGB", (1200, 630), "red")
    body = io.BytesIO()
    marker.save(body, "PNG")
    write_framed(cached, body.getvalue())
    second = build_site(content, tmp_path / "two", "publishconf.py", CACHE_PATH=str(cache))
    assert second.returncode == 0, second.log
    assert (second.output / card.relative_to(first.output)).read_bytes() == body.getvalue()


@pytest.mark.parametrize("headline", ["ایک بہت لمبی سرخی " * 12])
def test_long_headlines_still_fit(headline: str) -> None:
    from khabarnama.sharecard.sharecard import DEFAULTS, CardText, _font_bytes, render_card

    font = Path(__file__).resolve().parents[2] / "theme/static/fonts"
    data = _font_bytes(next(font.glob("*.woff2")))
    png = render_card(
        CardText(headline, "خبرنامہ", "8 اپریل 2021"), data, DEFAULTS["SHARECARD_COLORS"], 60_000
    )
    assert len(png) <= 60_000 and Image.open(io.BytesIO(png)).size == (1200, 630)
