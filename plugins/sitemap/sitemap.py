"""``sitemap.xml`` (sitemaps.org 0.9, with ``hreflang`` alternates) and ``robots.txt``.

Listed: every published article and page (with their translations), every
glossary entry, the glossary index, the home page and its pagination, the
archives, the tag index and every tag page with its pagination. Not listed:
the 404 page and the search pages (they have nothing to index).

``lastmod``, the last time the page's *content* changed:

* article, page: ``Modified:`` if given, else ``Date:``; a page with neither
  falls back to its source file's modification time;
* glossary entry: the later of its own ``Modified:``/``Date:`` and the newest
  article that mentions it (its "Mentioned in" list changed then), else the
  source file's modification time;
* listings: the newest ``lastmod`` among the articles they list; the glossary
  index: the newest of its entries.

A sitemap and the ``Sitemap:`` line of robots.txt need absolute URLs, so both
files are written only when ``SITEURL`` is absolute (``make publish``); a
local build logs that it skipped them. Alternates are written as
``<xhtml:link rel="alternate" hreflang="…" href="…"/>`` with absolute
``href``, one per language version including the page itself, which is what
``tests/reader/test_sitemap.py`` validates against the sitemap schema.

Runs as a generator's ``generate_output``, after the glossary has recorded
who mentions whom; its state lives on the generator (fresh every run).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from pelican import signals
from pelican.generators import Generator
from pelican.paginator import Paginator

from ..problems import install as install_problem_reporting
from ..settings import PluginSettings, Setting, is_str_list

__all__ = ["DEFAULTS", "SitemapGenerator", "UrlEntry", "register"]

logger = logging.getLogger(__name__)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
ABSOLUTE = re.compile(r"^https?://", re.IGNORECASE)


def _is_path(value: Any) -> bool:
    return isinstance(value, str) and bool(value)


SETTINGS = PluginSettings(
    "sitemap",
    "SITEMAP_",
    {
        "SITEMAP_SAVE_AS": Setting(
            "sitemap.xml", "where the sitemap is written", "a path", _is_path
        ),
        "SITEMAP_ROBOTS_SAVE_AS": Setting(
            "robots.txt", "where robots.txt is written", "a path", _is_path
        ),
        "SITEMAP_ROBOTS_DISALLOW": Setting(
            [], "URL paths robots.txt disallows", "a list of URL paths", is_str_list
        ),
        "SITEMAP_EXCLUDE": Setting(
            [], "URL path prefixes left out of the sitemap", "a list of URL paths", is_str_list
        ),
    },
)
DEFAULTS = SETTINGS.defaults


@dataclass
class UrlEntry:
    """One ``<url>``: its path, when it last changed, its language versions."""

    path: str
    lastmod: dt.datetime | None
    alternates: list[tuple[str, str]] = field(default_factory=list)  # (lang, path)


def aware(value: dt.datetime | dt.date | None, tz: dt.tzinfo) -> dt.datetime | None:
    """A timezone-aware datetime (W3C Datetime needs the offset)."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return value if value.tzinfo else value.replace(tzinfo=tz)


def newest(values: Iterable[dt.datetime | None]) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None


def w3c(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat()


class SitemapGenerator(Generator):
    """Collects every indexable URL after the content is final and writes the files."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        SETTINGS.fill_defaults(self.settings)
        self.entries: list[UrlEntry] = []

    @property
    def tz(self) -> dt.tzinfo:
        from zoneinfo import ZoneInfo

        return ZoneInfo(self.settings.get("TIMEZONE") or "UTC")

    def source_mtime(self, content: Any) -> dt.datetime | None:
        path = getattr(content, "source_path", None)
        if not path or not os.path.exists(path):
            return None
        return dt.datetime.fromtimestamp(os.path.getmtime(path), tz=dt.UTC)

    def content_lastmod(self, content: Any) -> dt.datetime | None:
        stamp = getattr(content, "modified", None) or getattr(content, "date", None)
        return aware(stamp, self.tz) if stamp else None

    def with_translations(self, items: Iterable[Any]) -> list[UrlEntry]:
        found: list[UrlEntry] = []
        for item in items:
            versions = [item, *[t for t in item.translations if t.status == "published"]]
            alternates = sorted((v.lang, v.url) for v in versions) if len(versions) > 1 else []
            for version in versions:
                lastmod = self.content_lastmod(version) or self.source_mtime(version)
                found.append(UrlEntry(version.url, lastmod, alternates))
        return found

    def paginated(self, template: str, url: str, save_as: str, articles: list[Any]) -> list[str]:
        """URLs of every page of a paginated listing, as Pelican's writer makes them."""
        paginated = self.settings.get("PAGINATED_TEMPLATES", {})
        if template not in paginated or not self.settings.get("DEFAULT_PAGINATION"):
            return [url]
        per_page = paginated[template] or self.settings["DEFAULT_PAGINATION"]
        paginator = Paginator(save_as, url, articles, self.settings, per_page)
        return [paginator.page(n).url for n in paginator.page_range]

    def collect(self) -> list[UrlEntry]:
        ctx, settings = self.context, self.settings
        articles = [a for a in ctx.get("articles", []) if a.status == "published"]
        pages = [p for p in ctx.get("pages", []) if p.status == "published"]
        entries: list[UrlEntry] = self.with_translations(articles) + self.with_translations(pages)
        article_time = {id(a): self.content_lastmod(a) for a in articles}
        site_newest = newest(article_time.values())

        for entry in ctx.get("glossary_entries", []):
            mentions = [self.content_lastmod(m.article) for m in entry.mentioned_in]
            own = self.content_lastmod(entry) if "date" in entry.metadata else None
            if "modified" in entry.metadata:
                own = aware(entry.modified, self.tz)
            lastmod = newest([own, *mentions]) or self.source_mtime(entry)
            entries.append(UrlEntry(entry.url, lastmod))
        glossary = [
            e for e in entries if e.path in {g.url for g in ctx.get("glossary_entries", [])}
        ]
        if settings.get("GLOSSARY_INDEX_URL") is not None and glossary:
            entries.append(
                UrlEntry(settings["GLOSSARY_INDEX_URL"], newest(e.lastmod for e in glossary))
            )

        direct = settings.get("DIRECT_TEMPLATES", [])
        if "index" in direct:
            for url in self.paginated(
                "index", "", settings.get("INDEX_SAVE_AS", "index.html"), articles
            ):
                entries.append(UrlEntry(url, site_newest))
        if "archives" in direct and settings.get("ARCHIVES_SAVE_AS"):
            entries.append(UrlEntry(settings["ARCHIVES_URL"], site_newest))
        if "tags" in direct and settings.get("TAGS_SAVE_AS"):
            entries.append(UrlEntry(settings["TAGS_URL"], site_newest))
        if settings.get("TAG_SAVE_AS"):
            for tag, tagged in ctx.get("tags", []):
                listed = [a for a in tagged if a.status == "published"]
                lastmod = newest(article_time.get(id(a)) for a in listed)
                for url in self.paginated("tag", tag.url, tag.save_as, listed):
                    entries.append(UrlEntry(url, lastmod))

        excluded = tuple(settings["SITEMAP_EXCLUDE"])
        unique: dict[str, UrlEntry] = {}
        for item in entries:
            if excluded and item.path.startswith(excluded):
                continue
            unique.setdefault(item.path, item)
        return sorted(unique.values(), key=lambda e: e.path)

    def generate_output(self, writer: Any) -> None:
        siteurl = str(self.settings.get("SITEURL") or "")
        if not ABSOLUTE.match(siteurl):
            logger.info(
                "sitemap: SITEURL %r is not absolute; %s and %s are written by `make publish` only",
                siteurl,
                self.settings["SITEMAP_SAVE_AS"],
                self.settings["SITEMAP_ROBOTS_SAVE_AS"],
            )
            return
        self.entries = self.collect()
        output = Path(self.output_path)
        sitemap = output / self.settings["SITEMAP_SAVE_AS"]
        sitemap.parent.mkdir(parents=True, exist_ok=True)
        sitemap.write_text(render_sitemap(self.entries, siteurl), encoding="utf-8")
        robots = output / self.settings["SITEMAP_ROBOTS_SAVE_AS"]
        robots.write_text(
            render_robots(
                siteurl, self.settings["SITEMAP_SAVE_AS"], self.settings["SITEMAP_ROBOTS_DISALLOW"]
            ),
            encoding="utf-8",
        )
        logger.info("sitemap: %d URLs in %s", len(self.entries), sitemap)


def absolute(siteurl: str, path: str) -> str:
    return f"{siteurl.rstrip('/')}/{path}"


def render_sitemap(entries: Iterable[UrlEntry], siteurl: str) -> str:
    """The XML text; written by hand to control namespaces and attribute quoting."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:xhtml="{XHTML_NS}">',
    ]
    for entry in entries:
        lines.append("  <url>")
        lines.append(f"    <loc>{escape_text(absolute(siteurl, entry.path))}</loc>")
        if entry.lastmod is not None:
            lines.append(f"    <lastmod>{w3c(entry.lastmod)}</lastmod>")
        for lang, path in entry.alternates:
            href = quoteattr(absolute(siteurl, path))
            lines.append(
                f'    <xhtml:link rel="alternate" hreflang={quoteattr(lang)} href={href}/>'
            )
        lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_robots(siteurl: str, sitemap_save_as: str, disallow: Iterable[str]) -> str:
    lines = ["User-agent: *"]
    rules = [f"Disallow: /{path.lstrip('/')}" for path in disallow]
    lines += rules or ["Allow: /"]
    lines += ["", f"Sitemap: {absolute(siteurl, sitemap_save_as)}"]
    return "\n".join(lines) + "\n"


# -- signal receivers (module-level: blinker holds weak references) ----------


def initialized(pelican: Any) -> None:
    SETTINGS.apply(pelican.settings)


def get_generators(pelican: Any) -> type[SitemapGenerator]:
    return SitemapGenerator


def register() -> None:
    install_problem_reporting()
    signals.initialized.connect(initialized)
    signals.get_generators.connect(get_generators)
