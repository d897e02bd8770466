"""Sharing and indexing metadata for every page: Open Graph, Twitter card,
canonical URL and ``hreflang`` alternates.

Templates call ``page_metadata(...)`` once (``base.html``) and render the
result with ``metadata.html``; all decisions live here, where they can be
tested, rather than in template conditionals:

* URLs (``og:url``, canonical, ``hreflang`` links) are written only when
  ``SITEURL`` is absolute (``make publish``). A local build's relative
  SITEURL would make them point at the wrong place, and previews are never
  indexed, so local pages carry none.
* ``hreflang`` alternates exist only where Pelican found translations of the
  page; each lists every language version including itself, as search
  engines require.
* Title and description come from the page's content object (article,
  page, glossary entry) or, for listings, from what the template passes.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from pelican import signals

from ..problems import install as install_problem_reporting
from ..settings import PluginSettings, Setting, is_str_list

__all__ = ["DEFAULTS", "PageMetadata", "register"]

logger = logging.getLogger(__name__)

SETTINGS = PluginSettings(
    "metadata",
    "METADATA_",
    {
        "METADATA_LOCALES": Setting(
            {"ur": "ur_PK", "en": "en_GB"},
            "language → Open Graph locale",
            "a dict of languages to locales like 'ur_PK'",
            lambda v: (
                isinstance(v, dict)
                and all(
                    isinstance(x, str) and re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", x)
                    for x in v.values()
                )
            ),
        ),
        "METADATA_TWITTER_CARD": Setting(
            "summary",
            "the Twitter card type",
            "'summary' or 'summary_large_image'",
            lambda v: v in ("summary", "summary_large_image"),
        ),
        "METADATA_TWITTER_SITE": Setting(None, "the site's @account, or None"),
        "METADATA_IMAGE": Setting(
            None, "the default sharing image (a path in the output), or None"
        ),
        "METADATA_NO_CANONICAL": Setting(
            ["404.html"], "pages without a canonical URL", "a list of paths", is_str_list
        ),
    },
)
DEFAULTS = SETTINGS.defaults

ABSOLUTE = re.compile(r"^https?://", re.IGNORECASE)


@dataclass(frozen=True)
class Alternate:
    lang: str
    url: str


@dataclass(frozen=True)
class PageMetadata:
    """Everything ``metadata.html`` renders for one page."""

    title: str
    description: str
    site_name: str
    locale: str
    type: str = "website"
    url: str | None = None
    alternates: tuple[Alternate, ...] = ()
    alternate_locales: tuple[str, ...] = ()
    published: str | None = None
    modified: str | None = None
    tags: tuple[str, ...] = ()
    image: str | None = None
    image_width: int | None = None
    image_height: int | None = None
    image_alt: str | None = None
    twitter_card: str = "summary"
    twitter_site: str | None = None


def url_of(output_file: str) -> str:
    """The URL path a saved file is served at: ``a/b/index.html`` → ``a/b/``."""
    if output_file == "index.html":
        return ""
    if output_file.endswith("/index.html"):
        return output_file[: -len("index.html")]
    return output_file


def plain(value: Any) -> str:
    """Text of HTML (a summary, a rendered block), whitespace collapsed."""
    return " ".join(Markup(str(value or "")).striptags().split())


def text(value: Any) -> str:
    """A field that is text already (a title): whitespace collapsed, markup kept as
    the characters it is, so ``<b>`` in a title shows as ``<b>``, never as bold."""
    if isinstance(value, Markup):  # a rendered block (the template's title)
        return plain(value)
    return " ".join(str(value or "").split())


class Metadata:
    """Builds ``PageMetadata`` from one build's settings and a template's context."""

    def __init__(self, settings: dict[str, Any]) -> None:
        SETTINGS.fill_defaults(settings)
        self.settings = settings

    def absolute(self, siteurl: str, path: str) -> str:
        return f"{siteurl.rstrip('/')}/{path}"

    @pass_context
    def page_metadata(
        self,
        ctx: Context,
        fallback_title: str = "",
        description: str | None = None,
        site_name: str = "",
    ) -> PageMetadata:
        settings = self.settings
        siteurl = str(ctx.get("SITEURL") or "")
        is_absolute = bool(ABSOLUTE.match(siteurl))
        lang = ctx.get("page_lang") or settings.get("DEFAULT_LANG", "ur")
        locales: dict[str, str] = settings["METADATA_LOCALES"]
        article = ctx.get("article")
        obj = article or ctx.get("page") or ctx.get("entry")
        if obj is not None and not hasattr(obj, "url"):
            obj = None  # e.g. a listing's `page` number, not a content object

        title = text(getattr(obj, "title", None)) if obj is not None else text(fallback_title)
        if description is None and obj is not None:
            description = getattr(obj, "summary_text", None) or plain(getattr(obj, "summary", ""))
        output_file = str(ctx.get("output_file") or "")
        url = None
        if is_absolute and output_file and output_file not in settings["METADATA_NO_CANONICAL"]:
            url = self.absolute(siteurl, url_of(output_file))

        alternates: list[Alternate] = []
        translations = list(getattr(obj, "translations", None) or []) if obj is not None else []
        if is_absolute and translations:
            versions = [obj, *translations]
            alternates = sorted(
                (Alternate(v.lang, self.absolute(siteurl, v.url)) for v in versions),
                key=lambda a: a.lang,
            )
        alternate_locales = tuple(
            locales[a.lang] for a in alternates if a.lang != lang and a.lang in locales
        )

        published = modified = None
        tags: tuple[str, ...] = ()
        if article is not None:
            published = article.date.isoformat()
            if getattr(article, "modified", None):
                modified = article.modified.isoformat()
            tags = tuple(t.name for t in getattr(article, "tags", None) or [])
        image = settings["METADATA_IMAGE"]
        card = getattr(obj, "share_card", None) if obj is not None else None
        twitter_card = settings["METADATA_TWITTER_CARD"]
        size: tuple[int | None, int | None] = (None, None)
        if card:  # the article's share card (plugins/sharecard): its headline, large
            image, twitter_card, size = card, "summary_large_image", (1200, 630)
        if image and is_absolute:
            image = self.absolute(siteurl, image)
        elif image:
            image = None  # og:image must be absolute
        return PageMetadata(
            title=title,
            description=plain(description),
            site_name=plain(site_name),
            locale=locales.get(lang, ""),
            type="article" if article is not None else "website",
            url=url,
            alternates=tuple(alternates),
            alternate_locales=alternate_locales,
            published=published,
            modified=modified,
            tags=tags,
            image=image,
            image_width=size[0] if image else None,
            image_height=size[1] if image else None,
            image_alt=title if image and card else None,
            twitter_card=twitter_card if image else settings["METADATA_TWITTER_CARD"],
            twitter_site=settings["METADATA_TWITTER_SITE"],
        )


# -- signal receivers (module-level: blinker holds weak references) ----------


def initialized(pelican: Any) -> None:
    SETTINGS.apply(pelican.settings)


def add_template_helpers(generator: Any) -> None:
    generator.env.globals["page_metadata"] = Metadata(generator.settings).page_metadata


def register() -> None:
    install_problem_reporting()
    signals.initialized.connect(initialized)
    signals.generator_init.connect(add_template_helpers)
