"""Every page stays within the byte budget written in pelicanconf.py (PAGE_BYTE_BUDGET)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pelican.settings import read_settings

from tests.reader.pageweight import KINDS, PageWeight, page_weight
from tests.support import ARTICLE_PAGE, ROOT, html_pages

SITEURL = "https://khabarnama.example"  # publishconf.py's default, used by published_site


@pytest.fixture(scope="module")
def budget() -> dict[str, int]:
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    return settings["PAGE_BYTE_BUDGET"]


def over_budget(weight: PageWeight, budget: dict[str, int]) -> list[str]:
    problems = [
        f"{weight.page}: {kind} {weight.sent[kind]:,} B > {budget[kind]:,} B"
        for kind in KINDS
        if kind in budget and weight.sent[kind] > budget[kind]
    ]
    if "total" in budget and weight.total > budget["total"]:
        problems.append(f"{weight.page}: total {weight.total:,} B > {budget['total']:,} B")
    return problems


def test_budget_names_known_kinds(budget: dict[str, int]) -> None:
    assert set(budget) <= {*KINDS, "total"}
    assert all(isinstance(v, int) and v > 0 for v in budget.values())


def test_every_page_is_within_budget(published_site: Path, budget: dict[str, int]) -> None:
    pages = html_pages(published_site)
    assert len(pages) >= 10
    problems = []
    for page in pages:
        problems += over_budget(page_weight(published_site, page, SITEURL), budget)
    assert not problems, "\n".join(problems)


def test_weight_counts_what_the_article_loads(published_site: Path) -> None:
    """The measure sees the HTML, every stylesheet, the script and the subset font."""
    weight = page_weight(published_site, published_site / ARTICLE_PAGE, SITEURL)
    assert all(weight.sent[kind] > 0 for kind in KINDS), weight
    names = " ".join(weight.files)
    assert "site.css" in names and "glossary.js" in names and ".woff2" in names
    # gzip makes text smaller; fonts are counted as shipped.
    assert weight.sent["html"] < weight.raw["html"]
    assert weight.sent["font"] == weight.raw["font"]


def test_a_page_over_budget_fails(published_site: Path, budget: dict[str, int]) -> None:
    weight = page_weight(published_site, published_site / ARTICLE_PAGE, SITEURL)
    tight = {kind: 1 for kind in budget}
    assert len(over_budget(weight, tight)) == len(tight)
