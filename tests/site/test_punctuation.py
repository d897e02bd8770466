"""Punctuation bound to its word at build time (issue 15): in the built HTML
no ۔ ، ؟ ؛ follows a breakable space in Urdu prose, while code keeps its spaces."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from khabarnama.localize.punctuation import bind_punctuation, bind_title
from tests.support import ARTICLE_PAGE, parse, text_nodes

BREAKABLE_BEFORE_MARK = re.compile(r"[ \t\r\n][۔،؟؛]")


def test_spaces_before_marks_become_no_break_spaces() -> None:
    assert (
        bind_punctuation("ملاقات کی ، اور  بات ہوئی ۔") == "ملاقات کی\u00a0، اور  بات ہوئی\u00a0۔"
    )
    assert bind_punctuation("کہا «ہاں »") == "کہا «ہاں\u00a0»"
    assert bind_punctuation("ایک، دو۔") == "ایک، دو۔"


def test_built_article_listing_and_headlines_have_no_breakable_space_before_a_mark(
    site: Path,
) -> None:
    source = (Path(__file__).resolve().parents[2] / "content" / "articles").glob("*.md")
    assert any(BREAKABLE_BEFORE_MARK.search(p.read_text(encoding="utf-8")) for p in source), (
        "the real article no longer has a space before a mark: this test checks nothing"
    )
    for page in (ARTICLE_PAGE, Path("index.html"), Path("archives/index.html")):
        tree = parse(site / page)
        main = tree.css_first("main")
        for node in text_nodes(main):
            if node.parent.tag in ("code", "pre"):
                continue
            assert not BREAKABLE_BEFORE_MARK.search(node.text_content), (page, node.text_content)


def test_headlines_are_bound_too() -> None:
    item = SimpleNamespace(lang="ur", title="پاکستان اور روس ، نئی بات چیت ؟", metadata={})
    bind_title(item, {"ur"})
    assert item.title == "پاکستان اور روس\u00a0، نئی بات چیت\u00a0؟"
