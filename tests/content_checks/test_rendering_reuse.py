"""A cold build renders each Markdown file once: the check's rendering feeds the reader."""

from __future__ import annotations

from pathlib import Path

from content_checks import markup
from content_checks.content_checks import UrduListMarkdownReader
from pelican.settings import read_settings

from tests.support import ROOT

TEXT = "Title: سرخی\nDate: 2021-04-08\n\nپاکستان اور روس\n"


def _settings() -> dict:
    return read_settings(str(ROOT / "pelicanconf.py"))


def test_a_rendering_is_taken_once_by_the_same_settings_and_text() -> None:
    settings = _settings()
    key = markup.rendering_key(settings, TEXT)
    markup.remember_rendering(key, "<p>x</p>", {"title": ["سرخی"]})
    # a BOM or CRLF line endings do not change what Markdown makes of the text
    bom_crlf = markup.rendering_key(settings, "\ufeff" + TEXT.replace("\n", "\r\n"))
    assert bom_crlf == key
    other = markup.rendering_key({**settings, "MARKDOWN": {"extensions": []}}, TEXT)
    assert markup.take_rendering(other) is None
    assert markup.take_rendering(key) == ("<p>x</p>", {"title": ["سرخی"]})
    assert markup.take_rendering(key) is None


def test_the_reader_uses_the_checks_rendering_and_renders_itself_otherwise(
    tmp_path: Path,
) -> None:
    settings = _settings()
    path = tmp_path / "a.md"
    path.write_text(TEXT, encoding="utf-8")
    reader = UrduListMarkdownReader(settings)
    own, metadata = reader.read(str(path))
    assert "پاکستان اور روس" in own and str(metadata["title"]) == "سرخی"
    marker = "<p>rendered by the check</p>"
    markup.remember_rendering(markup.rendering_key(settings, TEXT), marker, {"title": ["سرخی"]})
    taken, metadata = reader.read(str(path))
    assert taken == marker and str(metadata["title"]) == "سرخی"
    assert reader.read(str(path))[0] == own  # taken once: the next read renders
