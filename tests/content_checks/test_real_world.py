"""Real-world and mistaken input that `make check` must report as the build would.

Each case is written into a small content folder; `make check` (the command
line) must fail with one line naming the file, line and field, and say what
to do. The build's side of the same cases is in tests/site/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
