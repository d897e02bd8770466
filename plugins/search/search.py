"""Static site search in Urdu and English over articles and glossary entries.

When things run (Pelican 4.12): every generator's ``generate_context``, then
``all_generators_finalized`` (the glossary links articles there), then every
``generate_output``. ``SearchGenerator.generate_output`` comes after the
articles' and the glossary's, so the content is final; it writes one search
page per language and the Pagefind index. The index holds one record per
article and entry (``records.py``) rather than the site's crawled HTML:
Pagefind indexes folded text while the results show the original, and the
pages carry no hidden folded copy. ``bundle.py`` writes the records as small
HTML pages for one Pagefind call, and keeps the bundle in ``CACHE_PATH`` so
that an unchanged site is not indexed again.

All per-build state lives on the generator, which Pelican creates afresh on
every run, so ``make devserver`` rebuilds start clean.
"""

from __future__ import annotations

import json
import logging
import pickle
import posixpath
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals
from pelican.contents import Article
from pelican.generators import Generator

from ..glossary.urls import new_build
from ..localize.catalogue import CATALOGUE
from ..localize.localize import Localizer
from ..problems import BuildError
from ..problems import install as install_problem_reporting
from ..settings import PluginSettings, Setting, is_positive_int
from .bundle import SHARDS_FOLDER, shards
from .child import STOP_SIGNALS
from .foldtable import script_json
from .records import Record, article_record, entry_record
from .textcache import cached_fold_payload, html_texts

__all__ = ["DEFAULTS", "SearchGenerator", "register", "search_ui_text"]

logger = logging.getLogger(__name__)

#: Urdu letters a reader may type into the search box: added to the font
#: subset so a query is drawn in Nastaliq like the page around it.
URDU_KEYBOARD = "ءآأؤئابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیےۓ۔،؟"

SETTINGS = PluginSettings(
    "search",
    "SEARCH_",
    {
        "SEARCH_PAGES": Setting(
            {"ur": "search/", "en": "en/search/"},
            "language → URL of its search page",
            "a dict of languages to URLs ending in '/'",
            lambda v: (
                isinstance(v, dict)
                and all(
                    isinstance(k, str) and isinstance(u, str) and (u == "" or u.endswith("/"))
                    for k, u in v.items()
                )
            ),
        ),
        "SEARCH_OUTPUT_PATH": Setting(
            "pagefind",
            "the index's folder inside OUTPUT_PATH",
            "a folder inside OUTPUT_PATH",
            lambda v: isinstance(v, str) and bool(v) and not v.startswith(("/", "..")),
        ),
        "SEARCH_INDEX_LANGUAGE": Setting("ur", "the language Pagefind stems and splits words for"),
        "SEARCH_RESULTS_LIMIT": Setting(
            20, "results shown per query", "a positive integer", is_positive_int
        ),
        "SEARCH_KEEP_PAGEFIND_UI": Setting(False, "also ship Pagefind's own UI bundles"),
        "SEARCH_FONT_TEXT": Setting(
            URDU_KEYBOARD,
            "letters kept in the font subset so that typed queries render in Nastaliq",
            "a string",
            lambda v: isinstance(v, str),
        ),
        "SEARCH_SHARD_RECORDS": Setting(
            2000,
            "records per Pagefind bundle before the index is split by year",
            "a positive integer",
            is_positive_int,
        ),
    },
)
DEFAULTS = SETTINGS.defaults
#: Pagefind's own interface bundles; our search.js talks to pagefind.js only.
PAGEFIND_UI_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


class SearchError(BuildError):
    """A problem that makes the search index impossible; the build must stop."""


def search_ui_text(settings: dict[str, Any]) -> str:
    """The Urdu (right-to-left) interface strings of search, for the font subset.

    They are in the HTML of the search pages too; listing them in
    FONTSUBSET_EXTRA_TEXT as well keeps them in the subset even if a theme
    change moved them into JavaScript.
    """
    catalogue = CATALOGUE
    overrides = settings.get("LOCALIZE_STRINGS", {})
    directions = settings.get("LOCALIZE_DIRECTIONS", {"ur": "rtl"})
    parts: list[str] = []
    for lang, table in catalogue.items():
        if directions.get(lang) != "rtl":
            continue
        merged = {**table, **overrides.get(lang, {})}
        parts += [text for key, text in merged.items() if key.startswith("search")]
    return " ".join(parts)


class SearchGenerator(Generator):
    """Writes the search pages and the Pagefind index of this build."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        SETTINGS.fill_defaults(self.settings)
        self.records: list[Record] = []
        self.shards: dict[str, list[Record]] = {}
        self.indexing = False

    # -- records -------------------------------------------------------------
    def collect(self) -> list[Record]:
        """Published articles (with translations) and glossary entries."""
        localizer = Localizer(self.settings)
        languages = list(CATALOGUE)
        articles = list(self.context.get("articles", []))
        seen = {id(a) for a in articles}
        for article in list(articles):
            for translation in getattr(article, "translations", []):
                if id(translation) not in seen and translation.status == "published":
                    articles.append(translation)
                    seen.add(id(translation))
        text_of = html_texts(self.settings)
        records = [
            article_record(a, languages, localizer.date, text_of)
            for a in articles
            if isinstance(a, Article) and a.status == "published"
        ]
        text_of.save()
        records += [entry_record(e) for e in self.context.get("glossary_entries", [])]
        return records

    # -- output --------------------------------------------------------------
    def start_indexing(self) -> None:
        """Collect the records and start Pagefind on them (once per build).

        Called as soon as every generator has its context
        (``all_generators_finalized``), so Pagefind indexes while Pelican
        writes the whole site, not only after it.
        """
        if self.indexing:
            return
        self.indexing = True
        self.records = self.collect()
        self.shards = shards(self.records, self.settings["SEARCH_SHARD_RECORDS"])
        self.write_index()

    def generate_output(self, writer: Any) -> None:
        self.start_indexing()
        template = self.get_template("search")
        localizer = Localizer(self.settings)
        languages = CATALOGUE
        config = {
            "dirs": {lang: localizer.direction(lang) for lang in languages},
            "fold": cached_fold_payload(self.settings),
            "limit": self.settings["SEARCH_RESULTS_LIMIT"],
            # bundles the browser merges into the primary one (large sites)
            "shards": [
                posixpath.join(self.settings["SEARCH_OUTPUT_PATH"], SHARDS_FOLDER, key, "")
                for key in self.shards
                if key
            ],
            "urduDigits": bool(self.settings.get("URDU_DIGITS")),
        }
        for lang, url in self.settings["SEARCH_PAGES"].items():
            writer.write_file(
                posixpath.join(url, "index.html"),
                template,
                self.context,
                page_lang=lang,
                search_config_json=Markup(script_json(config)),
                relative_urls=self.settings["RELATIVE_URLS"],
                url=url,
            )

    def write_index(self) -> None:
        """Start indexing in a child process; ``finalized`` waits for it
        (``finish_indexing``). While it indexes, Pelican writes the site's
        pages and the font plugin works, on the machine's other core.
        """
        output = Path(self.output_path) / self.settings["SEARCH_OUTPUT_PATH"]
        cache = Path(self.settings.get("CACHE_PATH") or "cache") / "search"
        language = self.settings["SEARCH_INDEX_LANGUAGE"]
        leave_out = () if self.settings["SEARCH_KEEP_PAGEFIND_UI"] else PAGEFIND_UI_FILES
        job = IndexJob(self.shards, cache, output, language, leave_out, self.settings)
        _JOBS.append(job)
        job.start()


class IndexJob:
    """One build's Pagefind bundles, made (or taken from the cache) and copied
    into the output by a child process (``bundle.index_shards``).

    A process rather than a thread: the job is mostly file system calls
    (about 1,300 record pages written, and as many bundle files checked and
    copied, at 1,000 articles), and in a thread each call waited for the GIL
    behind Pelican's rendering. The copy alone took 2.5 s that way, and the
    whole build 2 s longer than one with no index to make. The child is a
    fresh interpreter (``child.py``) that imports only what indexing needs
    and runs on the other core; nothing is forked from a process that may
    run threads, and the site's ``__main__`` is never imported again (as
    ``multiprocessing``'s ``spawn`` would).
    """

    def __init__(
        self,
        shards: dict[str, list[Record]],
        cache: Path,
        output: Path,
        language: str,
        leave_out: tuple[str, ...],
        settings: dict[str, Any] | None = None,
    ) -> None:
        self.shards, self.cache, self.output = shards, cache, output
        self.language, self.leave_out = language, leave_out
        # only the cache switches: the child gets no more of the settings
        self.cache_settings = {
            key: (settings or {}).get(key)
            for key in ("CACHE_PATH", "LOAD_CONTENT_CACHE", "CACHE_CONTENT")
        }
        self.indexed = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.job: Path | None = None
        self.failed = ""  # why the child could not start

    @property
    def records(self) -> list[Record]:
        return [r for group in self.shards.values() for r in group]

    def start(self) -> None:
        """Start the child; a failure to start is reported by ``finish``, like
        any other failure of the index."""
        arguments = (self.shards, self.cache, self.output, self.language, self.leave_out)
        try:
            # the records travel in a file, read (and removed) by the child:
            # 3.6 MB at 1,000 articles, too much to wait on a pipe for
            with tempfile.NamedTemporaryFile(
                "wb", prefix="khabarnama-search-", suffix=".pickle", delete=False
            ) as job:
                self.job = Path(job.name)
                pickle.dump((*arguments, self.cache_settings), job, pickle.HIGHEST_PROTOCOL)
            command = [sys.executable, "-m", f"{__package__}.child", job.name]
            # the child starts with Ctrl-C held back until it can leave silently
            blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
            try:
                self.process = subprocess.Popen(
                    command,
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                )
            finally:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        except OSError as error:
            self.failed = f"the indexing process could not start: {error.strerror or error}"

    def join(self) -> str:
        """Wait for the child; what it printed."""
        printed = ""
        if self.process is not None:
            assert self.process.stdout is not None and self.process.stdin is not None
            printed = self.process.stdout.read().decode("utf-8", "replace")
            self.process.wait()
            self.process.stdout.close()
            self.process.stdin.close()  # only now: the child leaves when its input ends
        if self.job is not None:  # the child removes it, unless it never got that far
            self.job.unlink(missing_ok=True)
        return printed

    def finish(self) -> None:
        printed = self.join()
        lines = printed.strip().splitlines()
        try:
            result = {"error": self.failed} if self.failed else json.loads(lines[-1])
        except (IndexError, ValueError):
            result = {"error": f"the indexing process stopped: {lines[-1] if lines else ''}"}
        if "error" in result:
            message = f"search: Pagefind could not write the index to {self.output}: "
            raise SearchError([message + result["error"]])
        self.indexed = result["indexed"]
        records = self.records
        logger.info(
            "search: %d records (%d articles, %d glossary entries) in %d bundle(s), "
            "%d indexed and the rest unchanged, into %s",
            len(records),
            sum(r.kind == "article" for r in records),
            sum(r.kind == "entry" for r in records),
            len(self.shards),
            self.indexed,
            self.output,
        )


#: Indexing started by generators of this process and not yet waited for.
_JOBS: list[IndexJob] = []


# -- signal receivers (module-level: blinker holds weak references) ----------


def initialized(pelican: Any) -> None:
    """Defaults, and the search strings and Urdu letters into the font subset."""
    settings = pelican.settings
    SETTINGS.apply(settings)
    new_build()
    # a build that failed before ``finalized`` left its indexing behind: let it
    # end, without reporting its outcome against this build
    while _JOBS:
        _JOBS.pop().join()
    digits = "۰۱۲۳۴۵۶۷۸۹" if settings.get("URDU_DIGITS") else ""  # result counts
    parts = (search_ui_text(settings), settings["SEARCH_FONT_TEXT"], digits)
    extra = " ".join(t for t in parts if t)
    current = settings.get("FONTSUBSET_EXTRA_TEXT") or ""
    if isinstance(current, str) and extra not in current:
        settings["FONTSUBSET_EXTRA_TEXT"] = f"{current} {extra}".strip()


def get_generators(pelican: Any) -> type[SearchGenerator]:
    return SearchGenerator


def add_template_helpers(generator: Any) -> None:
    """``search_url(lang)``: the search page for a page's language (or the default's)."""
    SETTINGS.fill_defaults(generator.settings)
    generator.env.globals["search_url"] = SearchPages(generator.settings).url


class SearchPages:
    """Answers templates asking where the search page of a language is."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.pages: dict[str, str] = dict(settings["SEARCH_PAGES"])
        self.default = settings.get("DEFAULT_LANG", "ur")

    def url(self, lang: str | None = None) -> str:
        if lang in self.pages:
            return self.pages[lang]
        return self.pages.get(self.default) or next(iter(self.pages.values()), "")


def start_indexing(generators: list[Any]) -> None:
    """Start Pagefind once the glossary has linked the articles.

    Pelican memoises ``content`` and ``summary`` on first access, and the
    glossary rewrites article bodies in this same signal: reading records
    before it would freeze unlinked pages. Its receiver is connected first
    (PLUGINS order), and linked articles carry ``glossary_mentions``; when
    that is not so, indexing starts in ``generate_output`` as before.
    """
    glossary_on = any("glossary" in str(name) for name in _plugin_names(generators))
    for generator in generators:
        if not isinstance(generator, SearchGenerator):
            continue
        articles = generator.context.get("articles") or []
        if not glossary_on or all(hasattr(a, "glossary_mentions") for a in articles):
            generator.start_indexing()


def _plugin_names(generators: list[Any]) -> list[Any]:
    return list(generators[0].settings.get("PLUGINS") or []) if generators else []


def finish_indexing(pelican: Any) -> None:
    """Wait for this build's index before Pelican reports the build done."""
    while _JOBS:
        _JOBS.pop(0).finish()


def register() -> None:
    install_problem_reporting()
    signals.initialized.connect(initialized)
    signals.all_generators_finalized.connect(start_indexing)
    signals.finalized.connect(finish_indexing)
    signals.generator_init.connect(add_template_helpers)
    signals.get_generators.connect(get_generators)
