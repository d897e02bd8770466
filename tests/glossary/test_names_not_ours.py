"""Names that are not ours (issue 16): Not:, partial names, and what make check says."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from pelican.settings import read_settings

from khabarnama.content_checks import check_site
from khabarnama.glossary.matcher import Matcher, NameContext, scan
from tests.support import ROOT, build_site, make_content, parse

BHUTTO = (
    "Title: Zulfikar Ali Bhutto\nUrdu: ذوالفقار علی بھٹو\nAliases: بھٹو\n"
    "Not: بے نظیر بھٹو، بلاول بھٹو، بھٹو ازم\nSummary: Prime Minister of Pakistan.\n"
)
BENAZIR = "Title: Benazir Bhutto\nUrdu: بے نظیر بھٹو\nSummary: Prime Minister of Pakistan.\n"
ARTICLE = (
    "Title: بھٹو کی برسی\nSlug: bhutto-anniversary\nDate: 2021-04-04\nSummary: خلاصہ۔\n\n"
    "بلاول بھٹو زرداری نے کہا کہ بھٹو ازم زندہ ہے۔\n\n"
    "بے نظیر بھٹو کے بیٹے نے تقریر کی۔\n\n"
    "بھٹو نے 1973 کا آئین دیا۔\n"
)


def write(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


# -- Not: ----------------------------------------------------------------------


def test_not_phrases_never_link_to_their_entry_site_wide() -> None:
    names = Matcher([("ذوالفقار علی بھٹو", "zab"), ("بھٹو", "zab"), ("بے نظیر بھٹو", "bb")])
    nots = Matcher(
        [("بے نظیر بھٹو", "zab"), ("بلاول بھٹو", "zab"), ("بھٹو ازم", "zab")], multi=True
    )
    text = "بلاول بھٹو زرداری نے کہا کہ بھٹو ازم زندہ ہے، بے نظیر بھٹو اور بھٹو۔"
    found = [(m.key, m.text) for m in scan(text, [names], exclusions=nots).matches]
    # بے نظیر بھٹو is in zab's Not: but is another entry's name: it links there.
    assert found == [("bb", "بے نظیر بھٹو"), ("zab", "بھٹو")]
    without = [(m.key, m.text) for m in scan(text, [names]).matches]
    assert ("zab", "بھٹو") in without[:2]  # the wrong links the Not: field removes


def test_not_field_in_a_built_site(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content", with_real_article=False)
    write(
        content,
        {
            "glossary/people/zulfikar-ali-bhutto.md": BHUTTO,
            "glossary/people/benazir-bhutto.md": BENAZIR,
            "articles/bhutto-anniversary.md": ARTICLE,
        },
    )
    build = build_site(content, tmp_path / "out", GLOSSARY_LINK="all")
    assert build.returncode == 0, build.log
    page = parse(build.output / "2021" / "bhutto-anniversary" / "index.html")
    links = [
        (a.attributes["data-entry"], a.text(separator=""))
        for a in page.css("article a.glossary-link")
    ]
    assert links == [("benazir-bhutto", "بے نظیر بھٹو"), ("zulfikar-ali-bhutto", "بھٹو")]


def test_not_phrase_that_is_the_entrys_own_name_is_an_error(tmp_path: Path) -> None:
    bad = BHUTTO.replace("Not: بے نظیر بھٹو", "Not: بھٹو، بے نظیر بھٹو")
    content = write(tmp_path / "content", {"glossary/people/zulfikar-ali-bhutto.md": bad})
    report = check(content, tmp_path)
    assert (
        'content/glossary/people/zulfikar-ali-bhutto.md:4: not: "بھٹو" is also a name of '
        "this entry — remove it from Not: or from the entry's names"
    ) in [str(p) for p in report.errors]


# -- partial names -------------------------------------------------------------

NAMES = [
    ("نواز شریف", "nawaz"),
    ("آصف علی زرداری", "zardari"),
    ("بھٹو", "zab"),
    ("قمر جاوید باجوہ", "bajwa"),
    ("طاہرالقادری", "qadri"),
]
M = Matcher(NAMES)
CONTEXT = NameContext.from_names(NAMES)


@pytest.mark.parametrize(
    ("text", "run", "name"),
    [
        ("میاں محمد نواز شریف نے کہا", "محمد نواز شریف", "نواز شریف"),
        ("بلاول بھٹو زرداری نے کہا", "بھٹو زرداری", "بھٹو"),
    ],
)
def test_a_name_inside_a_longer_name_is_reported_not_linked(text: str, run: str, name: str) -> None:
    found = scan(text, [M], names=CONTEXT)
    assert found.matches == []
    assert [(p.text, p.name) for p in found.partials] == [(run, name)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("جنرل قمر جاوید باجوہ نے کہا", "قمر جاوید باجوہ"),  # a rank is not a name
        ("ڈاکٹر طاہرالقادری نے کہا", "طاہرالقادری"),
        ("وزیراعظم نواز شریف نے کہا", "نواز شریف"),
    ],
)
def test_a_title_alone_does_not_make_a_longer_name(text: str, name: str) -> None:
    found = scan(text, [M], names=CONTEXT)
    assert [m.text for m in found.matches] == [name]
    assert found.partials == []


# -- make check ----------------------------------------------------------------


def check(content: Path, cwd: Path):
    here = Path.cwd()
    os.chdir(cwd)
    try:
        settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})
        return check_site(settings, cwd)
    finally:
        os.chdir(here)


def test_make_check_warns_about_a_one_word_alias_inside_longer_names(tmp_path: Path) -> None:
    entry = BHUTTO.replace("Not: بے نظیر بھٹو، بلاول بھٹو، بھٹو ازم\n", "")
    content = write(
        tmp_path / "content",
        {"glossary/people/zulfikar-ali-bhutto.md": entry, "articles/a.md": ARTICLE},
    )
    warnings = [str(p) for p in check(content, tmp_path).warnings]
    assert warnings == [
        "content/glossary/people/zulfikar-ali-bhutto.md:3: aliases: the one-word name "
        '"بھٹو" links inside longer names: بلاول بھٹو زرداری (1)، بھٹو ازم (1)، '
        "نظیر بھٹو (1) — add those that are someone else to Not:, and those that are this "
        "entry to Aliases"
    ]
    # The Not: field answers the warning.
    write(content, {"glossary/people/zulfikar-ali-bhutto.md": BHUTTO})
    assert check(content, tmp_path).warnings == []


def test_make_check_lists_a_partial_name_with_its_line(tmp_path: Path) -> None:
    content = write(
        tmp_path / "content",
        {
            "glossary/people/nawaz-sharif.md": (
                "Title: Nawaz Sharif\nUrdu: نواز شریف\nSummary: Politician.\n"
            ),
            "glossary/people/shehbaz-sharif.md": (
                "Title: Shehbaz Sharif\nUrdu: شہباز شریف\nSummary: Politician.\n"
            ),
            "articles/a.md": (
                "Title: خبر\nSlug: a\nDate: 2021-04-04\nSummary: خلاصہ۔\n\n"
                "پہلا جملہ۔\n\nمیاں محمد نواز شریف نے کہا۔\n"
            ),
        },
    )
    assert [str(p) for p in check(content, tmp_path).warnings] == [
        'content/articles/a.md:8: body: "محمد نواز شریف" contains the name "نواز شریف" of '
        "nawaz-sharif and is not linked — add it to Aliases of nawaz-sharif if it is the "
        "same, or to its Not: if not"
    ]


# -- make glossary-report ------------------------------------------------------


def test_glossary_report_lists_missed_mentions_names_and_one_word_aliases(tmp_path: Path) -> None:
    amnesty = "Title: Amnesty International\nUrdu: ایمنسٹی انٹرنیشنل\nSummary: A rights group.\n"
    head = "Title: خبر\nSlug: {slug}\nDate: 2021-04-04\nSummary: خلاصہ۔\n\n"
    content = write(
        tmp_path / "content",
        {
            "glossary/people/zulfikar-ali-bhutto.md": BHUTTO,
            "glossary/projects/amnesty.md": amnesty,
            "articles/a.md": head.format(slug="a")
            + "ایمنیسٹی انٹرنیشنل نے کہا۔\n\nشاہین آفریدی نے وکٹ لی۔\n\nبھٹو نے کہا۔\n",
            "articles/b.md": head.format(slug="b") + "کل شاہین آفریدی نے پھر وکٹ لی۔\n",
        },
    )
    before = {p: p.read_bytes() for p in content.rglob("*.md")}
    done = subprocess.run(
        ["make", "--no-print-directory", "glossary-report", f"INPUTDIR={content}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    shown = f"{content}/articles/a.md".removeprefix(f"{ROOT}/")
    # 1. a spelling variant, with file:line and the alias to add
    assert (
        f'{shown}:6: ایمنیسٹی انٹرنیشنل: looks like "ایمنسٹی انٹرنیشنل" (amnesty) — add '
        '"ایمنیسٹی انٹرنیشنل" to its Aliases if it is the same'
    ) in out
    # 2. a name in two articles that links nowhere
    assert "   2 articles     2×  شاہین آفریدی" in out
    # 3. the one-word alias and where it links
    assert "بھٹو → zulfikar-ali-bhutto: 1 link (first: " in out
    assert "⟦بھٹو⟧ نے" in out
    # nothing was changed
    assert {p: p.read_bytes() for p in content.rglob("*.md")} == before
