"""Pages preload the locked font subset as Pelican writes them.

With a lock, the fontsubset plugin knows the deployed subset's name before
any page is rendered (``PRELOAD_FONT_FILES``); the theme names it, so the
plugin has no page to rewrite, and what it would have written is what the
template wrote.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.support import build_site, html_pages, make_content

PRELOAD = re.compile(r'<link rel="preload" href="([^"]+\.woff2)"')


def _report(cache: Path) -> dict:
    return json.loads((cache / "fontsubset" / "report.json").read_text(encoding="utf-8"))


def test_pages_name_the_locked_subset_and_need_no_rewrite(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    lock = tmp_path / "lock"
    first = build_site(
        content, tmp_path / "first", CACHE_PATH=str(tmp_path / "c1"), FONTSUBSET_LOCK_PATH=str(lock)
    )
    assert first.returncode == 0, first.log
    # no lock yet: the pages named the full font, and the plugin rewrote them
    before = _report(tmp_path / "c1")["pages_rewritten"]
    assert before > 10

    second = build_site(
        content,
        tmp_path / "second",
        CACHE_PATH=str(tmp_path / "c2"),
        FONTSUBSET_LOCK_PATH=str(lock),
    )
    assert second.returncode == 0, second.log
    report = _report(tmp_path / "c2")
    assert report["fonts"][0]["lock"] == "loaded"
    # left to rewrite: only English pages that quote Urdu, which the template
    # does not preload the font for
    assert report["pages_rewritten"] < before / 5
    subset = report["fonts"][0]["subset_file"]
    pages = html_pages(tmp_path / "second")
    preloads = {page: PRELOAD.findall(page.read_text(encoding="utf-8")) for page in pages}
    assert sum(1 for found in preloads.values() if found) > 3
    for page, found in preloads.items():
        for href in found:
            assert href.endswith(Path(subset).name), (page, href)
    # and the same page as the build whose pages the plugin rewrote
    for page in pages:
        twin = tmp_path / "first" / page.relative_to(tmp_path / "second")
        assert _tags(page) == _tags(twin), page


def _tags(page: Path) -> str:
    """The page with the white space between tags collapsed (the rewrite's line breaks)."""
    return re.sub(r">\s+<", "><", page.read_text(encoding="utf-8"))
