"""The pull-request pipeline runs what .ci/run runs, safely; pre-commit matches our pins."""

from __future__ import annotations

import re

import pytest

from tests.support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CI_RUN = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def workflow(name: str) -> str:
    return (WORKFLOWS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml"])
def test_workflow_runs_the_same_commands_as_ci_run(name: str) -> None:
    text = workflow(name)
    packages = set(re.findall(r"missing\+=\(([\w.-]+)\)", CI_RUN))
    assert {"chromium", "default-jre-headless", "npm", "make", "python3-venv"} <= packages
    [install] = re.findall(r"apt-get install[^\n]*\n[^\n]*", text)
    assert packages <= set(install.split()), "install what .ci/run installs"
    assert "make test" in CI_RUN
    steps = [s for s in re.findall(r"^\s+run: (.+)$", text, re.M) if s != "|"]
    assert steps == ["make check", "bash .ci/run", "make publish"]
    assert "container: debian:bookworm" in text  # Debian's chromium, as .ci/run expects


@pytest.mark.parametrize("name", ["pr.yml", "publish.yml"])
def test_actions_are_pinned_to_commits(name: str) -> None:
    uses = re.findall(r"uses: (\S+)", workflow(name))
    assert uses
    for action in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action


def test_pull_request_workflow_is_safe_for_forks() -> None:
    text = workflow("pr.yml")
    assert re.search(r"^on:\n  pull_request:\n", text, re.M)
    code = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    assert "pull_request_target" not in code
    assert "secrets." not in code
    assert re.search(r"^permissions:\n  contents: read\n\n", text, re.M)
    assert "persist-credentials: false" in text
    assert re.search(r"upload-artifact@\w+  # v[\d.]+\n\s+with:\n(\s+.+\n)*?\s+path: output/", text)


def test_publish_target_is_a_documented_variable() -> None:
    text = workflow("publish.yml")
    assert re.search(r"^on:\n  push:\n    branches: \[main\]", text, re.M)
    assert "vars.DEPLOY_TARGET" in text and "#   DEPLOY_TARGET" in text
    assert "vars.SITEURL" in text and "#   SITEURL" in text


def test_pre_commit_pins_match_the_project() -> None:
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    ruff = re.search(r"^ruff==([\d.]+)$", (ROOT / "requirements-dev.txt").read_text(), re.M)
    assert ruff is not None
    assert f"rev: v{ruff[1]}" in config
    for hook in ("id: ruff-check", "id: ruff-format", "id: djhtml", "id: content-checks"):
        assert hook in config
    assert "entry: .venv/bin/python -m khabarnama.content_checks" in config
    revs = re.findall(r"rev: (\S+)", config)
    assert all(re.fullmatch(r"v?\d+\.\d+\.\d+", rev) for rev in revs), revs
