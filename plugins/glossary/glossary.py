"""Pelican integration: read entries, validate, link articles, write entry pages.

When things run (Pelican 4.12, ``Pelican.run``): every generator's
``generate_context`` in order — Articles, Pages, then plugin generators such
as ours, Static last — then the ``all_generators_finalized`` signal, then every
``generate_output``. So:

* ``GlossaryGenerator.generate_context`` reads and validates entries *and*
  the articles' ``glossary_bind``/``glossary_ignore`` (articles already exist
  by then) and raises before any output is written;
* articles are linked on ``all_generators_finalized``, once every context is
  complete;
* ``generate_output`` writes the entry pages and the index.

Only an article's content is linked. An article without ``Summary:`` gets
Pelican's automatic summary made from the *unlinked* text, so listings never
repeat the ``mention-*`` anchors or the links of the article page.

All per-build state lives on the generator, which Pelican creates afresh on
every run, so autoreload starts clean. Linking always starts from the text the
reader produced (kept on the article), never from an already linked body.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator
from pelican.readers import Readers
from pelican.utils import (
    strip_toc_elements_from_html,
    truncate_html_paragraphs,
    truncate_html_words,
)

from ..problems import install as install_problem_reporting
from .cache import fingerprint, link_cache, plan_key
from .entries import (
    GlossaryEntry,
    GlossaryError,
    Mention,
    Problem,
    article_rules,
    check_settings,
    fill_defaults,
    load_entries,
    validate_entries,
)
from .jsonld import jsonld, script_json
from .linker import apply_links, plan_links
from .matcher import Matcher, NameContext
from .urls import freeze_urls, new_build, url_of

__all__ = ["GlossaryGenerator", "register"]

logger = logging.getLogger(__name__)

_SOURCE_ATTR = "_glossary_source"


def _fail(problems: Iterable[Problem | str]) -> None:
    problems = list(problems)
    if problems:
        raise GlossaryError(problems)


class GlossaryGenerator(Generator):
    """Reads ``content/glossary/<kind>/*.md`` and owns this build's glossary state."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fill_defaults(self.settings)
        # Pelican's reader cache for entries too (CACHE_CONTENT/LOAD_CONTENT_CACHE),
        # as Articles and Pages have: a warm build does not render them again.
        self.readers = Readers(self.settings, "GlossaryGenerator")
        self.entries: list[GlossaryEntry] = []
        self.by_slug: dict[str, GlossaryEntry] = {}
        self.matcher: Matcher | None = None
        self.exclusions: Matcher | None = None
        self.names: NameContext | None = None
        self.rules: dict[int, Any] = {}  # id(article) -> ArticleRules

    # -- context ------------------------------------------------------------
    def articles(self) -> list[Article]:
        """Every article read in this build: published, hidden, drafts, translations."""
        found = {
            id(c): c
            for c in self.context.get("generated_content", {}).values()
            if isinstance(c, Article)
        }
        return sorted(found.values(), key=lambda a: a.source_path or "")

    def generate_context(self) -> None:
        problems: list[Problem] = list(check_settings(self.settings))
        _fail(problems)  # a bad GLOSSARY_KINDS makes every later message misleading
        entries, problems = load_entries(self.settings, self.readers, self.context)
        self.readers.save_cache()
        problems += validate_entries(entries, self.settings["GLOSSARY_KINDS"])
        by_slug = {e.slug: e for e in entries}
        for article in self.articles():
            rules, article_problems = article_rules(article, by_slug)
            problems += article_problems
            self.rules[id(article)] = rules
        _fail(sorted(problems, key=lambda p: (p.path, p.line)))

        self.entries = sorted(entries, key=lambda e: (e.kind, e.title.casefold()))
        self.by_slug = by_slug
        self.matcher = Matcher((name, e.slug) for e in entries for name in e.names)
        not_names = [(name, e.slug) for e in entries for name in e.not_names]
        self.exclusions = Matcher(not_names, multi=True) if not_names else None
        self.names = NameContext.from_names((n, e.slug) for e in entries for n in e.names)
        for entry in self.entries:
            self.add_source_path(entry)
        self.context["glossary_entries"] = self.entries
        self.context["glossary_entries_by_kind"] = self.entries_by_kind()

    def entries_by_kind(self) -> dict[str, list[GlossaryEntry]]:
        """Kinds in GLOSSARY_KINDS order, entries A–Z by English name."""
        grouped: dict[str, list[GlossaryEntry]] = {k: [] for k in self.settings["GLOSSARY_KINDS"]}
        for entry in self.entries:
            grouped[entry.kind].append(entry)
        for items in grouped.values():
            items.sort(key=lambda e: e.title.casefold())
        return grouped

    # -- linking ------------------------------------------------------------
    def href(self, entry: GlossaryEntry) -> str:
        """A ``{filename}`` link: Pelican resolves it to SITEURL/entry.url at render time."""
        return "{filename}/" + entry.get_relative_source_path()

    def link_articles(self) -> None:
        """Link every article and record, on both sides, who mentions whom.

        Where the links go (a :class:`~.linker.LinkPlan`) comes from the
        linking cache when the article, its rules and the glossary's names are
        unchanged; the links themselves (URLs) and both sides' mention lists
        are made fresh on every build.
        """
        if self.matcher is None:
            return
        hrefs = {slug: self.href(e) for slug, e in self.by_slug.items()}
        mode = self.settings["GLOSSARY_LINK"]
        names = [(name, e.slug) for e in self.entries for name in e.names]
        not_names = [("Not: " + name, e.slug) for e in self.entries for name in e.not_names]
        cache = link_cache(self.settings, fingerprint(names + not_names, mode))
        for entry in self.entries:
            entry.mentioned_in = []
        for article in self.articles():
            source = getattr(article, _SOURCE_ATTR, None)
            if source is None:
                source = article._content
                setattr(article, _SOURCE_ATTR, source)
            source = source or ""
            rules = self.rules.get(id(article))
            binds = rules.binds if rules is not None else []
            ignores = rules.ignores if rules is not None else []
            key = plan_key(source, binds, ignores)
            plan = cache.get(key)
            if plan is None:
                matchers = [self.matcher]
                if binds:
                    matchers.insert(0, Matcher(binds, priority=0))
                blockers = Matcher((p, "") for p in ignores) if ignores else None
                plan = plan_links(source, matchers, mode, blockers, self.exclusions, self.names)
                cache.put(key, plan)
            keep_unlinked_summary(article, source)
            article._content = apply_links(source, plan.links, hrefs)
            article.glossary_mentions = [self.by_slug[m.key] for m in plan.mentions]
            if article.status != "published" or not plan.mentions:
                continue  # drafts and hidden articles are linked but not advertised
            url = url_of(article)
            for m in plan.mentions:
                self.by_slug[m.key].mentioned_in.append(
                    Mention(article, f"{url}#mention-{m.key}", m.text)
                )
        for entry in self.entries:
            entry.mentioned_in.sort(key=lambda m: m.article.date, reverse=True)
        cache.save()

    # -- output -------------------------------------------------------------
    def generate_output(self, writer: Any) -> None:
        """Entry pages and the index; the templates come from the theme."""
        self.write_entries(writer)
        self.write_index(writer)

    def write_entries(self, writer: Any) -> None:
        for entry in self.entries:
            writer.write_file(
                entry.save_as,
                self.get_template(entry.template),
                self.context,
                entry=entry,
                relative_urls=self.settings["RELATIVE_URLS"],
                override_output=True,
                url=entry.url,
            )

    def write_index(self, writer: Any) -> None:
        writer.write_file(
            self.settings["GLOSSARY_INDEX_SAVE_AS"],
            self.get_template("glossary_index"),
            self.context,
            entries_by_kind=self.entries_by_kind(),
            relative_urls=self.settings["RELATIVE_URLS"],
            url=self.settings["GLOSSARY_INDEX_URL"],
        )


def keep_unlinked_summary(article: Article, source: str) -> None:
    """Fix an automatic summary to Pelican's truncation of the unlinked text.

    Pelican derives a missing summary from ``article.content`` when a listing
    asks for it, which would be the linked body: duplicate ``id``s on the
    index page, and popover references to elements that page does not have.
    """
    if "summary" in article.metadata:
        return  # the author's summary (or ours, from an earlier run)
    settings = article.settings
    summary = source
    if settings.get("SUMMARY_MAX_PARAGRAPHS") is not None:
        summary = truncate_html_paragraphs(summary, settings["SUMMARY_MAX_PARAGRAPHS"])
    if settings.get("SUMMARY_MAX_LENGTH") is not None:
        summary = truncate_html_words(
            summary, settings["SUMMARY_MAX_LENGTH"], settings.get("SUMMARY_END_SUFFIX", "…")
        )
    summary = strip_toc_elements_from_html(summary)
    summary = article._update_content(summary, article.get_siteurl())
    article.metadata["summary"] = summary
    article._summary = summary


# -- signal receivers (module-level: blinker holds weak references) ----------


def initialized(pelican: Any) -> None:
    fill_defaults(pelican.settings)
    new_build()


def get_generators(pelican: Any) -> type[GlossaryGenerator]:
    return GlossaryGenerator


def all_generators_finalized(generators: list[Any]) -> None:
    freeze_urls(generators)
    for generator in generators:
        if isinstance(generator, GlossaryGenerator):
            generator.link_articles()


def add_template_helpers(generator: Any) -> None:
    """``glossary_jsonld(article_or_entry, SITEURL)`` and the ``|jsonld`` filter."""
    generator.env.globals["glossary_jsonld"] = jsonld
    generator.env.filters["jsonld"] = script_json


def register() -> None:
    install_problem_reporting()
    signals.initialized.connect(initialized)
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(get_generators)
    signals.all_generators_finalized.connect(all_generators_finalized)
