"""Real-world and mistaken input that `make check` must report as the build would.

Each case is written into a small content folder; `make check` (the command
line) must fail with one line naming the file, line and field, and say what
to do. The build's side of the same cases is in tests/site/.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support import ROOT

from .test_cli import run_cli

GOOD = "Title: ایک خبر\nSlug: a-story\nDate: 2021-04-09\nSummary: ایک خلاصہ۔\n\nپہلا جملہ۔\n"


def content_with(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    content = tmp_path / "content"
    for folder in ("articles", "pages", "glossary/people"):
        (content / folder).mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return content


def check(content: Path) -> tuple[int, list[str]]:
    done = run_cli("--settings", "pelicanconf.py", "--content", str(content))
    assert "Traceback" not in done.stdout + done.stderr
    return done.returncode, done.stdout.splitlines()


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("08/04/2021", "'08/04/2021' is ambiguous"),
        ("8-4-2021", "'8-4-2021' is ambiguous"),
        ("2021", "'2021' is not a whole date"),
        ("2021-4", "'2021-4' is not a whole date"),
        ("8 April 2021", "'8 April 2021' is not a date"),
        ("2021-04-31", "'2021-04-31' is not a date"),
        ("2021-04-09 9am", "'2021-04-09 9am' is not a date"),
    ],
)
def test_a_date_that_would_be_guessed_is_an_error(
    written: str, message: str, tmp_path: Path
) -> None:
    content = content_with(tmp_path, {"articles/a.md": GOOD.replace("2021-04-09", written)})
    code, lines = check(content)
    assert code == 1
    errors = [line for line in lines if "a.md:3: date:" in line]
    assert len(errors) == 1, lines
    assert message in errors[0]
    assert errors[0].endswith("— write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2021-04-08")


@pytest.mark.parametrize("written", ["2021-04-09", "2021-04-09 18:30", "2021-04-09T18:30:15"])
def test_the_accepted_date_forms_pass(written: str, tmp_path: Path) -> None:
    content = content_with(tmp_path, {"articles/a.md": GOOD.replace("2021-04-09", written)})
    code, lines = check(content)
    assert (code, lines) == (0, [])


# -- characters the font lacks, and `make fix` --------------------------------

#: (character, the letters `make fix` writes) for text pasted from PDFs and old tools.
PRESENTATION_FORMS = [
    ("\ufb56", "\u067e"),  # PEH ISOLATED FORM → پ
    ("\ufe85", "\u0624"),  # WAW WITH HAMZA ABOVE ISOLATED FORM → ؤ
    ("\ufb8e", "\u06a9"),  # KEHEH ISOLATED FORM → ک
    ("\ufba6", "\u06c1"),  # HEH GOAL ISOLATED FORM → ہ
    ("\ufbaa", "\u06be"),  # HEH DOACHASHMEE ISOLATED FORM → ھ (never folded into ہ)
    ("\ufefb", "\u0644\u0627"),  # LAM WITH ALEF ligature → لا
]


@pytest.mark.parametrize(("char", "letters"), PRESENTATION_FORMS)
def test_a_presentation_form_is_an_error_naming_make_fix(
    char: str, letters: str, tmp_path: Path
) -> None:
    content = content_with(tmp_path, {"articles/a.md": GOOD.replace("پہلا", f"پہلا {char}")})
    code, lines = check(content)
    assert code == 1
    assert len(lines) == 1, lines
    assert f"a.md:6: body: U+{ord(char):04X} " in lines[0]
    assert "is not in the site's Urdu font — run `make fix`: it writes " + letters in lines[0]


def test_a_letter_the_font_lacks_without_a_mechanical_fix_is_an_error(tmp_path: Path) -> None:
    content = content_with(tmp_path, {"articles/a.md": GOOD.replace("پہلا", "پہلا \u0682")})
    code, lines = check(content)
    assert code == 1
    assert "U+0682 ARABIC LETTER HAH WITH TWO DOTS VERTICAL ABOVE" in lines[0]
    assert "check the spelling" in lines[0] and "make fix" not in lines[0]


def make_fix(content: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-s", "fix", f"INPUTDIR={content}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


MESSY = (
    "\ufeffTitle: ایک خبر \ufb56\r\nSlug: a-story\r\nDate: 2021-04-09\r\n"
    "Summary: ايک خلاصہ۔\r\n\r\n"
    "هم نے كہا کہ \ufefb\ufe85 دیکها۔ ڂ بھی۔ `كود` \u200cزیر\u064e\r\n"
)
FIXED = (
    "\ufeffTitle: ایک خبر \u067e\r\nSlug: a-story\r\nDate: 2021-04-09\r\n"
    "Summary: ایک خلاصہ۔\r\n\r\n"
    "ہم نے کہا کہ \u0644\u0627\u0624 دیکها۔ ڂ بھی۔ `کود` \u200cزیر\u064e\r\n"
)


def test_make_fix_rewrites_only_what_the_checker_knows_and_shows_it(tmp_path: Path) -> None:
    clean = GOOD.replace("2021-04-09", "2021-04-10").replace("a-story", "b-story")
    content = content_with(
        tmp_path,
        {"articles/messy.md": MESSY.encode("utf-8"), "articles/clean.md": clean.encode("utf-8")},
    )
    clean_before = (content / "articles/clean.md").stat().st_mtime_ns
    done = make_fix(content)
    assert done.returncode == 0, done.stderr
    # byte for byte: BOM, CRLF, the aspirate ه of دیکها, ڂ (no known letter), ZWNJ
    # and the diacritic are kept; only the known characters changed
    assert (content / "articles/messy.md").read_bytes() == FIXED.encode("utf-8")
    assert (content / "articles/clean.md").stat().st_mtime_ns == clean_before
    assert "-هم نے كہا" in done.stdout and "+ہم نے کہا" in done.stdout
    assert "messy.md" in done.stdout and "clean.md" not in done.stdout
    assert "1 file rewritten" in done.stderr
    code, lines = check(content)
    # what is left is for a person: ڂ, and the ه that may be the aspirate ھ
    assert code == 1 and [line for line in lines if ": body: U+0682 " in line]
    assert not [line for line in lines if "make fix" in line], lines
    again = make_fix(content)
    assert again.stdout == "" and "0 files rewritten" in again.stderr


def test_make_fix_leaves_files_it_cannot_read_alone(tmp_path: Path) -> None:
    broken = b"Title: \xff\xfe\nSlug: x\n\n\xef\xad\x96\n"
    content = content_with(tmp_path, {"articles/broken.md": broken})
    done = make_fix(content)
    assert done.returncode == 0
    assert (content / "articles/broken.md").read_bytes() == broken
