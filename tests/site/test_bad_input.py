"""Contributor mistakes: the build either copes or stops with one clear line each."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT, build_site, make_content, parse

GOOD = """Title: ایک خبر
Slug: a-story
Date: 2021-04-09
Summary: ایک خلاصہ۔

پہلا جملہ۔

دوسرا جملہ۔
"""


def write(folder: Path, name: str, text: str, newline: str = "\n", bom: bool = False) -> Path:
    path = folder / "articles" / name
    data = text.replace("\n", newline).encode("utf-8")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content", with_real_article=False)


def test_bom_and_crlf_article_builds_correctly(content: Path, tmp_path: Path) -> None:
    write(content, "bom.md", GOOD, newline="\r\n", bom=True)
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    tree = parse(build.output / "2021/a-story/index.html")
    assert tree.css_first("h1").text() == "ایک خبر"
    assert [p.text() for p in tree.css(".article-body p")] == ["پہلا جملہ۔", "دوسرا جملہ۔"]
    assert tree.css_first("article time").text().strip() == "9 اپریل 2021"
    assert "\ufeff" not in (build.output / "2021/a-story/index.html").read_text(encoding="utf-8")


CASES = {
    "missing-title": (GOOD.replace("Title: ایک خبر\n", ""), "bad.md:1: title: missing"),
    "blank-title": (GOOD.replace("Title: ایک خبر", "Title:    "), "bad.md:1: title: empty"),
    "missing-date": (GOOD.replace("Date: 2021-04-09\n", ""), "bad.md:1: date: missing"),
    "malformed-date": (
        GOOD.replace("2021-04-09", "2021-13-45"),
        "bad.md:3: date: '2021-13-45' is not a date",
    ),
    "ambiguous-date": (
        GOOD.replace("2021-04-09", "08/04/2021"),
        "bad.md:3: date: '08/04/2021' is ambiguous (day and month could be either way round)",
    ),
    "dotted-date": (
        GOOD.replace("2021-04-09", "8.4.2021"),
        "bad.md:3: date: '8.4.2021' is ambiguous",
    ),
    "year-only-date": (
        GOOD.replace("2021-04-09", "2021"),
        "bad.md:3: date: '2021' is not a whole date",
    ),
    "year-month-date": (
        GOOD.replace("2021-04-09", "2021-04"),
        "bad.md:3: date: '2021-04' is not a whole date",
    ),
    "words-date": (
        GOOD.replace("2021-04-09", "April 8, 2021"),
        "bad.md:3: date: 'April 8, 2021' is not a date",
    ),
    "no-leap-day": (
        GOOD.replace("2021-04-09", "2021-02-29"),
        "bad.md:3: date: '2021-02-29' is not a date",
    ),
    "bad-time": (
        GOOD.replace("2021-04-09", "2021-04-09 25:00"),
        "bad.md:3: date: '2021-04-09 25:00' is not a date",
    ),
    "missing-slug": (GOOD.replace("Slug: a-story\n", ""), "bad.md:1: slug: missing"),
    "empty-slug": (GOOD.replace("Slug: a-story", "Slug:"), "bad.md:2: slug: empty"),
    "urdu-slug": (
        GOOD.replace("Slug: a-story", "Slug: ایک-خبر"),
        "bad.md:2: slug: 'ایک-خبر' is not a Latin slug",
    ),
    "unknown-tag": (
        GOOD.replace("Summary:", "Tags: نامعلوم\nSummary:"),
        "bad.md:4: tags: tag 'نامعلوم' has no Latin slug",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_front_matter_stops_build_with_one_line(
    case: str, content: Path, tmp_path: Path
) -> None:
    text, expected = CASES[case]
    write(content, "bad.md", text)
    build = build_site(content, tmp_path / "out")
    assert build.returncode != 0
    lines = [line for line in build.log.splitlines() if "bad.md" in line]
    assert len(lines) == 1, build.log
    assert expected in lines[0]
    assert " — " in lines[0], "the message must say what to do"
    assert "Traceback" not in build.log
    assert not (tmp_path / "out" / "index.html").exists(), "no half-written site"


def test_duplicate_slug_names_both_files(content: Path, tmp_path: Path) -> None:
    write(content, "first.md", GOOD)
    write(content, "second.md", GOOD.replace("ایک خبر", "دوسری خبر"))
    build = build_site(content, tmp_path / "out")
    assert build.returncode != 0
    lines = [line for line in build.log.splitlines() if "second.md:2: slug:" in line]
    assert len(lines) == 1, build.log
    assert "already used by" in lines[0] and "first.md" in lines[0]
    assert "Traceback" not in build.log


def test_every_problem_in_every_file_reported_at_once(content: Path, tmp_path: Path) -> None:
    write(content, "one.md", CASES["missing-title"][0])
    write(content, "two.md", CASES["malformed-date"][0].replace("a-story", "b-story"))
    build = build_site(content, tmp_path / "out")
    assert build.returncode != 0
    assert "one.md:1: title: missing" in build.log
    assert "two.md:3: date:" in build.log


def test_failed_make_html_keeps_previous_output_and_leaves_no_partial(
    content: Path, tmp_path: Path
) -> None:
    write(content, "good.md", GOOD)
    output = tmp_path / "site-out"
    make = [
        "make", "--no-print-directory", f"INPUTDIR={content}", f"OUTPUTDIR={output}",
        # the fixture's own font subset, never the site's committed lock
        f"PELICANOPTS=-e CACHE_PATH='\"{tmp_path / 'cache'}\"' FONTSUBSET_LOCK_PATH=false",
    ]  # fmt: skip
    done = subprocess.run([*make, "html"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    good_page = output / "2021/a-story/index.html"
    assert good_page.exists()

    write(content, "bad.md", CASES["malformed-date"][0].replace("a-story", "c-story"))
    done = subprocess.run([*make, "html"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0
    assert "bad.md:3: date:" in done.stdout + done.stderr
    assert good_page.exists(), "the last good build must survive a failed one"
    assert not list(output.parent.glob(f"{output.name}.partial*")), "staging left behind"
