"""`make article` / `make entry`: a new file with every field, that checks and builds."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from pelican.settings import read_settings

from khabarnama.content_checks import check_site
from khabarnama.content_checks.schema import ARTICLE, ENTRY
from tests.support import ROOT, build_site, make_content


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return make_content(tmp_path / "content", with_real_article=False)


def check(content: Path) -> list[str]:
    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
    return [str(p) for p in check_site(settings, content.parent).problems]


def fill(path: Path, values: dict[str, str], body: str = "") -> None:
    text = path.read_text(encoding="utf-8")
    for name, value in values.items():
        text, count = re.subn(rf"^{name}:$", f"{name}: {value}", text, count=1, flags=re.M)
        assert count == 1, f"{name}: not an empty field of the template"
    path.write_text(text + body, encoding="utf-8")


def test_templates_list_every_known_field() -> None:
    for name, kind in (("article", ARTICLE), ("entry", ENTRY)):
        text = (ROOT / "scaffold" / f"{name}.md").read_text(encoding="utf-8")
        front, _, guidance = text.partition("\n\n")
        written = {line.split(":")[0].lower() for line in front.splitlines()}
        explained = {m.lower() for m in re.findall(r"^([A-Z][a-z_]+):", guidance, re.M)}
        assert set(kind.known) <= written | explained, name
        assert "--" not in guidance.removeprefix("<!--").removesuffix("-->\n")


def test_new_article_unfilled_gives_clear_errors(content: Path, tmp_path: Path) -> None:
    done = make("article", "SLUG=new-story", f"INPUTDIR={content}")
    assert done.returncode == 0, done.stderr
    path = content / "articles" / "new-story.md"
    assert f"created {path}" in done.stdout
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1] == "Slug: new-story"
    assert re.fullmatch(r"Date: \d{4}-\d\d-\d\d \d\d:\d\d", lines[2])

    assert check(content) == [
        "content/articles/new-story.md:1: title: empty — write a value after 'title:'",
        "content/articles/new-story.md:6: summary: empty — write a value after 'summary:'",
        "content/articles/new-story.md:10: body: no text — write the text below the front "
        "matter, after one blank line",
    ]
    build = build_site(content, tmp_path / "out")
    assert build.returncode != 0
    assert "new-story.md:1: title: empty" in build.log
    assert "Traceback" not in build.log


def test_new_article_filled_in_builds(content: Path, tmp_path: Path) -> None:
    assert make("article", "SLUG=new-story", f"INPUTDIR={content}").returncode == 0
    path = content / "articles" / "new-story.md"
    fill(
        path,
        {"Title": "ایک نئی خبر", "Summary": "نئی خبر کا خلاصہ۔", "Tags": "روس، پاکستان"},
        "\nروس اور پاکستان کے وزرائے خارجہ نے ملاقات کی۔\n",
    )
    assert check(content) == []
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    [page] = build.output.glob("*/new-story/index.html")
    html = page.read_text(encoding="utf-8")
    assert "ایک نئی خبر" in html and "وزرائے خارجہ" in html
    assert "Guidance" not in html and "رہنمائی" not in html


def test_new_entry_unfilled_then_filled(content: Path, tmp_path: Path) -> None:
    done = make("entry", "KIND=people", "SLUG=new-person", f"INPUTDIR={content}")
    assert done.returncode == 0, done.stderr
    path = content / "glossary" / "people" / "new-person.md"
    assert check(content) == [
        'content/glossary/people/new-person.md:1: title: missing — add "Title: <English name>" '
        "to the front matter",
        'content/glossary/people/new-person.md:2: urdu: missing — add "Urdu: <canonical Urdu '
        'spelling>" to the front matter',
        'content/glossary/people/new-person.md:5: summary: missing — add "Summary: <one English '
        'sentence>" to the front matter',
    ]
    fill(path, {"Title": "New Person", "Urdu": "نیا شخص", "Summary": "A person."})
    assert check(content) == []
    build = build_site(content, tmp_path / "out")
    assert build.returncode == 0, build.log
    page = build.output / "glossary/people/new-person/index.html"
    assert "New Person" in page.read_text(encoding="utf-8")


def test_existing_files_are_never_overwritten(content: Path) -> None:
    path = content / "articles" / "taken.md"
    path.write_text("mine\n", encoding="utf-8")
    done = make("article", "SLUG=taken", f"INPUTDIR={content}")
    assert done.returncode != 0
    assert f"error: {path} already exists — choose another SLUG, or edit that file" in done.stderr
    assert path.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["article", "SLUG=Lavrov Visit"], "error: SLUG='Lavrov Visit' is not a Latin slug"),
        (["article"], "error: SLUG='' is not a Latin slug"),
        (["entry", "KIND=villains", "SLUG=x"], "error: KIND='villains' is not a glossary kind"),
        (["entry", "SLUG=x"], "error: KIND='' is not a glossary kind — use one of: people"),
    ],
)
def test_bad_arguments_are_refused(args: list[str], message: str, content: Path) -> None:
    before = sorted(content.rglob("*"))
    done = make(*args, f"INPUTDIR={content}")
    assert done.returncode != 0
    assert message in done.stderr
    assert sorted(content.rglob("*")) == before
