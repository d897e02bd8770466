"""Nastaliq as an Urdu reader sees it in Chromium (issue 15): nothing clipped,
nothing overlapping, no line starting with punctuation.

Nastaliq's ascenders (ک گ) and descenders reach far outside the em box, so
boxes sized for Latin text cut them off or run them into their neighbours.
These tests measure what is drawn, not the CSS that should prevent it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.browser import serve
from tests.support import ARTICLE_PAGE

pytestmark = pytest.mark.browser

WIDTHS = [360, 1280]
TYPED = "کمیشن گیس"


@pytest.fixture(scope="module")
def served(site: Path):
    with serve(site) as url:
        yield url


def ink(png: bytes) -> int:
    """Pixels that differ clearly from the image's corner (background) colour."""
    image = Image.open(io.BytesIO(png)).convert("L")
    background = image.getpixel((0, 0))
    return sum(1 for value in image.get_flattened_data() if abs(value - background) > 60)


def typed_ink(page, selector: str, text: str) -> tuple[int, int]:
    """Ink of ``text`` typed into the input, and of the same text unclipped.

    The input is photographed inside its border (the border is not text); the
    reference is a box with the input's font, colours and no height limit.
    """
    field = page.locator(selector)
    field.fill(text)
    page.evaluate(
        """sel => { const el = document.querySelector(sel); el.blur();
                    el.style.caretColor = 'transparent'; el.style.outline = 'none'; }""",
        selector,
    )
    box = page.evaluate(
        """sel => { const el = document.querySelector(sel); const r = el.getBoundingClientRect();
                    const s = getComputedStyle(el); const b = parseFloat(s.borderTopWidth) + 1;
                    return {x: r.x + b, y: r.y + b,
                            width: r.width - 2 * b, height: r.height - 2 * b}; }""",
        selector,
    )
    inside = page.screenshot(clip=box)
    page.evaluate(
        """([sel, text]) => {
             const el = document.querySelector(sel); const s = getComputedStyle(el);
             const ref = document.createElement('div'); ref.id = 'ink-reference';
             ref.textContent = text; ref.dir = 'rtl';
             Object.assign(ref.style, {position: 'absolute', top: '0', left: '0',
               padding: '60px', lineHeight: '4', whiteSpace: 'pre', zIndex: 99,
               fontFamily: s.fontFamily, fontSize: s.fontSize, wordSpacing: s.wordSpacing,
               color: s.color, background: s.backgroundColor});
             document.body.append(ref);
           }""",
        [selector, text],
    )
    reference = page.locator("#ink-reference").screenshot()
    page.evaluate("document.getElementById('ink-reference').remove()")
    return ink(inside), ink(reference)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(
    "path,selector",
    [("", "#site-search-input"), ("search/", "#search-input")],
    ids=["header", "search-page"],
)
def test_typed_urdu_is_not_clipped_in_search_boxes(
    browser, served: str, path: str, selector: str, width: int, scheme: str
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
    try:
        page.goto(f"{served}/{path}", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        drawn, whole = typed_ink(page, selector, TYPED)
        assert whole > 200, "the reference text drew nothing"
        # Anti-aliasing differs by a few pixels; a cut-off ک or گ loses far more.
        assert drawn >= 0.97 * whole, f"{selector}: {drawn} of {whole} ink pixels visible"
    finally:
        page.close()


TEXT_BOXES = """
() => {
  const boxes = [];
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest('.visually-hidden')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width > 0.5) boxes.push({text: node.textContent.trim().slice(0, 30),
        left: r.left, right: r.right, top: r.top, bottom: r.bottom});
    }
  }
  return boxes;
}
"""


def overlapping(boxes: list[dict], tolerance: float = 1.0) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["text"] == b["text"]:
                continue
            across = min(a["right"], b["right"]) - max(a["left"], b["left"])
            down = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
            if across > tolerance and down > tolerance:
                found.append((a["text"], b["text"]))
    return found


@pytest.mark.parametrize("width", WIDTHS)
def test_glossary_index_names_do_not_overlap(browser, served: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{served}/glossary/", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        assert overlapping(page.evaluate(TEXT_BOXES)) == []
        # The Urdu name sits at the far (inline-end) side of its row, whether
        # it shares the English name's line or wrapped below it.
        ends = page.evaluate(
            """() => [...document.querySelectorAll('.glossary-item dt')].map(dt => {
                 const urdu = dt.querySelector('[lang=ur]');
                 const range = document.createRange(); range.selectNodeContents(urdu);
                 return {name: urdu.textContent, gap: dt.getBoundingClientRect().right
                         - range.getBoundingClientRect().right}; })"""
        )
        assert ends and all(abs(end["gap"]) < 2 for end in ends), ends
    finally:
        page.close()


LINE_STARTS = """
marks => {
  const starts = [];
  const blocks = document.querySelectorAll(
    'main p, main h1, main h2, main h3, main li, main dt, main dd, .summary-text');
  for (const block of blocks) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    let lastTop = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.visually-hidden')) continue;
      const text = node.textContent;
      for (let i = 0; i < text.length; i++) {
        if (/\\s/.test(text[i])) continue;
        const range = document.createRange();
        range.setStart(node, i);
        range.setEnd(node, i + 1);
        const rect = range.getClientRects()[0];
        if (!rect) continue;
        if (lastTop === null || rect.top > lastTop + 8) {
          if (lastTop !== null && marks.includes(text[i])) {
            starts.push(text.slice(Math.max(0, i - 12), i + 3));
          }
          lastTop = rect.top;
        }
      }
    }
  }
  return starts;
}
"""
LISTING_PAGES = ["", "archives/", "tag/russia/", f"{ARTICLE_PAGE.parent}/"]


@pytest.mark.parametrize("width", [*WIDTHS, 412])
@pytest.mark.parametrize("path", LISTING_PAGES, ids=["home", "archives", "tag", "article"])
def test_no_line_starts_with_punctuation(browser, served: str, path: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{served}/{path}", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        starts = page.evaluate(LINE_STARTS, list("۔،؟؛»”’)"))
        assert starts == [], f"lines starting with a mark at {width}px: {starts}"
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_urdu_link_boxes_hold_the_nastaliq_letters(browser, served: str, width: int) -> None:
    """A link's box (what its focus ring is drawn around) spans the Nastaliq
    ascent and descent (2.5 em), not the Latin fallback's 1.2 em."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{served}/{ARTICLE_PAGE.parent}/", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        boxes = page.evaluate(
            """() => [...document.querySelectorAll('.article-body a')].map(a => ({
                 text: a.textContent, font: parseFloat(getComputedStyle(a).fontSize),
                 height: a.getClientRects()[0].height}))"""
        )
        assert boxes
        short = [b for b in boxes if b["height"] < 2.4 * b["font"]]
        assert short == [], short
    finally:
        page.close()


def test_smaller_layout_items(browser, served: str) -> None:
    """Urdu headlines in an English "Mentioned in" list start at the right;
    the article's date stands apart from the first paragraph."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{served}/glossary/people/sergey-lavrov/", wait_until="networkidle")
        gaps = page.evaluate(
            """() => [...document.querySelectorAll('.glossary-mentions li')].map(li => {
                 const a = li.querySelector('a'); const range = document.createRange();
                 range.selectNodeContents(a);
                 const end = li.getBoundingClientRect().right;
                 return end - range.getBoundingClientRect().right; })"""
        )
        assert gaps and all(abs(gap) < 2 for gap in gaps), gaps
        page.goto(f"{served}/{ARTICLE_PAGE.parent}/", wait_until="networkidle")
        space = page.evaluate(
            """() => document.querySelector('.article-body p').getBoundingClientRect().top
                 - document.querySelector('.article-header .meta').getBoundingClientRect().bottom"""
        )
        assert space >= 16, f"the date sits {space}px above the first paragraph"
    finally:
        page.close()


def test_popover_of_a_wrapped_name_opens_by_the_fragment_pointed_at(browser, served: str) -> None:
    page = browser.new_page(viewport={"width": 320, "height": 800})
    try:
        page.goto(f"{served}/{ARTICLE_PAGE.parent}/", wait_until="networkidle")
        wrapped = page.evaluate(
            """() => [...document.querySelectorAll('.article-body a.glossary-link')]
                 .map(a => ({entry: a.dataset.entry, rects: [...a.getClientRects()]
                   .map(r => ({x: r.x, y: r.y, width: r.width, bottom: r.bottom, top: r.top}))}))
                 .filter(l => l.rects.length > 1
                   && l.rects[l.rects.length - 1].top > l.rects[0].bottom - 5)"""
        )
        assert wrapped, "no name wraps at 320px: the fixture no longer tests this"
        for link in wrapped:
            page.mouse.move(5, 5)
            page.wait_for_timeout(800)  # the previous popover closes
            selector = f'.article-body a.glossary-link[data-entry="{link["entry"]}"]'
            last = page.evaluate(
                """sel => { const a = document.querySelector(sel);
                     a.scrollIntoView({block: 'center'}); const rects = a.getClientRects();
                     const r = rects[rects.length - 1];
                     return {x: r.x, width: r.width, top: r.top, bottom: r.bottom}; }""",
                selector,
            )
            page.mouse.move(last["x"] + last["width"] / 2, (last["top"] + last["bottom"]) / 2)
            popover = page.locator(f"#gloss-{link['entry']}")
            popover.wait_for(state="visible", timeout=3000)
            box = popover.bounding_box()
            below = box["y"] >= last["bottom"] - 1
            above = box["y"] + box["height"] <= last["top"] + 1
            assert below or above, (link["entry"], box, last)
    finally:
        page.close()
