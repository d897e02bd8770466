"""Stop the build, before anything is written, when an article is malformed.

Pelican on its own stops at the first bad file with a generic message (and,
for some mistakes, a traceback), or skips the file and writes a site that
looks complete without it. This plugin checks every article's front matter
when Pelican starts, logs one line per problem and exits non-zero.

Settings:

``TAG_SLUGS``
    ``{urdu_tag: latin_slug}``. Every tag an article uses must be here, so
    tag URLs stay readable Latin instead of transliterated gibberish.
``CONTENT_CHECKS_ENABLED``
    ``True`` (default). Turn off only to debug Pelican itself.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from pelican import signals
from pelican.readers import MarkdownReader

from .rules import check_articles, split_list

logger = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {"TAG_SLUGS": {}, "CONTENT_CHECKS_ENABLED": True}


def fill_defaults(settings: dict[str, Any]) -> None:
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


def article_paths(settings: dict[str, Any]) -> list[Path]:
    content = Path(settings["PATH"])
    found: list[Path] = []
    for folder in settings.get("ARTICLE_PATHS") or [""]:
        found.extend((content / folder).rglob("*.md"))
    excluded = [content / folder for folder in settings.get("ARTICLE_EXCLUDES", [])]
    return [path for path in found if not any(path.is_relative_to(folder) for folder in excluded)]


def check_content(pelican: Any) -> None:
    settings = pelican.settings
    fill_defaults(settings)
    if not settings["CONTENT_CHECKS_ENABLED"]:
        return
    root = Path(settings.get("CONTENT_CHECKS_ROOT", Path.cwd()))
    problems = check_articles(
        article_paths(settings),
        root,
        settings["TAG_SLUGS"],
        settings.get("LOCALIZE_DIRECTIONS", {"ur": "rtl", "en": "ltr"}),
    )
    if not problems:
        return
    for problem in problems:
        try:
            logger.error("%s", problem)
        except RuntimeError:
            # Pelican's --fatal logger raises after printing; keep reporting
            # the remaining problems, then stop once below.
            pass
    # SystemExit (not an Exception) ends the run before any output is written
    # and without a traceback: the lines above are the whole story.
    raise SystemExit(1)


class UrduListMarkdownReader(MarkdownReader):
    """Read Urdu tags the way contributors write them.

    Accepts the Urdu comma between tags, and gives each tag the Latin slug from
    ``TAG_SLUGS``: Pelican would otherwise transliterate Urdu with unidecode
    into unreadable URLs, before any regex substitution could step in.
    """

    def process_metadata(self, name: str, value: Any) -> Any:
        if name in ("tags", "authors") and isinstance(value, str):
            value = ", ".join(split_list(value))
        processed = super().process_metadata(name, value)
        if name == "tags" and isinstance(processed, list):
            slugs = self.settings.get("TAG_SLUGS", {})
            for tag in processed:
                if tag.name in slugs:
                    tag.slug = slugs[tag.name]
        return processed


def use_urdu_list_reader(readers: Any) -> None:
    for extension in UrduListMarkdownReader.file_extensions:
        readers.reader_classes[extension] = UrduListMarkdownReader


def register() -> None:
    signals.initialized.connect(check_content)
    signals.readers_init.connect(use_urdu_list_reader)
