"""Every rule has a fixture file in tests/fixtures/bad_content/ and its exact message.

The fixture folder is a content folder: one file per rule (three for the
dangerous tags the issue names), plus clean files they refer to
(articles/good.md, pages/about.md, glossary/people/good-person.md).
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import pytest
from pelican.settings import read_settings

from khabarnama.content_checks import RULES, Problem, check_site
from tests.support import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "bad_content"
P = "tests/fixtures/bad_content/"

#: file (relative to the fixture folder) → (rule, the exact line printed)
EXPECTED: dict[str, tuple[str, str]] = {
    "articles/arabic-letter.md": (
        "arabic-letter",
        f"{P}articles/arabic-letter.md:6: body: Arabic letter ك (U+0643 ARABIC LETTER KAF) "
        "at column 15 — in Urdu write ک (U+06A9)",
    ),
    "articles/bidi-control.md": (
        "bidi-control",
        f"{P}articles/bidi-control.md:6: body: invisible bidi control U+202E RIGHT-TO-LEFT "
        "OVERRIDE at column 6 — delete it: it makes text display in a different order than it "
        "is stored; if direction needs help use RLM (U+200F) or LRM (U+200E)",
    ),
    "articles/glossary-name.md": (
        "glossary-name",
        f'{P}articles/glossary-name.md:8: body: "محمد سرگئی لاروف" contains the name '
        '"سرگئی لاروف" of good-person and is not linked — add it to Aliases of good-person '
        "if it is the same, or to its Not: if not",
    ),
    "articles/body-empty.md": (
        "body-empty",
        f"{P}articles/body-empty.md:5: body: no text — write the text below the front matter, "
        "after one blank line",
    ),
    "articles/boolean.md": (
        "boolean",
        f"{P}articles/boolean.md:5: translation: 'maybe' is not true or false — write true for "
        "a translation of another file, or delete the line",
    ),
    "articles/date-format.md": (
        "date-format",
        f"{P}articles/date-format.md:3: date: '2021-13-45' is not a date — write it as "
        "YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2021-04-08",
    ),
    "articles/duplicate-key.md": (
        "duplicate-key",
        f"{P}articles/duplicate-key.md:5: title: written twice (first on line 1) — keep one "
        "'Title:' line",
    ),
    "articles/encoding-bom.md": (
        "encoding-bom",
        f"{P}articles/encoding-bom.md:1: encoding: the file starts with a byte-order mark (BOM) "
        "— accepted; to drop it, save as 'UTF-8' rather than 'UTF-8 with BOM'",
    ),
    "articles/encoding-crlf.md": (
        "encoding-crlf",
        f"{P}articles/encoding-crlf.md:1: encoding: Windows line endings (CRLF) — accepted; to "
        "drop them, save with Unix (LF) line endings",
    ),
    "articles/encoding-utf8.md": (
        "encoding-utf8",
        f"{P}articles/encoding-utf8.md:8: encoding: not valid UTF-8 at byte 113 (invalid start "
        "byte) — save the file as UTF-8",
    ),
    "articles/font-missing.md": (
        "font-missing",
        f"{P}articles/font-missing.md:6: body: U+0682 ARABIC LETTER HAH WITH TWO DOTS VERTICAL "
        "ABOVE at column 11 is not in the site's Urdu font — readers will see a fallback glyph "
        "or a box: check the spelling, or use the usual Urdu letter",
    ),
    "articles/glossary-bind-missing.md": (
        "glossary",
        f'{P}articles/glossary-bind-missing.md:5: glossary_bind: no glossary entry "no-such-entry"'
        ' for "وزیراعظم" — use the file name of an entry under content/glossary/, or remove the '
        "binding",
    ),
    "articles/html-attribute.md": (
        "html-attribute",
        f"{P}articles/html-attribute.md:6: body: attribute style on <span> is not allowed — "
        "remove it (allowed on every tag: class, dir, id, lang, title, translate)",
    ),
    "articles/html-event.md": (
        "html-event",
        f"{P}articles/html-event.md:8: body: event-handler attribute onmouseover on <b> is not "
        "allowed — remove onmouseover=...; content cannot run script",
    ),
    "articles/html-iframe.md": (
        "html-dangerous",
        f"{P}articles/html-iframe.md:8: body: <iframe> is not allowed: it embeds another site in "
        "the page — remove the <iframe> element; content cannot run code, embed or restyle",
    ),
    "articles/html-script.md": (
        "html-dangerous",
        f"{P}articles/html-script.md:8: body: <script> is not allowed: it runs code in readers' "
        "browsers — remove the <script> element; content cannot run code, embed or restyle",
    ),
    "articles/html-style.md": (
        "html-dangerous",
        f"{P}articles/html-style.md:8: body: <style> is not allowed: it restyles the whole site "
        "— remove the <style> element; content cannot run code, embed or restyle",
    ),
    "articles/html-tag.md": (
        "html-tag",
        f"{P}articles/html-tag.md:6: body: <font> is not in the allowed HTML — use Markdown "
        "formatting instead (the allowed tags are in CONTRIBUTING.md)",
    ),
    "articles/html-url.md": (
        "html-url",
        f"{P}articles/html-url.md:8: body: javascript: address in <a href> is not allowed — "
        "link to an https:// address or to a page of this site",
    ),
    "articles/image-alt.md": (
        "image-alt",
        f"{P}articles/image-alt.md:8: body: image 'https://example.org/lavrov.jpg' has no alt "
        "text — describe the image for readers who cannot see it: "
        "![تصویر کی تفصیل](https://example.org/lavrov.jpg)",
    ),
    "articles/lang-unknown.md": (
        "lang-unknown",
        f"{P}articles/lang-unknown.md:5: lang: unknown language 'fr' — use one of: en, ur",
    ),
    "articles/link-missing-absolute.md": (
        "link-missing",
        f"{P}articles/link-missing-absolute.md:8: body: '/2020/no-such-story/' is not a page of "
        "this site — check the address, or link the source file: "
        "[text]({filename}/articles/<file>.md)",
    ),
    "articles/link-missing-filename.md": (
        "link-missing",
        f"{P}articles/link-missing-filename.md:6: body: '{{filename}}/articles/no-such-file.md' "
        "points to a file that does not exist — check the path: after {filename}, '/' starts "
        "from content/, anything else from this file's folder",
    ),
    "articles/not-markdown.html": (
        "file-type",
        f"{P}articles/not-markdown.html:1: file: 'not-markdown.html' is not Markdown — write "
        "content as a .md file; other formats are not reviewed",
    ),
    "articles/required-empty.md": (
        "required-empty",
        f"{P}articles/required-empty.md:1: title: empty — write a value after 'title:'",
    ),
    "articles/required-missing.md": (
        "required-missing",
        f"{P}articles/required-missing.md:1: summary: missing — add a line 'Summary: ...' at the "
        "top",
    ),
    "articles/script-not-urdu-body.md": (
        "script-not-urdu",
        f"{P}articles/script-not-urdu-body.md:8: body: paragraph is mostly in Latin script (59 of "
        "59 letters): 'The foreign minister said the talks …' — write it in Urdu; a quotation in "
        'another language needs its language marked: <p lang="en">…</p>',
    ),
    "articles/script-not-urdu-title.md": (
        "script-not-urdu",
        f"{P}articles/script-not-urdu-title.md:1: title: 'Lavrov visits Pakistan' has no Urdu "
        "letters — write the title in Urdu",
    ),
    "articles/slug-duplicate.md": (
        "slug-duplicate",
        f"{P}articles/slug-duplicate.md:2: slug: 'good-story' is already used by "
        f"{P}articles/good.md — choose a slug no other article or page uses",
    ),
    "articles/slug-latin.md": (
        "slug-latin",
        f"{P}articles/slug-latin.md:2: slug: 'ایک-خبر' is not a Latin slug — use lower-case Latin "
        "letters, digits and hyphens, e.g. lavrov-visit-2021",
    ),
    "articles/status-unknown.md": (
        "status-unknown",
        f"{P}articles/status-unknown.md:5: status: 'publish' is not a status — use one of: "
        "published, draft, hidden",
    ),
    "articles/stray-line.md": (
        "stray-line",
        f"{P}articles/stray-line.md:4: front matter: 'Tags روس' is not 'Key: value', so the lines "
        "after it are read as text, not as fields — add the missing ':' after the field name, or "
        "a blank line before the text",
    ),
    "articles/tag-unknown.md": (
        "tag-unknown",
        f"{P}articles/tag-unknown.md:5: tags: tag 'نامعلوم' has no Latin slug — add 'نامعلوم' to "
        "TAG_SLUGS in pelicanconf.py, or use an existing tag",
    ),
    "articles/unknown-key.md": (
        "unknown-key",
        f"{P}articles/unknown-key.md:5: tag: unknown field 'Tag' — did you mean 'Tags'?",
    ),
    "glossary/people/entry-unknown-key.md": (
        "unknown-key",
        f"{P}glossary/people/entry-unknown-key.md:5: wikipedia: unknown field 'Wikipedia' — did "
        "you mean 'Wikidata'?",
    ),
    "glossary/people/entry-urdu-latin.md": (
        "script-not-urdu",
        f"{P}glossary/people/entry-urdu-latin.md:2: urdu: 'Latin Name' has no Urdu letters — "
        "write the entry's name in Urdu letters, as articles spell it",
    ),
    # The four glossary rules of the issue; messages from plugins/glossary/entries.py.
    "glossary/people/glossary-bad-wikidata.md": (
        "glossary",
        f'{P}glossary/people/glossary-bad-wikidata.md:5: wikidata: "7747" is not a Wikidata id — '
        "use the item id, e.g. Q7747, or remove the field",
    ),
    "glossary/people/glossary-missing-urdu.md": (
        "glossary",
        f"{P}glossary/people/glossary-missing-urdu.md:2: urdu: missing — add "
        '"Urdu: <canonical Urdu spelling>" to the front matter',
    ),
    "glossary/people/other-duplicate-alias.md": (
        "glossary",
        f'{P}glossary/people/other-duplicate-alias.md:3: aliases: "لاروَف" is also claimed by '
        f"{P}glossary/people/good-person.md:3 — keep the name on one entry, or bind it per "
        "article with glossary_bind",
    ),
    # The fixture's own README is the Markdown file outside every content folder.
    "README.md": (
        "file-unpublished",
        f"{P}README.md:1: file: 'README.md' is not in a content folder, so it would not be "
        f"published — move it into one of {P}articles/, {P}pages/ or {P}glossary/<kind>/ "
        "(check the folder's spelling), or list it in CONTENT_CHECKS_IGNORE",
    ),
    "articles/link.md": (
        "file-link",
        f"{P}articles/link.md:1: file: 'articles/link.md' is a symbolic link that points to "
        "'articles/good.md' — replace the link with the file or folder itself (content is "
        "read from real files only)",
    ),
    "articles/control-char.md": (
        "control-char",
        f"{P}articles/control-char.md:6: body: control character U+000B at column 5 — delete "
        "it: it is invisible, and feeds cannot hold it (often pasted from a word processor or "
        "PDF)",
    ),
    "articles/translation-orphan.md": (
        "translation-orphan",
        f"{P}articles/translation-orphan.md:6: translation: this is marked as a translation, "
        "but no original has the slug 'translation-orphan' — give it the slug of the article "
        "or page it translates, or delete the 'Translation: true' line",
    ),
    "pages/slug-reserved.md": (
        "slug-reserved",
        f"{P}pages/slug-reserved.md:2: slug: 'tags' would write this page to tags/index.html, "
        "where the site writes the tags page — choose another slug",
    ),
    "pages/page-required-missing.md": (
        "required-missing",
        f"{P}pages/page-required-missing.md:1: slug: missing — add a line 'Slug: ...' at the top",
    ),
}
CLEAN = ["articles/good.md", "pages/about.md", "glossary/people/good-person.md"]


def settings_for(content: Path) -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(content)})


@pytest.fixture(scope="module")
def report() -> dict[str, list[Problem]]:
    # Glossary messages name other files relative to the working directory.
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        found = check_site(settings_for(FIXTURE), ROOT)
    finally:
        os.chdir(here)
    by_file: dict[str, list[Problem]] = defaultdict(list)
    for problem in found.problems:
        by_file[problem.path.removeprefix(P)].append(problem)
    return by_file


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_fixture_gives_exactly_its_message(
    name: str, report: dict[str, list[Problem]]
) -> None:
    rule, line = EXPECTED[name]
    assert [str(p) for p in report[name]] == [line]
    assert [p.rule for p in report[name]] == [rule]
    assert report[name][0].severity == RULES[rule][0]


#: Rules about the site rather than one file (tests/content_checks/test_real_world.py).
SITE_RULES = {"font-unreadable"}


def test_every_rule_has_a_fixture() -> None:
    assert {rule for rule, _ in EXPECTED.values()} == set(RULES) - SITE_RULES


def test_every_fixture_file_is_expected_and_clean_files_are_clean(
    report: dict[str, list[Problem]],
) -> None:
    files = {p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*") if p.is_file()}
    assert files == set(EXPECTED) | set(CLEAN)
    assert set(report) == set(EXPECTED), "a clean file has a problem, or a bad one has none"


def test_fixture_bytes_are_intact() -> None:
    """Editors and git settings must not 'fix' the encoding fixtures."""
    assert (FIXTURE / "articles/encoding-bom.md").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in (FIXTURE / "articles/encoding-crlf.md").read_bytes()
    assert b"\xff" in (FIXTURE / "articles/encoding-utf8.md").read_bytes()
    assert "\u202e" in (FIXTURE / "articles/bidi-control.md").read_text(encoding="utf-8")
    assert b"\x0b" in (FIXTURE / "articles/control-char.md").read_bytes()
    assert (FIXTURE / "articles/link.md").is_symlink()


def test_real_content_is_clean() -> None:
    found = check_site(settings_for(ROOT / "content"), ROOT)
    assert [str(p) for p in found.problems] == []
    assert found.files > 0


def write(content: Path, name: str, text: str) -> Path:
    path = content / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


GOOD = "Title: ایک خبر\nSlug: a-story\nDate: 2021-04-09\nSummary: ایک خلاصہ۔\n\n"


def problems_in(content: Path, tmp_root: Path) -> list[str]:
    return [str(p) for p in check_site(settings_for(content), tmp_root).problems]


@pytest.mark.parametrize(
    "body",
    [
        # Digits, punctuation, short Latin names and acronyms in Urdu are normal.
        "روسی وزیر خارجہ Sergey Lavrov نے ISPR کے مطابق 790 ملین ڈالر (2021) کا ذکر کیا۔\n",
        # Legitimate invisible characters in Urdu: ZWNJ, ZWJ, LRM, RLM, ALM.
        "پاک\u200cروس تعلقات\u200d، \u200fسال\u200e 2021\u061c میں۔\n",
        # A quotation marked as English is not Urdu text.
        '<p lang="en">The talks were productive and will continue next month in Moscow.</p>\n',
        # Code is not prose.
        "    print('this is a long line of code in an indented block')\n",
        # Markdown tables align cells with a style attribute: allowed, nothing else is.
        "| الف | ب |\n|:--|--:|\n| ایک | دو |\n",
        # Markdown an author may use: emphasis, lists, quotes, footnotes, links.
        "**اہم** خبر[^1]۔\n\n- ایک\n- دو\n\n> اقتباس\n\n[^1]: حاشیہ۔\n",
        "[خبر](https://example.org/) اور [ای میل](mailto:desk@example.org) اور [اوپر](#top)۔\n",
    ],
)
def test_legitimate_text_passes(body: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "articles/a.md", GOOD + body)
    assert problems_in(content, tmp_path) == []


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # Entities and odd case do not hide a script or a javascript: URL from the parser.
        ("<SCRIPT >x()</SCRIPT>\n", "content/articles/a.md:6: body: <script> is not allowed"),
        (
            '<a href="&#106;avascript:alert(1)">متن</a>\n',
            "content/articles/a.md:6: body: javascript: address in <a href> is not allowed",
        ),
        (
            '<a href=" java\tscript:alert(1)">متن</a>\n',
            "content/articles/a.md:6: body: javascript: address in <a href> is not allowed",
        ),
        (
            '![متن](/x.png){: onerror="alert(1)" }\n',
            "content/articles/a.md:6: body: event-handler attribute onerror on <img>",
        ),
        (
            '<table><tr><td style="background: url(x)">ایک</td></tr></table>\n',
            "content/articles/a.md:6: body: attribute style on <td> is not allowed",
        ),
    ],
)
def test_disguised_html_is_still_caught(body: str, expected: str, tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "articles/a.md", GOOD + body)
    found = problems_in(content, tmp_path)
    assert any(line.startswith(expected) for line in found), found


def test_summary_html_is_checked_on_its_line(tmp_path: Path) -> None:
    content = tmp_path / "content"
    summary = 'Summary: خلاصہ <img src="https://example.org/x.png" alt="x" onerror="alert(1)">'
    write(content, "articles/a.md", GOOD.replace("Summary: ایک خلاصہ۔", summary) + "متن۔\n")
    assert problems_in(content, tmp_path) == [
        "content/articles/a.md:4: summary: event-handler attribute onerror on <img> is not "
        "allowed — remove onerror=...; content cannot run script"
    ]


def test_body_line_numbers_follow_the_source(tmp_path: Path) -> None:
    content = tmp_path / "content"
    body = "پہلا۔\n\n<script>a()</script>\n\nدوسرا۔\n\n<script>b()</script>\n"
    write(content, "articles/a.md", GOOD + body)
    lines = [p.split(": body:")[0] for p in problems_in(content, tmp_path)]
    assert lines == ["content/articles/a.md:8", "content/articles/a.md:12"]


def test_links_between_content_resolve(tmp_path: Path) -> None:
    content = tmp_path / "content"
    write(content, "pages/about.md", "Title: About\nSlug: about\nLang: en\n\nText.\n")
    body = (
        "[ص]({filename}../pages/about.md) [ص](|filename|/pages/about.md) [ص](/en/about/) "
        "[ص](../../en/about/) [خ](/2021/a-story/) [ٹ](/tag/russia/) [ف](/theme/css/site.css) "
        "[ل](/glossary/people/sergey-lavrov/) [ٹ]({tag}russia)\n"
    )
    write(content, "articles/a.md", GOOD.replace("Summary", "Tags: روس\nSummary") + body)
    lavrov = (ROOT / "content/glossary/people/sergey-lavrov.md").read_text(encoding="utf-8")
    write(content, "glossary/people/sergey-lavrov.md", lavrov)
    assert problems_in(content, tmp_path) == []


def test_problems_of_only_some_files(tmp_path: Path) -> None:
    content = tmp_path / "content"
    text = GOOD.replace("Title: ایک خبر\n", "") + "متن۔\n"
    one = write(content, "articles/one.md", text)
    write(content, "articles/two.md", text.replace("a-story", "b-story"))
    found = check_site(settings_for(content), tmp_path, only=[one])
    assert [p.path for p in found.problems] == ["content/articles/one.md"]


def test_forked_checking_reports_exactly_what_one_process_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Many files are checked in forked processes; the report must not change."""
    from khabarnama.content_checks import checker

    settings = read_settings(str(ROOT / "pelicanconf.py"))
    settings["PATH"] = str(ROOT / "tests" / "fixtures" / "bad_content")
    serial = check_site(settings, ROOT)
    monkeypatch.setattr(checker, "PARALLEL_MIN_DOCUMENTS", 2)
    monkeypatch.setattr(checker, "_workers", lambda: 2)
    forked = check_site(settings, ROOT)
    assert forked.problems == serial.problems and len(serial.problems) > 30
    assert forked.files == serial.files


def _letter_scripts_one_by_one(text: str) -> tuple[int, dict[str, int]]:
    """markup.letter_scripts as first written: every letter classified on its own."""
    import re
    import unicodedata

    from khabarnama.content_checks.markup import _ARABIC_LETTER, in_arabic_block

    arabic = len(_ARABIC_LETTER.findall(text))
    letters = re.findall(r"[^\W\d_]", text)
    if len(letters) == arabic:
        return arabic, {}
    other: dict[str, int] = {}
    for char in letters:
        if not in_arabic_block(char):
            script = unicodedata.name(char, "OTHER").split(" ")[0].title()
            other[script] = other.get(script, 0) + 1
    return arabic, other


@pytest.mark.parametrize(
    "text",
    [
        "",
        "روسی وزیر خارجہ سرگئی لاروف",
        "Sergey Lavrov نے ISPR کے مطابق 790 ملین ڈالر (2021) کا ذکر کیا۔ ۱۲۳",
        "Сергей Лавров and Ἀθῆναι, 東京 ﷼ ﻻ ٹ \u0670 \u08a0 Ⅻ ½ ² _ x_y",
        "پاک\u200cروس تعلقات\u200d، \u200fسال\u200e 2021\u061c میں۔",
    ],
)
def test_letter_scripts_counts_as_one_letter_at_a_time(text: str) -> None:
    from khabarnama.content_checks.markup import letter_scripts

    assert letter_scripts(text) == _letter_scripts_one_by_one(text)
