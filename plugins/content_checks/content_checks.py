"""Stop the build, before anything is written, when content is malformed or unsafe.

Pelican on its own stops at the first bad file with a generic message (and,
for some mistakes, a traceback), or skips the file and writes a site that
looks complete without it. This plugin runs the content checker
(``checker.check_site``, the same code as ``make check``) when Pelican
starts and stops it with one line per error (``problems.BuildError``).
Warnings (a BOM, CRLF line endings, Arabic letter variants, ...) are shown
but never stop the build (``problems.advise``); ``make check`` lists them too.

As a second line of defence, every article, page and glossary entry Pelican
reads is checked against the HTML allow-list again as it is created
(``content_object_init``), so no reader or file type can bring a script,
iframe, style or event handler into the published site.

Settings:

``TAG_SLUGS``
    ``{urdu_tag: latin_slug}``. Every tag an article uses must be here, so
    tag URLs stay readable Latin instead of transliterated gibberish.
``CONTENT_CHECKS_ENABLED``
    ``True`` (default). Turn off only to debug Pelican itself.
``CONTENT_CHECKS_ROOT``
    Folder that problem paths are shown relative to. Default: the working
    directory, so paths read ``content/articles/x.md``.
``CONTENT_CHECKS_FONT``
    The Urdu web font whose character map decides ``font-missing``
    warnings. Default: ``<THEME>/static/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2``.
"""

from __future__ import annotations

import logging
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from markdown import Markdown
from markdown.preprocessors import Preprocessor
from markupsafe import Markup
from pelican import signals
from pelican.contents import Static
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open

from ..problems import BuildError, advise
from ..problems import install as install_problem_reporting
from ..settings import PluginSettings, Setting
from . import markup
from .checker import check_site
from .rules import split_list

logger = logging.getLogger(__name__)

SETTINGS = PluginSettings(
    "content_checks",
    "CONTENT_CHECKS_",
    {
        "TAG_SLUGS": Setting(
            {},
            "Urdu tag → Latin slug",
            "a dict of tag names to slugs",
            lambda v: isinstance(v, dict) and all(isinstance(t, str) for t in v.values()),
        ),
        "CONTENT_CHECKS_ENABLED": Setting(True, "run the checks (turn off only to debug Pelican)"),
        "CONTENT_CHECKS_ROOT": Setting(
            None, "folder problem paths are shown relative to (None: the working directory)"
        ),
        "CONTENT_CHECKS_IGNORE": Setting(
            [],
            "files under PATH that are deliberately not published (glob patterns, "
            "relative to PATH); any other unpublished file is an error",
            "a list of glob patterns",
            lambda v: isinstance(v, list) and all(isinstance(p, str) for p in v),
        ),
        "CONTENT_CHECKS_FONT": Setting(
            None, "the Urdu web font whose character map decides font-missing (None: the theme's)"
        ),
    },
)
DEFAULTS = SETTINGS.defaults


def check_content(pelican: Any) -> None:
    settings = pelican.settings
    SETTINGS.apply(settings)
    if not settings["CONTENT_CHECKS_ENABLED"]:
        return
    root = Path(settings["CONTENT_CHECKS_ROOT"] or Path.cwd())
    # Per-file results of earlier builds are reused as Pelican's content cache
    # settings allow (CACHE_CONTENT, LOAD_CONTENT_CACHE): see cache.py.
    report = check_site(settings, root, cached=True)
    advise(report.warnings)
    if report.errors:
        raise BuildError(report.errors)


def check_rendered(content: Any) -> None:
    """The allow-list again, on the HTML Pelican actually produced for ``content``."""
    settings = getattr(content, "settings", None) or {}
    if not settings.get("CONTENT_CHECKS_ENABLED", True) or isinstance(content, Static):
        return
    parts = [("body", getattr(content, "_content", None))]
    parts.append(("summary", (getattr(content, "metadata", None) or {}).get("summary")))
    found = []
    for field, html in parts:
        if isinstance(html, str) and html:
            found += markup.safety_findings(markup.parse(html), field)
    if not found:
        return
    # only now: resolving two paths per page cost more than checking its HTML
    source_path = getattr(content, "source_path", None) or "<content>"
    root = Path(settings.get("CONTENT_CHECKS_ROOT") or Path.cwd())
    try:
        shown = Path(source_path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = source_path
    try:
        with pelican_open(source_path) as text:
            locator = markup.Locator(text, 1)
    except OSError:
        locator = None
    raise BuildError(
        f"{shown}:{locator.line(f.needle) if locator else 1}: {f.field}: {f.message} — {f.fix}"
        for f in found
    )


class _NoMetadata(Preprocessor):
    """Stands in for the meta preprocessor Pelican deregisters before it
    converts a formatted field; the field's lines pass through unchanged."""

    def run(self, lines: list[str]) -> list[str]:
        return lines


class UrduListMarkdownReader(MarkdownReader):
    """Read Urdu tags the way contributors write them.

    Accepts the Urdu comma between tags, and gives each tag the Latin slug from
    ``TAG_SLUGS``: Pelican would otherwise transliterate Urdu with unidecode
    into unreadable URLs, before any regex substitution could step in.
    HTML comments written in the Markdown (the guidance in files made by
    ``make article``/``make entry``) are left out of the page.
    """

    _markdown: tuple[Markdown, Markdown] | None = None

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        # Pelican's MarkdownReader.read, with our Markdown configuration and
        # two Markdown instances per reader, reset for each file instead of
        # one made per file (its extensions cost 0.3 ms: 3 s of a cold build
        # of 10,000 articles). Pelican's _parse_metadata converts formatted
        # fields with self._md after deregistering its "meta" preprocessor,
        # so it gets the second instance, made without the meta extension.
        if self._markdown is None:
            config = markup.markdown_config(self.settings)
            self._markdown = Markdown(**config), Markdown(**markup.fields_config(config))
        body, fields = self._markdown
        self._source_path = source_path
        body.reset()
        with pelican_open(source_path) as text:
            content = body.convert(text)
        if "meta" not in fields.preprocessors:
            fields.preprocessors.register(_NoMetadata(fields), "meta", 0)
        self._md = fields
        metadata = self._parse_metadata(body.Meta) if hasattr(body, "Meta") else {}
        return content, metadata

    def process_metadata(self, name: str, value: Any) -> Any:
        if name in ("tags", "authors") and isinstance(value, str):
            # A list, not a re-joined string: Pelican splits a string on ";"
            # when it has one, and "&lt;" in a tag would split it where
            # `make check` (the same split_list) does not.
            value = split_list(value)
        processed = super().process_metadata(name, value)
        if name == "tags" and isinstance(processed, list):
            slugs = self.settings.get("TAG_SLUGS", {})
            for tag in processed:
                if tag.name in slugs:
                    tag.slug = slugs[tag.name]
        return processed


def escape_by_default(generator: Any) -> None:
    """Autoescape every template of every generator, whatever JINJA_ENVIRONMENT says.

    A contributor's title, tag or glossary field is text: a template that
    forgets to escape one must not let it become markup. Only ``content`` and
    ``summary`` (HTML that passed the allow-list above) are marked ``| safe``.
    Set at ``generator_init``, before any template is compiled.
    """
    generator.env.autoescape = True


def plain_text_fields(content: Any) -> None:
    """Fields written as text stay text: a ``Markup`` value would skip escaping.

    No reader of ours makes one, but a third-party reader or plugin could; the
    title and glossary names are then turned back into the text they
    display, so every template and writer escapes them.
    """
    for name in ("title", "urdu", "role", "country"):
        value = getattr(content, name, None)
        if isinstance(value, Markup):
            setattr(content, name, value.unescape())


#: What a draft's URL pattern and template see for its category: nothing.
NO_CATEGORY = SimpleNamespace(name="", slug="", url="", save_as="")


def drafts_without_categories(content: Any) -> None:
    """Pelican writes a draft passing ``draft.category``, which an article only has
    when categories are published (CATEGORY_SAVE_AS); this site publishes none."""
    if getattr(content, "status", None) == "draft" and not hasattr(content, "category"):
        content.category = NO_CATEGORY


def use_urdu_list_reader(readers: Any) -> None:
    for extension in UrduListMarkdownReader.file_extensions:
        readers.reader_classes[extension] = UrduListMarkdownReader


def register() -> None:
    install_problem_reporting()
    signals.initialized.connect(check_content)
    signals.readers_init.connect(use_urdu_list_reader)
    signals.content_object_init.connect(check_rendered)
    signals.content_object_init.connect(plain_text_fields)
    signals.content_object_init.connect(drafts_without_categories)
    signals.generator_init.connect(escape_by_default)
