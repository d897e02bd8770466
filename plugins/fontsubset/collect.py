"""Collect, from the generated site, the text each web font will render.

The font is decided as the theme's CSS decides it: ``:lang(ur) { font-family:
... }`` — so text goes to a font by its element's *effective* language (the
nearest ``lang`` attribute, inherited). Besides the set of characters, the
collector keeps the text *units* — runs of same-language text inside one block,
as a browser shapes them — because exactness is judged by shaping them, and a
later shaping-aware strategy needs them too.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import re
import time
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..cache import read_framed, write_framed
from . import workers
from .css import content_strings
from .separable import pieces
from .settings import FontSpec
from .shaping.units import TextUnit

#: Elements whose content is never drawn with the page's fonts.
SKIP = frozenset(
    {"head", "script", "style", "template", "title", "iframe", "noembed", "noframes", "object"}
)

#: Elements that end a run of text: a browser does not shape across them.
BOUNDARY = frozenset(
    """address article aside blockquote body br button caption dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html img input
    legend li main menu nav ol optgroup option p pre section select summary table tbody td
    textarea tfoot th thead tr ul bdi bdo ruby rt rp""".split()
)

#: Attributes whose value is drawn in the element's own font. ``title`` and
#: ``aria-label`` are not: tooltips and speech use the system's UI.
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "input": ("placeholder", "value", "alt"),
    "textarea": ("placeholder",),
    "img": ("alt",),
    "area": ("alt",),
    "option": ("label",),
    "optgroup": ("label",),
}
#: Input types that show their ``value`` as text.
TEXT_INPUTS = frozenset(
    {"", "text", "search", "email", "url", "tel", "number", "submit", "button", "reset"}
)

#: Bump when what a page contributes changes shape or meaning.
PAGE_CACHE_FORMAT = 2

_SPACE = re.compile(r"[ \t\n\r\f]+")


@dataclass
class FontText:
    """What one font must render, and where."""

    units: set[TextUnit] = field(default_factory=set)
    #: text between any two element boundaries, inline ones included (a
    #: browser shapes a link or an emphasis apart when its style differs)
    segments: set[TextUnit] = field(default_factory=set)
    #: the space-ended pieces of units and segments (``separable.pieces``),
    #: kept per page in the page cache so an unchanged site cuts nothing again
    pieces: set[TextUnit] = field(default_factory=set)
    page_chars: dict[str, set[str]] = field(default_factory=dict)
    extra_chars: set[str] = field(default_factory=set)
    #: per page, its runs and its pieces as indices into ``table``: where the
    #: words a locked subset cannot shape stand, found without reading a page
    page_runs: dict[str, array] = field(default_factory=dict)
    page_pieces: dict[str, array] = field(default_factory=dict)
    table: list[TextUnit] = field(default_factory=list)

    def chars(self) -> set[str]:
        result = set(self.extra_chars)
        for chars in self.page_chars.values():
            result |= chars
        return result

    def codepoints(self) -> list[int]:
        return sorted(ord(c) for c in self.chars())

    def pages_with(self, char: str) -> list[str]:
        return sorted(page for page, chars in self.page_chars.items() if char in chars)


@dataclass
class Collection:
    fonts: dict[int, FontText]
    pages: list[str]
    stylesheets: list[str]
    seconds: float = 0.0
    #: every file of the output when it was collected (``output_files``)
    files: list[str] = field(default_factory=list)
    #: pages parsed this build (the others came from the page cache)
    parsed: int = 0
    #: the page cache: none, loaded, stale, corrupt, unreadable (…)
    cache: str = "none"


def normalize(text: str) -> str:
    """Collapse whitespace as ``white-space: normal`` does before shaping."""
    return _SPACE.sub(" ", text).strip()


def rendered_chars(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) not in ("Cc", "Cs")}


def words(units: Iterable[TextUnit]) -> list[TextUnit]:
    """Every distinct space-separated word of the units, keeping its language."""
    by_lang: dict[str, set[str]] = {}
    for unit in units:
        by_lang.setdefault(unit.lang, set()).update(unit.text.split(" "))
    return sorted(TextUnit(lang, w) for lang, found in by_lang.items() for w in found if w)


def piece_units(units: Iterable[TextUnit]) -> list[TextUnit]:
    """Every distinct space-ended piece of the units (``separable.pieces``)."""
    found = {TextUnit(unit.lang, piece) for unit in units for piece in pieces(unit.text)}
    return sorted(found)


class _PageWalker:
    """Walks one document; per-page state lives here, not in the module."""

    def __init__(self, fonts: Sequence[FontSpec]):
        self.fonts = fonts
        #: per font index: the page's runs, segments and rendered characters
        self.units: dict[int, set[TextUnit]] = {}
        self.segments: dict[int, set[TextUnit]] = {}
        self.chars: dict[int, set[str]] = {}
        self.css: list[str] = []
        self._lang_fonts: dict[str | None, tuple[int, ...]] = {}
        self._run_lang: str | None = None
        self._run: list[str] = []

    def fonts_for(self, lang: str | None) -> tuple[int, ...]:
        if lang not in self._lang_fonts:
            self._lang_fonts[lang] = tuple(f.index for f in self.fonts if f.matches_lang(lang))
        return self._lang_fonts[lang]

    def add_unit(self, lang: str | None, raw: str) -> None:
        text = normalize(raw)
        if not text or lang is None:
            return
        for index in self.fonts_for(lang):
            self.units.setdefault(index, set()).add(TextUnit(lang, text))
            self.chars.setdefault(index, set()).update(rendered_chars(text))

    def flush(self) -> None:
        if self._run:
            self.add_unit(self._run_lang, "".join(self._run))
            if len(self._run) > 1:
                for piece in self._run:
                    self.add_segment(self._run_lang, piece)
        self._run = []

    def add_segment(self, lang: str | None, raw: str) -> None:
        text = normalize(raw)
        if not text or lang is None:
            return
        for index in self.fonts_for(lang):
            self.segments.setdefault(index, set()).add(TextUnit(lang, text))

    def text(self, lang: str | None, text: str) -> None:
        if lang != self._run_lang:
            self.flush()
            self._run_lang = lang
        self._run.append(text)

    def walk(self, root: LexborNode) -> None:
        stack: list[tuple[LexborNode, str | None, bool]] = [(root, None, False)]
        while stack:
            node, lang, leaving = stack.pop()
            tag = node.tag or ""
            if leaving:
                if tag in BOUNDARY:
                    self.flush()
                continue
            if tag == "-text":
                if self.fonts_for(lang) or self._run:
                    self.text(lang, node.text_content or "")
                continue
            if tag.startswith(("-", "_", "!")):
                continue
            if tag == "style":
                self.css.append(node.text(deep=True))
                continue
            if tag in SKIP:
                if tag == "head":
                    for child in node.css("style"):
                        self.css.append(child.text(deep=True))
                continue
            attrs = node.attributes
            if "lang" in attrs:
                lang = (attrs.get("lang") or "").strip() or None
            if tag in BOUNDARY:
                self.flush()
            for name in ATTRIBUTES.get(tag, ()):
                value = attrs.get(name)
                if not value:
                    continue
                if tag == "input" and name == "value":
                    if (attrs.get("type") or "").strip().lower() not in TEXT_INPUTS:
                        continue
                if (
                    tag == "input"
                    and name == "alt"
                    and (attrs.get("type") or "").lower() != "image"
                ):
                    continue
                self.add_unit(lang, value)
            stack.append((node, lang, True))
            children: list[LexborNode] = []
            child = node.child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, lang, False) for c in reversed(children))
        self.flush()


#: What one page contributes, by font index: (run ids, segment ids,
#: characters, piece ids), and the CSS of its <style> blocks. Ids index the
#: page cache's unit table.
_PageResult = tuple[dict[int, tuple[array, array, str, array]], tuple[str, ...]]


class _PageCache:
    """Per-page results keyed by a hash of the page's bytes.

    Pelican rewrites every page on every build, but most come out identical;
    an unchanged page costs a read and a hash instead of a parse. Texts are
    interned in one table, so the cache and the collection hold each distinct
    unit once however many pages show it.
    """

    def __init__(self, path: Path | None, fingerprint: str) -> None:
        self.path = path
        self.fingerprint = fingerprint
        self.table: list[TextUnit] = []
        self.ids: dict[TextUnit, int] = {}
        self.pages: dict[bytes, _PageResult] = {}
        self.used: dict[bytes, _PageResult] = {}
        self.parsed = 0
        self.state = "none"
        if path is not None:
            self._load(path)

    def _load(self, path: Path) -> None:
        body, state = read_framed(path)
        if body is None:
            if state != "none":
                self.state = state
            return
        try:
            data = pickle.loads(body)
            if data["fingerprint"] != self.fingerprint:
                self.state = "stale"
                return
            self.table = [TextUnit(lang, text) for lang, text in data["table"]]
            self.pages = data["pages"]
        except Exception:  # a damaged or foreign cache is only a cache
            self.table, self.pages, self.state = [], {}, "corrupt"
            return
        self.ids = {unit: i for i, unit in enumerate(self.table)}
        self.state = "loaded"

    def intern(self, units: Iterable[TextUnit]) -> array:
        ids = array("I")
        for unit in units:
            i = self.ids.get(unit)
            if i is None:
                i = self.ids[unit] = len(self.table)
                self.table.append(unit)
            ids.append(i)
        return ids

    def known(self, key: bytes) -> bool:
        return key in self.used or key in self.pages

    def page(
        self, data: bytes, key: bytes, fonts: Sequence[FontSpec], parsed: _Parsed | None = None
    ) -> _PageResult:
        """The texts of the page ``data`` (``page_key(data)`` is ``key``), from the
        cache, from ``parsed`` (done elsewhere) or parsed now."""
        found = self.used.get(key) or self.pages.get(key)
        if found is None:
            found = self.take(key, parsed if parsed is not None else parse_page(data, fonts))
        self.used[key] = found
        return found

    def take_interned(self, key: bytes, result: _PageResult) -> None:
        if key not in self.used:
            self.parsed += 1
            self.used[key] = result

    def take(self, key: bytes, parsed: _Parsed) -> _PageResult:
        """Intern a page parsed elsewhere; it counts as one of this build's pages."""
        found = self.used.get(key)
        if found is None:
            self.parsed += 1
            per_font, css = parsed
            found = (
                {
                    index: (
                        self.intern(units),
                        self.intern(segments),
                        chars,
                        self.intern(pieces),
                    )
                    for index, (units, segments, chars, pieces) in per_font.items()
                },
                css,
            )
            self.used[key] = found
        return found

    def save(self) -> None:
        """Keep this build's pages only; rewritten when anything was parsed."""
        if self.path is None or (not self.parsed and len(self.used) == len(self.pages)):
            return
        live = sorted(
            {
                i
                for fonts, _ in self.used.values()
                for u, g, _, p in fonts.values()
                for i in (*u, *g, *p)
            }
        )
        pages = self.used
        table = self.table
        # drop units no page shows any more once they are a quarter of the
        # table: renumbering every page's ids costs 0.1 s at 1,000 articles,
        # and a publish leaves only a few hundred units behind
        if len(live) < 0.75 * len(table):
            remap = {old: new for new, old in enumerate(live)}
            table = [table[i] for i in live]
            pages = {
                key: (
                    {
                        index: (
                            array("I", [remap[i] for i in u]),
                            array("I", [remap[i] for i in g]),
                            chars,
                            array("I", [remap[i] for i in p]),
                        )
                        for index, (u, g, chars, p) in fonts.items()
                    },
                    css,
                )
                for key, (fonts, css) in pages.items()
            }
        data = {
            "fingerprint": self.fingerprint,
            "table": [(u.lang, u.text) for u in table],
            "pages": pages,
        }
        body = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        write_framed(self.path, body)


#: One page's texts before interning: per font index (runs, segments,
#: rendered characters, pieces), and the CSS of its ``style`` elements and
#: attributes.
_Parsed = tuple[
    dict[int, tuple[list[TextUnit], list[TextUnit], str, list[TextUnit]]], tuple[str, ...]
]


def page_key(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def parse_page(data: bytes, fonts: Sequence[FontSpec]) -> _Parsed:
    walker = _PageWalker(fonts)
    tree = LexborHTMLParser(data.decode("utf-8", errors="replace"))
    if tree.root is not None:
        walker.walk(tree.root)
    per_font = {}
    for index in sorted({*walker.units, *walker.segments}):
        units = walker.units.get(index, set())
        segments = walker.segments.get(index, set())
        per_font[index] = (
            sorted(units),
            sorted(segments),
            "".join(sorted(walker.chars.get(index, ()))),
            piece_units(units | segments),
        )
    return per_font, tuple(walker.css)


#: Below this many pages to parse, worker processes cost more than they save.
PARALLEL_MIN_PAGES = 200
#: Pages read and parsed per round: bounds the page bytes held at once.
BATCH_PAGES = 1024

_worker_fonts: Sequence[FontSpec] = ()


def _init_worker(fonts: Sequence[FontSpec]) -> None:
    global _worker_fonts
    workers.ignore_interrupts()
    _worker_fonts = fonts


def _parse_in_worker(data: bytes) -> _Parsed:
    return parse_page(data, _worker_fonts)


def _fingerprint(fonts: Sequence[FontSpec]) -> str:
    from importlib.metadata import version

    from .settings import PLUGIN_VERSION

    material = [PAGE_CACHE_FORMAT, PLUGIN_VERSION, version("selectolax")]
    material += [(f.index, list(f.lang)) for f in fonts]
    return hashlib.sha256(repr(material).encode()).hexdigest()


class EarlyParser:
    """Parses pages while Pelican is still writing the site, in a worker process.

    Pelican renders on one core; the page texts the font needs can be read on
    another as each page is written (``content_written``), so at
    ``finalized`` only pages written without the signal, changed since or
    not yet begun by the worker are left to parse. Pages the page cache
    already knows are not sent.
    """

    BATCH = 32

    def __init__(self, fonts: Sequence[FontSpec], cache_path: Path | None) -> None:
        from concurrent.futures import ProcessPoolExecutor

        self.fonts = fonts
        self.cache = _PageCache(cache_path, _fingerprint(fonts))
        # one worker: it numbers the units it sends (``_parse_many``); started
        # now, so that it is ready when the first pages are written
        self.pool: Any = ProcessPoolExecutor(1, workers.context(), _init_worker, (fonts,))
        self.pool.submit(_parse_many, [])
        self.pending: list[tuple[bytes, bytes]] = []
        self.jobs: list[tuple[list[bytes], Any]] = []
        self.sent: set[bytes] = set()
        #: the worker's unit ids → the page cache's
        self.ids: list[int] = []

    def written(self, path: str) -> None:
        if not path.endswith((".html", ".htm")):
            return
        try:
            data = Path(path).read_bytes()
        except OSError:
            return  # collect() reads it again and says what is wrong
        key = page_key(data)
        if key in self.sent or self.cache.known(key):
            return
        self.sent.add(key)
        self.pending.append((key, data))
        if len(self.pending) >= self.BATCH:
            self._submit()

    def _submit(self) -> None:
        if not self.pending or self.pool is None:
            return
        keys = [k for k, _ in self.pending]
        self.jobs.append((keys, self.pool.submit(_parse_many, [d for _, d in self.pending])))
        self.pending = []
        self._take(block=False)

    def _take(self, block: bool) -> None:
        """Intern finished batches into the page cache right away: a page's
        texts as parsed repeat what other pages hold (15,000 pages of them
        held apart grew the build by 1.2 GB)."""
        while self.jobs and (block or self.jobs[0][1].done()):
            keys, job = self.jobs.pop(0)  # in order: the worker numbers units as it goes
            new, pages = job.result()
            self.ids.extend(self.cache.intern(new))
            to_cache = self.ids
            for key, (per_font, css) in zip(keys, pages, strict=True):
                self.cache.take_interned(
                    key,
                    (
                        {
                            index: (
                                array("I", [to_cache[i] for i in units]),
                                array("I", [to_cache[i] for i in segments]),
                                chars,
                                array("I", [to_cache[i] for i in pieces]),
                            )
                            for index, (units, segments, chars, pieces) in per_font.items()
                        },
                        css,
                    ),
                )

    def finish(self) -> None:
        """Take the batches the worker has begun; the worker is done afterwards.

        The others are left to ``collect``, which parses them on every core:
        on a cold build of 10,000 articles the worker was still about 10 s
        behind when Pelican had written the last page."""
        self.pending = []
        for _, job in self.jobs:
            job.cancel()  # only a batch still waiting in the queue is cancelled
        self.jobs = [(keys, job) for keys, job in self.jobs if not job.cancelled()]
        try:
            self._take(block=True)
        finally:
            self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        self.jobs = []


#: The early worker's own unit table: it sends each distinct unit once and
#: pages as id arrays, so the parent interns a unit once, not once per page.
_worker_ids: dict[TextUnit, int] = {}


def _parse_many(datas: list[bytes]) -> tuple[list[TextUnit], list[_PageResult]]:
    """Pages as (units new to this worker, per page the id arrays and CSS)."""
    new: list[TextUnit] = []

    def ids(units: list[TextUnit]) -> array:
        found = array("I")
        for unit in units:
            i = _worker_ids.get(unit)
            if i is None:
                i = _worker_ids[unit] = len(_worker_ids)
                new.append(unit)
            found.append(i)
        return found

    pages = []
    for data in datas:
        per_font, css = parse_page(data, _worker_fonts)
        pages.append(
            (
                {
                    index: (ids(units), ids(segments), chars, ids(pieces))
                    for index, (units, segments, chars, pieces) in per_font.items()
                },
                css,
            )
        )
    return new, pages


def output_files(output_path: Path) -> list[str]:
    """Every file under ``output_path``, as sorted relative POSIX paths.

    One ``os.walk`` (directory entries carry their type): the three
    ``rglob`` passes it replaced took 0.25 s at 1,000 articles against 0.03 s.
    """
    found = []
    for folder, _dirs, names in os.walk(output_path):
        relative = Path(folder).relative_to(output_path).as_posix()
        prefix = "" if relative == "." else relative + "/"
        found.extend(prefix + name for name in names)
    return sorted(found)


def collect(
    output_path: Path,
    fonts: Sequence[FontSpec],
    extra_text: str = "",
    cache_path: Path | None = None,
    processes: int = 1,
    early: EarlyParser | None = None,
) -> Collection:
    """Parse every HTML page and stylesheet under ``output_path``.

    With ``cache_path`` (a file), pages whose bytes are unchanged since the
    last build are not parsed again. With ``processes`` > 1 and enough pages to
    parse, worker processes parse them (the pages are independent). ``early``
    holds the pages parsed while they were written.
    """
    ctx = workers.context()
    if ctx is None:
        processes = 1
    started = time.perf_counter()
    result = {font.index: FontText() for font in fonts}
    files = output_files(output_path)
    pages = [f for f in files if f.lower().endswith((".html", ".htm"))]
    stylesheets = [f for f in files if f.lower().endswith(".css")]
    if early is not None:
        early.finish()
        cache = early.cache
    else:
        cache = _PageCache(cache_path, _fingerprint(fonts))
    css_texts: list[str] = []
    unit_ids: dict[int, set[int]] = {font.index: set() for font in fonts}
    segment_ids: dict[int, set[int]] = {font.index: set() for font in fonts}
    piece_ids: dict[int, set[int]] = {font.index: set() for font in fonts}
    with contextlib.ExitStack() as stack:
        pool = None
        for start in range(0, len(pages), BATCH_PAGES):
            batch = pages[start : start + BATCH_PAGES]
            datas = [(output_path / page).read_bytes() for page in batch]
            keys = [page_key(data) for data in datas]
            todo = {k: d for k, d in zip(keys, datas, strict=True) if not cache.known(k)}
            parsed: dict[bytes, _Parsed] = {}
            if pool is None and len(todo) >= PARALLEL_MIN_PAGES and processes > 1:
                pool = stack.enter_context(ctx.Pool(processes, _init_worker, (fonts,)))
            if pool is not None and todo:
                chunk = max(1, len(todo) // (processes * 4))
                results = pool.map(_parse_in_worker, list(todo.values()), chunksize=chunk)
                parsed.update(zip(todo, results, strict=True))
            for page, data, key in zip(batch, datas, keys, strict=True):
                per_font, css = cache.page(data, key, fonts, parsed.get(key))
                for index, (units, segments, chars, pieces) in per_font.items():
                    unit_ids[index].update(units)
                    segment_ids[index].update(segments)
                    piece_ids[index].update(pieces)
                    if chars:
                        result[index].page_chars[page] = set(chars)
                    if pieces:
                        result[index].page_runs[page] = units
                        result[index].page_pieces[page] = pieces
                css_texts.extend(css)
    for font in fonts:
        table = cache.table
        result[font.index].units = {table[i] for i in unit_ids[font.index]}
        result[font.index].segments = {table[i] for i in segment_ids[font.index]}
        result[font.index].pieces = {table[i] for i in piece_ids[font.index]}
        result[font.index].table = table
    parsed, state = cache.parsed, cache.state
    try:
        cache.save()
    except OSError:
        state += ", not saved"
    del cache
    for sheet in stylesheets:
        css_texts.append((output_path / sheet).read_text(encoding="utf-8", errors="replace"))

    inserted = [s for css in css_texts for s in content_strings(css)]
    for font in fonts:
        extras = [*inserted, extra_text, font.extra_text]
        font_text = result[font.index]
        for extra in extras:
            text = normalize(extra)
            if text:
                font_text.units.add(TextUnit(font.lang[0], text))
                font_text.pieces.update(piece_units([TextUnit(font.lang[0], text)]))
                font_text.extra_chars.update(rendered_chars(text))
    return Collection(
        result,
        pages,
        stylesheets,
        time.perf_counter() - started,
        files=files,
        parsed=parsed,
        cache=state,
    )
