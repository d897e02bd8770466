"""A real ``pelican --fatal warnings`` build with only this plugin and a tiny theme.

Proves the plugin registers on ``finalized``, that a good site builds with
exit 0, and that a fault makes the build exit non-zero.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FONT, article_paragraphs

THEME = Path(__file__).parent / "site" / "theme"


def _site(root: Path, *, with_font: bool = True) -> Path:
    theme = root / "theme"
    shutil.copytree(THEME, theme)
    if with_font:
        (theme / "static/fonts").mkdir()
        shutil.copy(FONT, theme / "static/fonts")
    content = root / "content"
    (content / "pages").mkdir(parents=True)
    body = "\n\n".join(article_paragraphs()[:6])
    (content / "lavrov.md").write_text(
        f"Title: لاروف کا دورہ\nDate: 2021-04-07\nLang: ur\nSlug: lavrov\n\n{body}\n",
        encoding="utf-8",
    )
    (content / "pages" / "about.md").write_text(
        'Title: About\n\nNames: <span lang="ur" dir="rtl">سرگئی لاروف</span>.\n', encoding="utf-8"
    )
    (root / "pelicanconf.py").write_text(
        """
SITENAME = "t"
SITEURL = ""
PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
PLUGINS = ["khabarnama.fontsubset"]
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
ARTICLE_TRANSLATION_ID = None
ARTICLE_URL = ARTICLE_SAVE_AS = ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = "{slug}.html"
""",
        encoding="utf-8",
    )
    return root


def _pelican(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "COLUMNS": "200"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            "content",
            "-s",
            "pelicanconf.py",
            "-o",
            "output",
            "--fatal",
            "warnings",
        ],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.mark.timeout(300)
def test_pelican_build_ships_the_subset(tmp_path: Path) -> None:
    root = _site(tmp_path)
    result = _pelican(root)
    assert result.returncode == 0, result.stdout + result.stderr
    fonts = sorted(p.name for p in (root / "output/theme/fonts").iterdir())
    assert len(fonts) == 1 and fonts[0] != FONT.name and fonts[0].endswith(".woff2")
    assert fonts[0] in (root / "output/lavrov.html").read_text()
    assert fonts[0] in (root / "output/pages/about.html").read_text()  # Urdu span → preload
    # The index lists the Urdu title (lang="ur" on its link): it renders Urdu too.
    assert fonts[0] in (root / "output/index.html").read_text()
    report = json.loads((root / "cache/fontsubset/report.json").read_text())
    assert report["subset_runs"] == 1
    # A second build of the same site does no subsetting.
    again = _pelican(root)
    assert again.returncode == 0, again.stdout + again.stderr
    report = json.loads((root / "cache/fontsubset/report.json").read_text())
    assert report["subset_runs"] == 0 and report["fonts"][0]["cache"] == "locked"


@pytest.mark.timeout(300)
def test_pelican_build_fails_when_the_font_is_missing(tmp_path: Path) -> None:
    root = _site(tmp_path, with_font=False)
    result = _pelican(root)
    assert result.returncode != 0
    assert "not found" in result.stdout + result.stderr
    assert "@font-face {" not in (root / "output/theme/css/fonts.css").read_text()
