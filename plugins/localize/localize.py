"""Interface language, Urdu dates and digits, and feeds that keep their direction.

Templates render pages in two languages with opposite directions. Rather than
each template deciding words, dates and digits for itself, this plugin gives
every template the same three helpers, all keyed on the page's language
(``page_lang``, set by the template, falling back to ``DEFAULT_LANG``):

- ``ui("key", **fields)``: the interface string from the catalogue;
- ``date|localdate``: the date from Babel's CLDR data, never the machine's
  locale (which may not have Urdu installed at all);
- ``value|localdigits``: Latin digits, or Urdu digits when ``URDU_DIGITS``;
- ``items|collate(attribute=...)``: Jinja's ``sort`` in the alphabetical
  order of the page's language (CLDR collation, ``collation.py``).

Settings (defaults in ``DEFAULTS``):

``LOCALIZE_STRINGS``
    ``{lang: {key: text}}`` merged over the built-in catalogue.
``LOCALIZE_DATE_FORMATS``
    CLDR date pattern per language. Default ``"d MMMM y"`` for both, which
    gives "8 اپریل 2021" and "8 April 2021".
``LOCALIZE_DIRECTIONS``
    Writing direction per language, used for ``dir`` attributes.
``URDU_DIGITS``
    ``False`` (default) writes Latin digits on Urdu pages, as BBC Urdu does;
    ``True`` writes the Urdu (Extended Arabic-Indic) digits U+06F0-U+06F9.
``LOCALIZE_ISOLATE_LATIN``
    ``True`` (default): Latin runs in right-to-left Markdown are wrapped in
    ``<bdi lang="en" dir="ltr">`` (see ``bidi.py``).
``LOCALIZE_BIND_PUNCTUATION``
    ``True`` (default): a space before ۔ ، ؟ ؛ or a closing quote in
    right-to-left text, summaries and headlines becomes a no-break space, so
    no line starts with punctuation (see ``punctuation.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from babel.dates import format_date
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from pelican import signals

from ..problems import install as install_problem_reporting
from ..settings import PluginSettings, Setting
from .bidi import BidiExtension
from .catalogue import CATALOGUE
from .collation import busiest_first, sorted_by_collation
from .punctuation import PunctuationExtension, bind_title

logger = logging.getLogger(__name__)

SETTINGS = PluginSettings(
    "localize",
    "LOCALIZE_",
    {
        "LOCALIZE_STRINGS": Setting(
            {},
            "overrides of interface strings, per language (see catalogue.py)",
            "a dict of languages to {key: string}",
            lambda v: isinstance(v, dict) and all(isinstance(t, dict) for t in v.values()),
        ),
        "LOCALIZE_DATE_FORMATS": Setting(
            {"ur": "d MMMM y", "en": "d MMMM y"},
            "CLDR date pattern per language (Babel)",
            "a dict of languages to CLDR patterns",
            lambda v: isinstance(v, dict) and all(isinstance(t, str) for t in v.values()),
        ),
        "LOCALIZE_DIRECTIONS": Setting(
            {"ur": "rtl", "en": "ltr"},
            "writing direction per language",
            "a dict of languages to 'rtl' or 'ltr'",
            lambda v: isinstance(v, dict) and all(d in ("rtl", "ltr") for d in v.values()),
        ),
        "URDU_DIGITS": Setting(False, "write dates and numbers with Urdu digits ۰–۹"),
        "LOCALIZE_ISOLATE_LATIN": Setting(True, "wrap Latin runs inside Urdu text in <bdi>"),
        "LOCALIZE_BIND_PUNCTUATION": Setting(
            True, "keep ۔ ، ؟ ؛ and closing quotes on the line of the word before them"
        ),
    },
)
DEFAULTS = SETTINGS.defaults

# Extended Arabic-Indic digits are the ones Urdu uses; the Arabic-Indic
# digits U+0660-U+0669 have different shapes for 4, 5, 6 and 7.
URDU_DIGIT_TABLE = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


class Localizer:
    """Answers the templates' language questions from one settings object."""

    def __init__(self, settings: dict[str, Any]) -> None:
        SETTINGS.fill_defaults(settings)
        self.default_lang: str = settings.get("DEFAULT_LANG", "ur")
        self.urdu_digits: bool = bool(settings["URDU_DIGITS"])
        self.date_formats: dict[str, str] = settings["LOCALIZE_DATE_FORMATS"]
        self.directions: dict[str, str] = settings["LOCALIZE_DIRECTIONS"]
        self.strings: dict[str, dict[str, str]] = {
            lang: {**table, **settings["LOCALIZE_STRINGS"].get(lang, {})}
            for lang, table in CATALOGUE.items()
        }
        # Templates ask for the same few strings and dates on every page
        # (Babel's format_date costs ~40 µs): at 10,000 articles that adds up.
        self._plain: dict[tuple[str, str], Markup] = {}
        self._dates: dict[tuple[dt.date, str], str] = {}

    def lang_of(self, ctx: Context | None) -> str:
        lang = ctx.get("page_lang") if ctx is not None else None
        return lang or self.default_lang

    def text(self, key: str, lang: str, **fields: Any) -> Markup:
        """The string for ``key``; each field is isolated in ``<bdi>``.

        Fields are numbers and names that may run in the other direction
        (a page number, a Latin tag): isolating them keeps the sentence's
        order intact in both directions.
        """
        if not fields:
            found = self._plain.get((key, lang))
            if found is None:
                found = self._plain[key, lang] = self._format(key, lang, {})
            return found
        return self._format(key, lang, fields)

    def _format(self, key: str, lang: str, fields: dict[str, Any]) -> Markup:
        try:
            template = self.strings[lang][key]
        except KeyError:
            raise KeyError(
                f"localize: no interface string {key!r} for language {lang!r}; "
                "add it to plugins/localize/catalogue.py"
            ) from None
        values = {
            name: Markup("<bdi>{}</bdi>").format(self.digits(value, lang))
            for name, value in fields.items()
        }
        return Markup(escape(template)).format(**values)

    def digits(self, value: Any, lang: str) -> str:
        text = str(value)
        if self.urdu_digits and lang == "ur":
            return text.translate(URDU_DIGIT_TABLE)
        return text

    def date(self, value: dt.date, lang: str) -> str:
        found = self._dates.get((value, lang))
        if found is None:
            pattern = self.date_formats.get(lang, "d MMMM y")
            found = self.digits(format_date(value, pattern, locale=lang), lang)
            self._dates[value, lang] = found
        return found

    # Jinja entry points: they read the page's language from the context.
    @pass_context
    def ui(self, ctx: Context, key: str, **fields: Any) -> Markup:
        return self.text(key, self.lang_of(ctx), **fields)

    @pass_context
    def localdate(self, ctx: Context, value: dt.date, lang: str | None = None) -> str:
        return self.date(value, lang or self.lang_of(ctx))

    @pass_context
    def localdigits(self, ctx: Context, value: Any) -> str:
        return self.digits(value, self.lang_of(ctx))

    @pass_context
    def collate(
        self, ctx: Context, items: Any, attribute: str | None = None, lang: str | None = None
    ) -> list[Any]:
        """Jinja's ``sort``, in the alphabetical order of the page's language."""
        return sorted_by_collation(items, lang or self.lang_of(ctx), attribute)

    @pass_context
    def busiest(self, ctx: Context, tags: Any) -> list[Any]:
        """Topics with the most articles first (the front page's sections)."""
        return busiest_first(tags, self.lang_of(ctx))

    def direction(self, lang: str) -> str:
        return self.directions.get(lang, "ltr")


def add_template_helpers(generator: Any) -> None:
    """Give every generator's Jinja environment the language helpers."""
    localizer = Localizer(generator.settings)
    env = generator.env
    env.globals["ui"] = localizer.ui
    env.globals["direction"] = localizer.direction
    env.filters["localdate"] = localizer.localdate
    env.filters["localdigits"] = localizer.localdigits
    env.filters["collate"] = localizer.collate
    env.filters["busiest"] = localizer.busiest


def mark_feed_language(context: dict[str, Any], feed: Any) -> None:
    """Feed readers do not see our HTML's ``dir``: state it inside each entry.

    The feed declares ``xml:lang`` and every entry's HTML is wrapped in an
    element carrying ``lang`` and ``dir``, so a reader that shows entries out of
    the page's context still sets Urdu right to left.
    """
    lang = context.get("DEFAULT_LANG", "ur")
    direction = context.get("LOCALIZE_DIRECTIONS", DEFAULTS["LOCALIZE_DIRECTIONS"]).get(lang, "ltr")
    feed.feed["language"] = lang
    titles = _titles_by_link(context, feed)
    for item in feed.items:
        # Pelican strips tags from a title as if it were HTML ("<b>" vanishes,
        # "&lt;" turns into "<"); a title is text, and the feed shows it as written.
        title = titles.get(item.get("link"))
        if title is not None:
            item["title"] = title
        for field in ("content", "description"):
            if item.get(field):
                # A plain str: the feed's XML writer escapes it once; a Markup
                # would be escaped twice by Markup.replace.
                item[field] = f'<div lang="{lang}" dir="{direction}">{item[field]!s}</div>'


def _titles_by_link(context: dict[str, Any], feed: Any) -> dict[str, str]:
    """Each article's title as text, by the link Pelican gave its feed item."""
    by_url: dict[str, str] = {}
    for name in ("articles", "translations", "hidden_articles"):
        for article in context.get(name) or []:
            by_url.setdefault(article.url, str(article.title))
    site = str(context.get("SITEURL") or "").rstrip("/") + "/"
    found: dict[str, str] = {}
    for item in feed.items:
        link = str(item.get("link") or "")
        path = link.split("?", 1)[0]
        if path.startswith(site) and path[len(site) :] in by_url:
            found[link] = by_url[path[len(site) :]]
    return found


def add_markdown_extensions(pelican: Any) -> None:
    """Give Pelican's Markdown reader the Latin-run isolation and the
    punctuation binding (idempotent)."""
    settings = pelican.settings
    SETTINGS.apply(settings)
    rtl = [lang for lang, way in settings["LOCALIZE_DIRECTIONS"].items() if way == "rtl"]
    default_lang = settings.get("DEFAULT_LANG", "ur")
    markdown = settings.setdefault("MARKDOWN", {})
    extensions = markdown.setdefault("extensions", [])
    wanted = [
        (settings["LOCALIZE_ISOLATE_LATIN"], BidiExtension),
        (settings["LOCALIZE_BIND_PUNCTUATION"], PunctuationExtension),
    ]
    for enabled, kind in wanted:
        if enabled and not any(isinstance(extension, kind) for extension in extensions):
            extensions.append(kind(default_lang=default_lang, rtl_langs=rtl))


def bind_headline(instance: Any) -> None:
    """Headlines are not Markdown: bind their punctuation when the object is made."""
    settings = getattr(instance, "settings", None) or {}
    if not settings.get("LOCALIZE_BIND_PUNCTUATION", True):
        return
    directions = settings.get("LOCALIZE_DIRECTIONS", DEFAULTS["LOCALIZE_DIRECTIONS"])
    bind_title(instance, {lang for lang, way in directions.items() if way == "rtl"})


def register() -> None:
    install_problem_reporting()
    signals.initialized.connect(add_markdown_extensions)
    signals.generator_init.connect(add_template_helpers)
    signals.feed_generated.connect(mark_feed_language)
    signals.content_object_init.connect(bind_headline)
