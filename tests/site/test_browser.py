"""The article page in headless Chromium, as a reader on a phone or a desktop sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, axe_violations, serve
from tests.support import ARTICLE_PAGE

pytestmark = pytest.mark.browser

WIDTHS = [360, 1280]

LAYOUT_REPORT = """
() => {
  const p = document.querySelector('.article-body p');
  const box = p.getBoundingClientRect();
  const range = document.createRange();
  range.setStart(p.firstChild, 0);
  range.setEnd(p.firstChild, 1);
  const first = range.getBoundingClientRect();
  const clipped = [];
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.display === 'none' || el.closest('.visually-hidden')) continue;
    if (el.matches('.skip-link') && el !== document.activeElement) continue;
    const clips = [style.overflowX, style.overflowY].some(v => v !== 'visible');
    if (clips && (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1)) {
      clipped.push(el.tagName + '.' + el.className + ' ' + el.scrollWidth + 'x' + el.scrollHeight
                   + ' in ' + el.clientWidth + 'x' + el.clientHeight);
    }
  }
  return {
    paragraphLeft: box.left, paragraphRight: box.right,
    firstCharLeft: first.left, firstCharRight: first.right,
    direction: getComputedStyle(p).direction,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    clipped,
    bodyLineHeight:
      parseFloat(getComputedStyle(p).lineHeight) / parseFloat(getComputedStyle(p).fontSize),
    justified: [...document.querySelectorAll('body *')].filter(
      el => getComputedStyle(el).textAlign === 'justify').map(el => el.tagName),
  };
}
"""

FONT_REPORT = """
async () => {
  await document.fonts.ready;
  return [...document.fonts].map(f => ({family: f.family, status: f.status}));
}
"""


@pytest.fixture(scope="module")
def served(site: Path):
    with serve(site) as url:
        yield url


def platform_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium really drew a node's text with (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


@pytest.mark.parametrize("width", WIDTHS)
def test_article_page_in_chromium(browser, served: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{served}/{ARTICLE_PAGE.parent}/", wait_until="networkidle")
        fonts = page.evaluate(FONT_REPORT)
        nastaliq = [f for f in fonts if "Noto Nastaliq Urdu" in f["family"]]
        assert nastaliq and all(f["status"] == "loaded" for f in nastaliq), fonts

        drawn = platform_fonts(page, ".article-body p")
        main = max(drawn, key=lambda f: f["glyphCount"])
        assert main["familyName"] == "Noto Nastaliq Urdu" and main["isCustomFont"], drawn

        layout = page.evaluate(LAYOUT_REPORT)
        assert layout["direction"] == "rtl"
        # Right to left: the first letter sits at the paragraph's right edge.
        assert abs(layout["firstCharRight"] - layout["paragraphRight"]) < 2, layout
        assert layout["firstCharLeft"] > layout["paragraphLeft"] + 20, layout
        assert layout["scrollWidth"] <= layout["innerWidth"], "page scrolls sideways"
        assert not layout["clipped"], layout["clipped"]
        assert layout["bodyLineHeight"] >= 2
        assert not layout["justified"]

        ARTIFACTS.joinpath("site").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "site" / f"article-{width}.png"), full_page=True)
    finally:
        page.close()


def test_site_works_without_javascript(browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(f"{served}/", wait_until="load")
        # From the front page's headlines to the long article, links only.
        link = page.locator(f'main a[href*="{ARTICLE_PAGE.parent.name}/"]').first
        link.click()
        page.wait_for_load_state("load")
        assert page.locator(".article-body p").count() >= 8
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [f"{ARTICLE_PAGE.parent}/", "", "archives/", "tags/", "tag/russia/", "en/about/", "404.html"],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser, served: str, path: str, scheme: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    try:
        page.goto(f"{served}/{path}", wait_until="networkidle")
        assert axe_violations(page) == []
    finally:
        page.close()


def test_axe_reports_a_real_violation(browser, tmp_path: Path) -> None:
    """The harness can fail: an unlabelled image and a missing lang are reported."""
    (tmp_path / "index.html").write_text(
        "<!DOCTYPE html><html><head><title>x</title></head><body><main>"
        '<img src="x.png"></main></body></html>'
    )
    with serve(tmp_path) as url:
        page = browser.new_page()
        try:
            page.goto(f"{url}/", wait_until="load")
            ids = {v["id"] for v in axe_violations(page)}
        finally:
            page.close()
    assert {"image-alt", "html-has-lang"} <= ids
