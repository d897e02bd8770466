"""The tests need nothing outside the repository: a bare clone runs them.

Real Urdu text comes from the site's own first article (``tests/reference_text.py``),
not from a corpus folder laid beside the checkout, and imports resolve through
the installed package, not through path tweaks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SETS_SYS_PATH = re.compile(
    r"\bsys\.path\s*(?:\.\s*(?:insert|append|extend)\s*\(|\[[^\]]*\]\s*=(?!=)|\+?=(?!=))"
    r"|\bsite\.addsitedir\s*\("
)
SETS_PYTHONPATH = re.compile(
    r"\bPYTHONPATH\b[\"']?\]?\s*(?:[:?+]?=|:(?!:))"
    r"|(?:setdefault|putenv)\s*\(\s*[\"']PYTHONPATH"
)

#: Modules that read the reference text (directly or through a conftest),
#: fast enough to run again from a copy of the repository.
COPY_MODULES = [
    "tests/test_reference_text.py",
    "tests/glossary/test_article.py",
    "tests/glossary/test_build.py",
    "tests/fontsubset/test_fontsubset_separable.py",
    "tests/fontsubset/test_fontsubset_collect.py",
    "tests/fontsubset_shaping/test_shaping.py",
    "tests/site/test_pages.py",
]


def git_files(*args: str) -> list[str]:
    """Paths from ``git ls-files`` (``-z``, relative to the repository root)."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files are unknown")
    done = subprocess.run(
        ["git", "ls-files", "-z", *args], cwd=ROOT, capture_output=True, check=True, timeout=60
    )
    return [p for p in done.stdout.decode("utf-8").split("\0") if p]


def text_of(path: Path) -> str | None:
    data = path.read_bytes()
    return None if b"\0" in data else data.decode("utf-8", errors="replace")


def offending_lines(text: str, pattern: re.Pattern[str]) -> list[str]:
    return [
        f"{n}: {line.strip()}"
        for n, line in enumerate(text.splitlines(), 1)
        if pattern.search(line)
    ]


@pytest.mark.parametrize("args", [["--self-test"], []], ids=["pattern", "tests"])
def test_no_test_reads_text_from_outside_the_repository(args: list[str]) -> None:
    """The lint in .ci/self_contained.py: its pattern's own cases, then tests/."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: the tracked files are unknown")
    done = subprocess.run(
        [sys.executable, str(ROOT / ".ci" / "self_contained.py"), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("line", "sets"),
    [
        ('sys.path.insert(0, str(ROOT / "plugins"))', SETS_SYS_PATH),
        ("sys.path.append(here)", SETS_SYS_PATH),
        ("sys.path[:0] = [here]", SETS_SYS_PATH),
        ("sys.path += [here]", SETS_SYS_PATH),
        ("export PYTHONPATH := plugins", SETS_PYTHONPATH),
        ("\tPYTHONPATH=plugins pelican content", SETS_PYTHONPATH),
        ("      PYTHONPATH: plugins", SETS_PYTHONPATH),
        ('env = {**os.environ, "PYTHONPATH": str(ROOT)}', SETS_PYTHONPATH),
        ('os.environ["PYTHONPATH"] = str(ROOT)', SETS_PYTHONPATH),
        ('os.environ.setdefault("PYTHONPATH", "x")', SETS_PYTHONPATH),
    ],
)
def test_the_path_patterns_find_what_they_should(line: str, sets: re.Pattern[str]) -> None:
    assert sets.search(line)


@pytest.mark.parametrize(
    "line", ["print(sys.path)", "if here in sys.path:", 'os.environ.get("PYTHONPATH")']
)
def test_the_path_patterns_ignore_reads(line: str) -> None:
    assert not SETS_SYS_PATH.search(line) and not SETS_PYTHONPATH.search(line)


def _sets_the_import_path(rel: str) -> bool:
    path = Path(rel)
    return (
        path.suffix in {".py", ".yml", ".yaml", ".sh", ".mk"}
        or path.name == "Makefile"
        or path.parts[0] == ".ci"
    )


def test_nothing_outside_tests_sets_the_import_path() -> None:
    files = [
        rel
        for rel in git_files()
        if not rel.startswith(("tests/", ".venv/")) and _sets_the_import_path(rel)
    ]
    assert any(Path(rel).name == "Makefile" for rel in files)
    found = {}
    for rel in files:
        path = ROOT / rel
        text = text_of(path) if path.is_file() else None
        if text is not None:
            lines = offending_lines(text, SETS_SYS_PATH) + offending_lines(text, SETS_PYTHONPATH)
            if lines:
                found[rel] = lines
    assert found == {}
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    ini = pytest_options.get("tool", {}).get("pytest", {}).get("ini_options", {})
    assert "pythonpath" not in ini


def _copy_repository(dest: Path) -> int:
    """The tracked and untracked-but-not-ignored files, as in the working tree."""
    count = 0
    for rel in git_files("-co", "--exclude-standard"):
        src = ROOT / rel
        if not src.is_file() and not src.is_symlink():
            continue  # deleted in the working tree, not yet in the index
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target, follow_symlinks=False)
        count += 1
    return count


@pytest.mark.timeout(240)
def test_reference_text_tests_pass_from_a_copy_with_nothing_beside_it(tmp_path: Path) -> None:
    repo = tmp_path / "x" / "repo"
    assert _copy_repository(repo) > 50
    # nothing but the copy, two levels up: no corpus folder beside it to lean on
    assert [p.name for p in repo.parent.iterdir()] == ["repo"]
    assert [p.name for p in repo.parent.parent.iterdir()] == ["x"]
    assert all((repo / module).is_file() for module in COPY_MODULES)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONPATH", "PYTEST_"))}
    env["PYTHONDONTWRITEBYTECODE"] = "1"

    where = subprocess.run(
        [sys.executable, "-c", "from tests.reference_text import ARTICLE_SOURCE as A; print(A)"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(repo)  # the copy reads its own text

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-m",
            "not browser",
            "--basetemp",
            str(tmp_path / "basetemp"),
            *COPY_MODULES,
        ],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=200,
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0, log
    summary = log.strip().splitlines()[-1]
    assert re.search(r"\b\d+ passed\b", summary), log
    assert not re.search(r"skipped|xfail|error|failed|no tests ran", summary), log
    assert str(ROOT / "tests") not in log  # nothing was collected from the original
