"""Content and environment mistakes stop `make html`/`make publish` with one line each.

Each case is a small fixture site with one real-world mistake. The build must
fail (or, for a draft, succeed) without a Python traceback, and the line must
name the file, and, where the content is at fault, the field.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import ROOT, build_site, make_content

GOOD = "Title: ایک خبر\nSlug: {slug}\nDate: 2021-04-09\nSummary: ایک خلاصہ۔\n{extra}\nپہلا جملہ۔\n"
PAGE = "Title: صفحہ\nSlug: {slug}\nSummary: ایک خلاصہ۔\n\nیہ ایک صفحہ ہے۔\n"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content", with_real_article=False)


def one_line(build, needle: str) -> str:
    assert build.returncode != 0, build.log
    assert "Traceback" not in build.log, build.log
    lines = [line for line in build.log.splitlines() if needle in line]
    assert len(lines) == 1, build.log
    assert " — " in lines[0], "the line must say what to do"
    return lines[0]


@pytest.mark.parametrize("conf", ["pelicanconf.py", "publishconf.py"])
def test_a_draft_builds_and_is_not_listed(conf: str, content: Path, tmp_path: Path) -> None:
    (content / "articles" / "draft.md").write_text(
        GOOD.format(slug="a-draft", extra="Status: draft\n"), encoding="utf-8"
    )
    build = build_site(content, tmp_path / "out", settings_file=conf)
    assert build.returncode == 0, build.log
    assert (build.output / "drafts" / "a-draft.html").is_file()
    for path in build.output.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml") and "drafts" not in path.parts:
            assert "a-draft" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize(
    ("slug", "where"),
    [
        ("glossary", "glossary/index.html, where the site writes the glossary index"),
        ("search", "search/index.html, where the site writes the search page (ur)"),
        ("tags", "tags/index.html, where the site writes the tags page"),
        ("archives", "archives/index.html, where the site writes the archives page"),
        ("pagefind", "pagefind/index.html, where the site writes the search index"),
        ("theme", "theme/index.html, where the site writes the theme's files"),
    ],
)
def test_a_slug_on_a_generated_path_is_one_line(
    slug: str, where: str, content: Path, tmp_path: Path
) -> None:
    (content / "pages" / "clash.md").write_text(PAGE.format(slug=slug), encoding="utf-8")
    line = one_line(build_site(content, tmp_path / "out"), "clash.md")
    assert f"clash.md:2: slug: '{slug}' would write this page to {where}" in line


def test_an_english_page_on_the_english_search_page_is_one_line(
    content: Path, tmp_path: Path
) -> None:
    (content / "pages" / "clash.md").write_text(
        "Title: Search\nSlug: search\nLang: en\nSummary: A page.\n\nA page.\n", encoding="utf-8"
    )
    line = one_line(build_site(content, tmp_path / "out"), "clash.md")
    assert "en/search/index.html, where the site writes the search page (en)" in line


def test_an_orphan_translation_is_one_line(content: Path, tmp_path: Path) -> None:
    (content / "articles" / "orphan.md").write_text(
        "Title: A story\nSlug: orphan\nDate: 2021-04-09\nSummary: A summary.\nLang: en\n"
        "Translation: true\n\nThe first sentence.\n",
        encoding="utf-8",
    )
    line = one_line(build_site(content, tmp_path / "out"), "orphan.md")
    assert "orphan.md:6: translation: this is marked as a translation" in line


def test_two_originals_without_the_default_language_is_one_line(
    content: Path, tmp_path: Path
) -> None:
    for name in ("one", "two"):
        (content / "pages" / f"{name}.md").write_text(
            f"Title: Page {name}\nSlug: same\nLang: en\nSummary: A page.\n\nA page.\n",
            encoding="utf-8",
        )
    build = build_site(content, tmp_path / "out")
    assert build.returncode != 0 and "Traceback" not in build.log
    assert "slug: 'same' is also the slug of" in build.log


def test_a_symlink_loop_is_one_line(content: Path, tmp_path: Path) -> None:
    os.symlink("..", content / "articles" / "loop")
    line = one_line(build_site(content, tmp_path / "out"), "loop")
    assert "articles/loop:1: file: 'articles/loop' is a symbolic link that loops back" in line


@pytest.mark.parametrize("char", ["\x0b", "\x01", "\x1b", "\x85"])
@pytest.mark.parametrize("field", ["Title", "Summary"])
def test_a_control_character_in_a_field_is_one_line(
    char: str, field: str, content: Path, tmp_path: Path
) -> None:
    text = GOOD.format(slug="ctl", extra="")
    text = text.replace(f"{field}: ایک", f"{field}: ایک{char}")
    (content / "articles" / "ctl.md").write_text(text, encoding="utf-8")
    build = build_site(content, tmp_path / "out", settings_file="publishconf.py")
    line = one_line(build, "ctl.md")
    assert f"ctl.md:{1 if field == 'Title' else 4}: {field.lower()}: control character" in line
    assert f"U+{ord(char):04X}" in line


@pytest.mark.parametrize("damage", ["deleted", "truncated", "garbage"])
def test_a_missing_or_damaged_font_names_the_file(
    damage: str, content: Path, tmp_path: Path
) -> None:
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    font = theme / "static" / "fonts" / "noto-nastaliq-urdu-arabic-400-normal.woff2"
    if damage == "deleted":
        font.unlink()
    elif damage == "truncated":
        font.write_bytes(font.read_bytes()[:2000])
    else:
        font.write_bytes(b"wOF2" + b"\0" * 500)
    build = build_site(content, tmp_path / "out", THEME=str(theme))
    line = one_line(build, "noto-nastaliq-urdu-arabic-400-normal.woff2")
    assert ":1: font: the site's Urdu font" in line
    assert ("is missing" if damage == "deleted" else "cannot be read") in line


def test_a_pelican_warning_is_its_one_line(content: Path, tmp_path: Path) -> None:
    """Pelican's own warnings (here about its settings, before any plugin is
    loaded) stop the build under --fatal warnings: the warning, no traceback."""
    build = build_site(content, tmp_path / "out", FEED_ALL_ATOM="feeds/all.atom.xml")
    assert build.returncode == 1
    assert build.log.strip() == (
        "Feeds generated without SITEURL or FEED_DOMAIN set properly may not be valid"
    )


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0])
def test_ctrl_c_is_one_line_and_status_130(delay: float, content: Path, tmp_path: Path) -> None:
    shutil.copy(
        ROOT / "content" / "articles" / "lavrov-pakistan-visit-2021.md", content / "articles"
    )
    command = [
        sys.executable, "-m", "khabarnama.build", str(content), "-o", str(tmp_path / "out"),
        "-s", str(ROOT / "pelicanconf.py"), "--fatal", "warnings", "--log-handler", "plain",
        "-e", f'CACHE_PATH="{tmp_path / "cache"}"', "FONTSUBSET_LOCK_PATH=false",
    ]  # fmt: skip
    build = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    time.sleep(delay)
    os.killpg(build.pid, signal.SIGINT)  # what a terminal sends on Ctrl-C: every process
    out, _ = build.communicate(timeout=60)
    if build.returncode == 0:
        pytest.fail(f"the build finished in under {delay}s; interrupt it sooner")
    assert build.returncode == 130, out
    assert out.strip() == "interrupted (Ctrl-C): the build stopped before it finished"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("stray.md", "'stray.md' is not in a content folder, so it would not be published"),
        (
            "article/misspelt.md",
            "'article/misspelt.md' is not in a content folder, so it would not be published",
        ),
        ("articles/upper.MD", "'upper.MD' ends in '.MD', and only the lower-case '.md' is read"),
        ("articles/notes.txt", "'notes.txt' is not Markdown, so it would not be published"),
        ("pages/photo.jpg", "'photo.jpg' is not Markdown, so it would not be published"),
        ("glossary/people/entry.markdown.bak", "is not Markdown, so it would not be published"),
    ],
)
def test_a_file_nothing_would_publish_is_one_line(
    name: str, message: str, content: Path, tmp_path: Path
) -> None:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(GOOD.format(slug="lost", extra=""), encoding="utf-8")
    line = one_line(build_site(content, tmp_path / "out"), path.name)
    assert f"{path.name}:1: file: " in line and message in line


def test_a_file_excluded_by_a_setting_is_not_reported(content: Path, tmp_path: Path) -> None:
    (content / "NOTES.md").write_text("notes for editors\n", encoding="utf-8")
    (content / "articles" / "drafts-folder").mkdir()
    (content / "articles" / "drafts-folder" / "idea.md").write_text("an idea\n", encoding="utf-8")
    build = build_site(
        content,
        tmp_path / "out",
        CONTENT_CHECKS_IGNORE=["NOTES.md"],
        ARTICLE_EXCLUDES=["glossary", "articles/drafts-folder"],
    )
    assert build.returncode == 0, build.log


@pytest.mark.parametrize("char", ["\ufb56", "\ufe85", "\u0682"])
def test_a_character_the_font_lacks_stops_the_build_as_make_check_says(
    char: str, content: Path, tmp_path: Path
) -> None:
    (content / "articles" / "forms.md").write_text(
        GOOD.format(slug="forms", extra="").replace("پہلا", f"پہلا {char}"), encoding="utf-8"
    )
    line = one_line(build_site(content, tmp_path / "out"), "forms.md")
    assert f"forms.md:6: body: U+{ord(char):04X} " in line
    assert "is not in the site's Urdu font" in line


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_damaged_pelican_cache_is_a_fresh_start(
    damage: str, content: Path, tmp_path: Path
) -> None:
    """A build stopped while Pelican wrote its content cache (Ctrl-C) left a
    truncated gzip file, and every build after it died on it with a traceback."""
    shutil.copy(
        ROOT / "content" / "articles" / "lavrov-pakistan-visit-2021.md", content / "articles"
    )
    cache = tmp_path / "cache"
    settings = {"CACHE_PATH": str(cache), "CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True}
    first = build_site(content, tmp_path / "first", **settings)
    assert first.returncode == 0, first.log
    readers = cache / "ArticlesGenerator-Readers"
    whole = readers.read_bytes()
    readers.write_bytes(
        {"truncated": whole[: len(whole) // 2], "garbage": b"not a cache", "empty": b""}[damage]
    )
    again = build_site(content, tmp_path / "again", **settings)
    assert again.returncode == 0, again.log
    assert "Traceback" not in again.log
    pages = sorted(p.relative_to(first.output) for p in first.output.rglob("*.html"))
    assert pages == sorted(p.relative_to(again.output) for p in again.output.rglob("*.html"))
    assert readers.read_bytes()[:2] == b"\x1f\x8b"  # saved whole again (gzip)
    assert [p.name for p in cache.iterdir() if p.name.endswith(".tmp")] == []
