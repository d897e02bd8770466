"""Every generated page and stylesheet passes the Nu HTML Checker (vnu.jar)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.support import ROOT, html_pages

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def run_vnu(*args: str) -> list[dict]:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker: apt-get install default-jre-headless"
    assert VNU.exists(), "vnu.jar is missing: `make test` installs it with npm ci"
    done = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(done.stderr or done.stdout)["messages"]


def describe(messages: list[dict]) -> str:
    return "\n".join(
        f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['type']}/{m.get('subType', '')}: "
        f"{m['message']}"
        for m in messages
    )


def test_every_page_is_valid_html(published_site: Path, site: Path) -> None:
    pages = [str(p) for p in html_pages(published_site) + html_pages(site)]
    assert len(pages) >= 16
    messages = run_vnu(*pages)
    # Warnings count too: "info" without a warning subtype is the only pass.
    problems = [m for m in messages if m["type"] != "info" or m.get("subType") == "warning"]
    assert not problems, describe(problems)


def test_stylesheets_are_valid_css(site: Path) -> None:
    sheets = [str(p) for p in sorted((site / "theme" / "css").glob("*.css"))]
    assert sheets
    messages = run_vnu("--css", *sheets)
    problems = [m for m in messages if m["type"] != "info" or m.get("subType") == "warning"]
    assert not problems, describe(problems)


def test_checker_rejects_invalid_html(tmp_path: Path) -> None:
    """The checker really runs: a broken page is reported."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><html lang=ur><head></head><body><p><div></p>")
    assert any(m["type"] == "error" for m in run_vnu(str(page)))
