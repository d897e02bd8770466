"""The front page and the type scale, measured in Chromium (issue 15).

An Urdu news site's front page has a lead story (the largest headline, with
its summary), the latest stories, and sections by topic. Nastaliq has no
bold, so every rank of text must differ in size: site name > article
headline > section heading > body text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import serve
from tests.support import ARTICLE_PAGE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(site: Path):
    with serve(site) as url:
        yield url


def size(page, selector: str) -> float:
    return page.evaluate(
        "sel => parseFloat(getComputedStyle(document.querySelector(sel)).fontSize)", selector
    )


@pytest.mark.parametrize("width", [360, 1280])
def test_front_page_has_a_lead_latest_stories_and_topics(browser, served: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{served}/", wait_until="networkidle")
        lead = page.locator(".lead")
        assert lead.count() == 1
        assert lead.locator(".summary-text").inner_text().strip()
        lead_size = size(page, ".lead h2")
        others = page.evaluate(
            """() => [...document.querySelectorAll('.headline-list a')].map(
                 a => parseFloat(getComputedStyle(a).fontSize))"""
        )
        assert others and all(lead_size > 1.2 * other for other in others), (lead_size, others)
        assert page.locator(".latest .headline-list li").count() >= 1
        topics = page.locator(".topic .section-heading").all_inner_texts()
        assert "روس" in topics and "پاکستان" in topics
        if width >= 1280:  # lead and latest side by side
            lead_box = lead.bounding_box()
            latest_box = page.locator(".latest").bounding_box()
            assert abs(lead_box["y"] - latest_box["y"]) < 20
            assert latest_box["x"] + latest_box["width"] <= lead_box["x"]  # RTL: lead on the right
    finally:
        page.close()


@pytest.mark.parametrize("width", [360, 1280])
def test_type_scale_and_widths(browser, served: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    try:
        page.goto(f"{served}/{ARTICLE_PAGE.parent}/", wait_until="networkidle")
        body = size(page, ".article-body p")
        headline = size(page, ".article-header h1")
        site_name = size(page, ".site-name")
        sections = [size(page, s) for s in (".glossary-panel h2", ".related h2", ".tags-heading")]
        assert site_name > headline > max(sections), (site_name, headline, sections)
        assert min(sections) > 1.1 * body, (sections, body)
        # Header, content and footer line up: same start and end.
        edges = page.evaluate(
            """() => ['.site-header-bar', 'main .article', '.site-footer p'].map(sel => {
                 const r = document.querySelector(sel).getBoundingClientRect();
                 return [Math.round(r.left), Math.round(r.right)]; })"""
        )
        assert edges[0] == edges[1] == edges[2], edges
        if width == 360:
            header = page.locator(".site-header").bounding_box()["height"]
            assert header <= 130, f"the header takes {header}px of a phone's 800"
    finally:
        page.close()
