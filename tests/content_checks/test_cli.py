"""`make check`: the command-line front end over the same library the build uses."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support import ROOT

from .test_rules import EXPECTED, FIXTURE, P

ENV_PYTHON = str(Path(sys.executable))


def make(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-s", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [ENV_PYTHON, "-m", "khabarnama.content_checks", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_make_check_on_the_real_content_is_clean() -> None:
    started = time.perf_counter()
    done = make("check")
    elapsed = time.perf_counter() - started
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "content check: 0 errors, 0 warnings in" in done.stderr
    assert elapsed < 30, f"make check took {elapsed:.1f}s"


def test_make_check_on_the_fixtures_fails_listing_every_problem() -> None:
    done = make("check", f"INPUTDIR={FIXTURE}")
    assert done.returncode != 0
    lines = done.stdout.splitlines()
    errors_end = lines.index("warnings (accepted, but worth fixing):")
    errors, warnings = lines[:errors_end], lines[errors_end + 1 :]
    expected = {line for _rule, line in EXPECTED.values()}
    expected_warnings = {line for rule, line in EXPECTED.values() if rule in _WARNING_RULES}
    assert set(errors) == expected - expected_warnings
    assert set(warnings) == expected_warnings
    assert all(line.startswith(P) for line in lines[:errors_end])
    assert "content check: 41 errors, 4 warnings in 45 files" in done.stderr


_WARNING_RULES = {"encoding-bom", "encoding-crlf", "arabic-letter", "glossary-name"}


def test_warnings_alone_do_not_fail(tmp_path: Path) -> None:
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    for name in ("encoding-bom.md", "encoding-crlf.md", "arabic-letter.md"):
        (content / name).write_bytes((FIXTURE / "articles" / name).read_bytes())
    done = run_cli("--content", str(tmp_path / "content"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("warnings (accepted, but worth fixing):\n")
    assert len(done.stdout.splitlines()) == 4
    assert "0 errors, 3 warnings" in done.stderr


def test_only_the_named_files_are_reported() -> None:
    bad = FIXTURE / "articles" / "date-format.md"
    done = run_cli("--content", str(FIXTURE), str(bad))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [EXPECTED["articles/date-format.md"][1]]
    clean = FIXTURE / "articles" / "good.md"
    done = run_cli("--content", str(FIXTURE), str(clean))
    assert done.returncode == 0, done.stdout
    assert done.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--settings", "no-such-settings.py"], "no-such-settings.py: settings file not found"),
        (["--content", "no-such-folder"], "no-such-folder: content folder not found"),
        (["content/articles/no-such-file.md"], "no such file or folder"),
        (["--no-such-option"], "unrecognized arguments"),
    ],
)
def test_unusable_arguments_exit_2(args: list[str], message: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert message in done.stderr
