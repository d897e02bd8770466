"""Glossary popovers in headless Chromium: hover, focus, tap, Escape, no JavaScript.

WCAG 1.4.13 (content on hover or focus): the popover can be dismissed without
moving the pointer or focus (Escape), can be hovered without disappearing, and
stays until the reader leaves it or dismisses it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import ARTIFACTS, axe_violations, serve
from tests.support import ARTICLE_PAGE

pytestmark = pytest.mark.browser

ARTICLE = f"{ARTICLE_PAGE.parent}/"
FIRST = "sergey-lavrov"
CLOSE_WAIT = 700  # ms: longer than glossary.js's CLOSE_DELAY

GEOMETRY = """
([link, pop]) => {
  const a = document.querySelector(link).getClientRects()[0];
  const p = document.querySelector(pop).getBoundingClientRect();
  const view = document.documentElement;
  return {
    inside: p.left >= 0 && p.top >= 0 && p.right <= view.clientWidth
            && p.bottom <= view.clientHeight,
    linkRight: a.right, linkBottom: a.bottom, popRight: p.right, popWidth: p.width,
    below: p.top >= a.bottom, above: p.bottom <= a.top,
    scrollWidth: view.scrollWidth, viewWidth: view.clientWidth,
  };
}
"""


@pytest.fixture(scope="module")
def served(site: Path):
    with serve(site) as url:
        yield url


@pytest.fixture
def phone(browser, served: str):
    """A touch phone, 360 CSS pixels wide."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740}, has_touch=True, is_mobile=True
    )
    page = context.new_page()
    page.goto(f"{served}/{ARTICLE}", wait_until="networkidle")
    yield page
    context.close()


@pytest.fixture
def desktop(browser, served: str):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{served}/{ARTICLE}", wait_until="networkidle")
    yield page
    page.close()


def link(page, slug: str = FIRST):
    return page.locator(f'.article-body a.glossary-link[data-entry="{slug}"]').first


def popover(page, slug: str = FIRST):
    return page.locator(f"#gloss-{slug}")


def geometry(page, slug: str = FIRST) -> dict:
    selector = f'.article-body a.glossary-link[data-entry="{slug}"]'
    return page.evaluate(GEOMETRY, [selector, f"#gloss-{slug}"])


def active_entry(page) -> str | None:
    return page.evaluate("() => document.activeElement.dataset.entry || null")


def test_keyboard_focus_opens_and_escape_closes(desktop) -> None:
    for _ in range(40):  # Tab through the page as a keyboard user does
        desktop.keyboard.press("Tab")
        if active_entry(desktop):
            break
    assert active_entry(desktop) == FIRST
    expect(popover(desktop)).to_be_visible()
    assert geometry(desktop)["inside"]

    desktop.keyboard.press("Escape")
    expect(popover(desktop)).to_be_hidden()
    assert active_entry(desktop) == FIRST, "focus stays on the link"

    desktop.keyboard.press("Tab")  # next link: its popover opens, the first stays closed
    second = active_entry(desktop)
    assert second and second != FIRST
    expect(popover(desktop, second)).to_be_visible()
    expect(popover(desktop)).to_be_hidden()
    desktop.keyboard.press("Shift+Tab")
    expect(popover(desktop)).to_be_visible()
    expect(popover(desktop, second)).to_be_hidden()


def test_enter_on_a_focused_link_navigates(desktop) -> None:
    link(desktop).focus()
    expect(popover(desktop)).to_be_visible()
    desktop.keyboard.press("Enter")
    desktop.wait_for_url(re.compile(r"/glossary/people/sergey-lavrov/$"))


def test_hover_opens_and_the_popover_is_hoverable(desktop) -> None:
    link(desktop).hover()
    expect(popover(desktop)).to_be_visible()
    where = geometry(desktop)
    # Urdu runs right to left: the popover lines up with the link's right edge.
    assert abs(where["popRight"] - where["linkRight"]) < 1, where
    assert where["below"]

    # Cross the gap between link and popover the way a hand does: not instantly.
    box = popover(desktop).bounding_box()
    x = where["popRight"] - 20
    desktop.mouse.move(x, (where["linkBottom"] + box["y"]) / 2)
    desktop.wait_for_timeout(150)
    desktop.mouse.move(x, box["y"] + box["height"] / 2, steps=4)
    desktop.wait_for_timeout(CLOSE_WAIT)
    expect(popover(desktop)).to_be_visible()  # hoverable and persistent
    popover(desktop).get_by_role("link").hover()
    desktop.wait_for_timeout(CLOSE_WAIT)
    expect(popover(desktop)).to_be_visible()

    desktop.mouse.move(5, 5, steps=4)
    expect(popover(desktop)).to_be_hidden(timeout=2000)


def test_escape_dismisses_a_hovered_popover(desktop) -> None:
    link(desktop).hover()
    expect(popover(desktop)).to_be_visible()
    desktop.keyboard.press("Escape")
    expect(popover(desktop)).to_be_hidden()
    desktop.wait_for_timeout(CLOSE_WAIT)
    expect(popover(desktop)).to_be_hidden()  # does not come back by itself


def test_mouse_click_still_navigates(desktop) -> None:
    link(desktop).click()
    desktop.wait_for_url(re.compile(r"/glossary/people/sergey-lavrov/$"))


def test_first_tap_opens_second_tap_navigates(phone) -> None:
    url = phone.url
    link(phone).tap()
    expect(popover(phone)).to_be_visible()
    assert phone.url == url, "the first tap must not navigate"
    where = geometry(phone)
    assert where["inside"], where
    assert where["scrollWidth"] <= where["viewWidth"], "no sideways scrolling"
    ARTIFACTS.joinpath("glossary").mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(ARTIFACTS / "glossary" / "popover-360.png"))

    phone.locator("h1").tap()  # a tap elsewhere closes it
    expect(popover(phone)).to_be_hidden()

    link(phone).tap()
    expect(popover(phone)).to_be_visible()
    link(phone).tap()
    phone.wait_for_url(re.compile(r"/glossary/people/sergey-lavrov/$"))


def test_popover_link_takes_touch_readers_to_the_entry(phone) -> None:
    link(phone).tap()
    more = popover(phone).get_by_role("link")
    expect(more).to_be_visible()
    more.tap()
    phone.wait_for_url(re.compile(r"/glossary/people/sergey-lavrov/$"))


def test_every_popover_fits_a_360px_phone(phone) -> None:
    slugs = phone.eval_on_selector_all(
        ".article-body a.glossary-link[id]", "els => els.map(e => e.dataset.entry)"
    )
    assert len(slugs) == 11
    for slug in slugs:
        phone.keyboard.press("Escape")
        link(phone, slug).focus()
        expect(popover(phone, slug)).to_be_visible()
        where = geometry(phone, slug)
        assert where["inside"], (slug, where)
        assert where["below"] or where["above"], (slug, where)
        assert where["scrollWidth"] <= where["viewWidth"], slug


def test_without_javascript_links_are_plain_links(browser, served: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        page.goto(f"{served}/{ARTICLE}", wait_until="load")
        popovers = page.locator(".glossary-popover")
        assert popovers.count() == 11
        for i in range(popovers.count()):
            expect(popovers.nth(i)).to_be_hidden()
        # Hidden, yet each popover still describes its link to assistive technology.
        expect(link(page)).to_have_accessible_description(
            re.compile("^Sergey Lavrov Russian diplomat")
        )
        link(page).hover()
        expect(popover(page)).to_be_hidden()
        link(page).click()
        page.wait_for_url(re.compile(r"/glossary/people/sergey-lavrov/$"))
        assert page.locator("h1").inner_text() == "Sergey Lavrov"
    finally:
        context.close()


@pytest.mark.parametrize(
    "path",
    [ARTICLE, "glossary/", "glossary/people/sergey-lavrov/", "glossary/projects/sputnik-v/"],
)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violations(browser, served: str, path: str, scheme: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    try:
        page.goto(f"{served}/{path}", wait_until="networkidle")
        if path == ARTICLE:
            link(page).focus()  # with a popover open, too
            expect(popover(page)).to_be_visible()
        assert axe_violations(page) == []
        ARTIFACTS.joinpath("glossary").mkdir(parents=True, exist_ok=True)
        name = path.strip("/").replace("/", "-") or "article"
        page.screenshot(path=str(ARTIFACTS / "glossary" / f"{name}-{scheme}.png"), full_page=True)
    finally:
        page.close()
