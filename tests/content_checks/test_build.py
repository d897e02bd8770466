"""The Pelican hook: the same rules stop the build on errors, never on warnings."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import pytest
from pelican.contents import Article
from pelican.settings import read_settings

from khabarnama.content_checks.content_checks import check_rendered
from khabarnama.problems import BuildError
from tests.support import ROOT, build_site, make_content

from .test_rules import EXPECTED, FIXTURE, P

STOPS_THE_BUILD = [
    "articles/html-script.md",
    "articles/html-iframe.md",
    "articles/html-style.md",
    "articles/html-event.md",
    "articles/html-url.md",
    "articles/html-tag.md",
    "articles/html-attribute.md",
    "articles/image-alt.md",
    "articles/link-missing-filename.md",
    "articles/bidi-control.md",
    "articles/script-not-urdu-body.md",
    "articles/unknown-key.md",
    "articles/encoding-utf8.md",
    # the font plugin would stop the build on it too, later: the check says it first
    "articles/font-missing.md",
]
WARNINGS_ONLY = [
    "articles/arabic-letter.md",
    "articles/encoding-bom.md",
    "articles/encoding-crlf.md",
]


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content", with_real_article=False)


@pytest.mark.parametrize("name", STOPS_THE_BUILD)
def test_error_stops_the_build_with_the_checker_message(
    name: str, content: Path, tmp_path: Path
) -> None:
    shutil.copy(FIXTURE / name, content / name)
    build = build_site(content, tmp_path / "out")
    assert build.returncode != 0
    expected = EXPECTED[name][1].replace(P, f"{content}/")
    lines = [line for line in build.log.splitlines() if Path(name).name in line]
    assert len(lines) == 1, build.log
    assert expected in lines[0]
    assert "Traceback" not in build.log
    assert not (tmp_path / "out" / "index.html").exists()


def test_warnings_never_break_the_build(content: Path, tmp_path: Path) -> None:
    for name in WARNINGS_ONLY:
        shutil.copy(FIXTURE / name, content / name)
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    assert "WARNING" not in build.log
    for name in WARNINGS_ONLY:
        slug = Path(name).stem
        assert (build.output / "2021" / slug / "index.html").exists()


def test_author_comments_are_not_published(content: Path, tmp_path: Path) -> None:
    (content / "articles" / "commented.md").write_text(
        "Title: ایک خبر\nSlug: commented\nDate: 2021-04-09\nSummary: خلاصہ۔\n\n"
        "<!--\nمصنف کے لیے نوٹ\n\nNOTE FOR AUTHORS\n-->\n\nپہلا جملہ <!-- inline note --> ہے۔\n",
        encoding="utf-8",
    )
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    page = (build.output / "2021/commented/index.html").read_text(encoding="utf-8")
    assert "NOTE FOR AUTHORS" not in page and "inline note" not in page
    assert "مصنف کے لیے نوٹ" not in page
    assert "پہلا جملہ" in page


def test_rendered_html_is_checked_again_as_content_is_created(
    caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """Second line of defence: whatever produced the HTML, no script gets through."""
    source = tmp_path / "x.md"
    source.write_text("Title: x\n\nمتن\n\n<p>ok</p>\n<p onclick='x()'>متن</p>\n", encoding="utf-8")
    settings = read_settings(str(ROOT / "pelicanconf.py"))
    settings["CONTENT_CHECKS_ROOT"] = str(tmp_path)
    article = Article(
        "<p>ok</p><p onclick='x()'>متن</p>",
        {"title": "x", "date": datetime(2021, 4, 9)},
        settings=settings,
        source_path=str(source),
    )
    with pytest.raises(BuildError) as stopped:
        check_rendered(article)
    assert stopped.value.lines == [
        "x.md:6: body: event-handler attribute onclick on <p> is not allowed — "
        "remove onclick=...; content cannot run script"
    ]
    safe = Article("<p>ok</p>", {"title": "x", "date": datetime(2021, 4, 9)}, settings, str(source))
    check_rendered(safe)  # no exception
