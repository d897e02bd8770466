"""Rare words: text the site's main subset cannot shape exactly, served apart.

A returning reader should download the main subset once. So once a site has
a main subset (``sticky.py``), new text never changes it: a piece of text
(a word with its trailing space, ``separable.pieces``) that the main subset
does not shape exactly like the full font is *rare*. Every rare piece
belongs to one *owner* page, the oldest article that contains it (or,
failing any article, the first page by path), so that publishing new
articles never moves an old piece to another file. Each owner's rare pieces
get one small *supplement* font, exact for them; every page wraps its
occurrences of rare pieces in ``<span class="fs-…">`` whose font stack puts
that supplement first. A page without rare words loads nothing more.

This is exact because the font is piece-separable: HarfBuzz shapes a run as
the concatenation of its pieces shaped alone, so the browser's shaping of
the main-font parts and of the wrapped pieces apart gives the run's glyphs.
A piece is only wrapped where the page's text node holds it whole, on the
run's own piece boundaries; a rare piece that cannot be wrapped everywhere
(inside an attribute, across an inline element) is reported back, and the
main subset grows to cover it instead.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from .collect import ATTRIBUTES, BOUNDARY, SKIP, FontText, TextUnit
from .fontfile import FontError, SourceFont
from .separable import pieces
from .settings import FontSpec
from .shaping import ShapingOptions, subset_shaping
from .verify import check, prepare_reference, shaping_units

__all__ = [
    "RarePlan",
    "Supplement",
    "build_supplement",
    "plan_rare",
    "rare_pieces",
    "style_block",
    "supplement_filename",
    "wrap_page",
]

_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip


@dataclass(eq=False)
class Supplement:
    """One owner's rare pieces and the font that shapes them exactly."""

    owner: str
    pieces: tuple[TextUnit, ...]
    woff2: bytes = b""
    glyph_map: list[int] = field(default_factory=list)

    @property
    def key(self) -> str:
        return hashlib.sha256(self.woff2).hexdigest()[:8]

    def family(self, main_family: str) -> str:
        return f"{main_family} x{self.key}"

    @property
    def css_class(self) -> str:
        return f"fs-x{self.key}"


def supplement_filename(source: str, woff2: bytes) -> str:
    stem = posixpath.basename(source).rsplit(".", 1)[0]
    return f"{stem}.x{hashlib.sha256(woff2).hexdigest()[:8]}.woff2"


def rare_pieces(
    differing: Iterable[TextUnit], missing: Iterable[int], site_pieces: Iterable[TextUnit]
) -> tuple[set[TextUnit], list[TextUnit]]:
    """The site's pieces the main subset cannot shape, from what verification found.

    Verification compares pieces, their bare words, a sample of whole runs and
    every code point alone; each failure is traced back to the pieces it came
    from. Returns the rare pieces and the failures no rare piece explains (a
    sampled run whose pieces all passed would disprove separability).
    """
    site = set(site_pieces)
    missing_chars = {chr(cp) for cp in missing}
    bad_words: set[tuple[str, str]] = set()
    bad_chars: set[str] = set(missing_chars)
    rare: set[TextUnit] = set()
    runs: list[TextUnit] = []
    for unit in differing:
        if unit in site:
            rare.add(unit)
        elif len(unit.text) == 1:
            bad_chars.add(unit.text)
        elif " " not in unit.text:
            bad_words.add((unit.lang, unit.text))
        else:
            runs.append(unit)
    if bad_words or bad_chars:
        for piece in site:
            if bad_chars and not bad_chars.isdisjoint(piece.text):
                rare.add(piece)
            elif bad_words and any((piece.lang, w) in bad_words for w in piece.text.split(" ")):
                rare.add(piece)
    rare_texts = {(p.lang, p.text) for p in rare}
    unexplained = [
        run for run in runs if not any((run.lang, p) in rare_texts for p in pieces(run.text))
    ]
    return rare, unexplained


def owner_order(page: str, data: bytes) -> tuple[int, str, str]:
    """Sort key of a page as an owner: articles by publication time, then the rest.

    New articles are published later than the old ones, so they never take
    over a piece an older article owns, and the old supplement stays as it is.
    """
    tree = LexborHTMLParser(data.decode("utf-8", errors="replace"))
    meta = tree.css_first('meta[property="article:published_time"]')
    published = (meta.attributes.get("content") or "") if meta is not None else ""
    return (0 if published else 1, published, page)


def page_rare_counts(
    runs: Iterable[TextUnit], rare: Mapping[tuple[str, str], object]
) -> Counter[tuple[str, str]]:
    """How often each rare piece occurs in a page's runs (as the browser cuts them)."""
    found: Counter[tuple[str, str]] = Counter()
    for run in runs:
        for piece in pieces(run.text):
            if (run.lang, piece) in rare:
                found[run.lang, piece] += 1
    return found


class _Wrapper(HTMLParser):
    """Cuts one page's text into runs as the collector does, and finds the rare pieces.

    A run is the text of one language between two block boundaries, inline
    elements included; it is cut into pieces exactly as ``collect`` cuts it,
    and each rare piece is mapped back to the raw offsets of its characters.
    A piece that crosses an inline element (a glossary link and the space
    after it) becomes one span per text node, all with the same class: the
    browser shapes text of one font across such boundaries as the full font's
    run would be. Rare pieces in attributes the font draws (placeholders,
    ``alt``) cannot take a span; they are collected in ``unwrappable``.
    """

    def __init__(self, langs: Sequence[str], rare: Mapping[tuple[str, str], str]) -> None:
        super().__init__(convert_charrefs=False)
        self.langs = tuple(langs)
        self.rare = rare
        self.source = ""
        self.stack: list[tuple[str, str | None]] = [("", None)]
        self.skip = 0
        self.run_lang: str | None = None
        #: the current run: (character, raw start, raw end)
        self.run: list[tuple[str, int, int]] = []
        #: (start, end, css class) of every stretch to wrap
        self.spans: list[tuple[int, int, str]] = []
        self.wrapped: Counter[tuple[str, str]] = Counter()
        self.unwrappable: set[tuple[str, str]] = set()
        self.lines = [0]

    def feed_page(self, text: str) -> None:
        self.source = text
        offset = 0
        for line in text.splitlines(keepends=True):
            offset += len(line)
            self.lines.append(offset)
        self.feed(text)
        self.close()
        self._end_run()

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.lines[line - 1] + col

    def _lang(self) -> str | None:
        return self.stack[-1][1]

    def _font_lang(self, lang: str | None) -> bool:
        if not lang:
            return False
        lang = lang.lower()
        return any(lang == want or lang.startswith(want + "-") for want in self.langs)

    # -- structure ----------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = self._lang()
        values = dict(attrs)
        if "lang" in values:
            lang = (values["lang"] or "").strip() or None
        if tag in BOUNDARY:
            self._end_run()
        if not self.skip and tag in ATTRIBUTES and self._font_lang(lang):
            for name in ATTRIBUTES[tag]:
                if values.get(name):
                    self._attribute(lang or "", values[name] or "")
        if tag in _VOID:
            return
        self.stack.append((tag, lang))
        if tag in SKIP or tag == "textarea":
            self.skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BOUNDARY:
            self._end_run()

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _ in self.stack[1:]):
            return
        while self.stack[-1][0] != tag:
            self._pop()
        self._pop()
        if tag in BOUNDARY:
            self._end_run()

    def _pop(self) -> None:
        tag, _ = self.stack.pop()
        if tag in SKIP or tag == "textarea":
            self.skip -= 1

    # -- text ---------------------------------------------------------------
    def _text(self, chars: str, start: int, end: int | None = None) -> None:
        if self.skip:
            return
        lang = self._lang()
        if lang != self.run_lang:
            self._end_run()
            self.run_lang = lang
        if end is None:  # plain data: one raw character each
            self.run += [(c, start + i, start + i + 1) for i, c in enumerate(chars)]
        else:  # an entity: its characters share the entity's raw text
            self.run += [(c, start, end) for c in chars]

    def handle_data(self, data: str) -> None:
        self._text(data, self._offset())

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name}")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name}")

    def _entity(self, head: str) -> None:
        start = self._offset()
        end = start + len(head) + (self.source.startswith(";", start + len(head)))
        self._text(html.unescape(self.source[start:end]), start, end)

    def _attribute(self, lang: str, value: str) -> None:
        for piece in pieces(" ".join(value.split())):
            if (lang, piece) in self.rare:
                self.unwrappable.add((lang, piece))

    def _end_run(self) -> None:
        run, lang = self.run, self.run_lang
        self.run = []
        if not run or not self._font_lang(lang):
            return
        # collapse white space as the collector does, keeping each kept
        # character's raw range (a collapsed space keeps its first character's)
        kept: list[tuple[str, int, int]] = []
        for char, start, end in run:
            if char in " \t\n\r\f":
                if kept and kept[-1][0] != " ":
                    kept.append((" ", start, end))
            else:
                kept.append((char, start, end))
        while kept and kept[-1][0] == " ":
            kept.pop()
        text = "".join(c for c, _, _ in kept)
        position = 0
        for piece in pieces(text):
            begin, position = position, position + len(piece)
            css_class = self.rare.get((lang or "", piece))
            if css_class is None:
                continue
            self.wrapped[lang or "", piece] += 1
            stretch_start, stretch_end = kept[begin][1], kept[begin][2]
            for _, start, end in kept[begin + 1 : position]:
                if start == stretch_end:
                    stretch_end = end
                else:  # markup between: close this stretch, open the next
                    self.spans.append((stretch_start, stretch_end, css_class))
                    stretch_start, stretch_end = start, end
            self.spans.append((stretch_start, stretch_end, css_class))


def wrap_page(
    page_html: str, langs: Sequence[str], rare: Mapping[tuple[str, str], str], style: str
) -> tuple[str, Counter[tuple[str, str]], set[tuple[str, str]]]:
    """``page_html`` with its rare pieces wrapped and ``style`` added to ``<head>``.

    Returns the new page, how often each rare piece was wrapped, and the rare
    pieces the page shows where no span can go (attributes).
    """
    wrapper = _Wrapper(langs, rare)
    wrapper.feed_page(page_html)
    if not wrapper.spans:
        return page_html, wrapper.wrapped, wrapper.unwrappable
    out: list[str] = []
    last = 0
    for begin, end, css_class in sorted(wrapper.spans):
        out += [page_html[last:begin], f'<span class="{css_class}">', page_html[begin:end]]
        out.append("</span>")
        last = end
    out.append(page_html[last:])
    text = "".join(out)
    head_end = text.find("</head>")
    if head_end != -1:
        text = text[:head_end] + style + text[head_end:]
    return text, wrapper.wrapped, wrapper.unwrappable


def style_block(
    main_family: str,
    used: Iterable[Supplement],
    href_of: Mapping[str, str],
    unicode_range: str | None,
) -> str:
    """The ``<style>`` a page needs for the supplements it uses.

    Each face claims the main face's ``unicode-range``: what falls outside it
    (the space between words, Latin digits) must come from the same fallback
    font inside a span as outside it.
    """
    claim = f";unicode-range:{unicode_range}" if unicode_range else ""
    rules = []
    for supplement in sorted(used, key=lambda s: s.key):
        family = supplement.family(main_family)
        href = href_of[supplement.key]
        rules.append(
            f'@font-face{{font-family:"{family}";src:url("{href}") format("woff2");'
            f"font-display:swap{claim}}}"
            f'.{supplement.css_class}{{font-family:"{family}","{main_family}"}}'
        )
    return "<style>" + "".join(rules) + "</style>\n"


@dataclass
class RarePlan:
    """Where the rare pieces are, who owns them, and whether every one can be wrapped."""

    #: owner page → the rare pieces it owns
    owners: dict[str, list[TextUnit]] = field(default_factory=dict)
    #: page → the rare pieces it shows (each wrapped there)
    pages: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    #: why the main subset must grow instead ("" when supplements can serve)
    unwrappable: str = ""


def plan_rare(
    output: Path, spec: FontSpec, text: FontText, rare: set[TextUnit], missing: Iterable[int]
) -> RarePlan:
    """Find every page showing a rare piece, check each occurrence can be wrapped.

    The collector's per-page piece indices say which pages show a rare piece,
    so only those pages are read again.
    """
    plan = RarePlan()
    wanted = {(u.lang, u.text): "fs-probe" for u in rare}
    if not {chr(cp) for cp in missing} <= {c for u in rare for c in u.text}:
        plan.unwrappable = "a character the main subset lacks is not in any page's text"
        return plan
    rare_ids = {i for i, unit in enumerate(text.table) if unit in rare}
    seen: dict[tuple[str, str], list[tuple[tuple[int, str, str], str]]] = {}
    for page, piece_ids in sorted(text.page_pieces.items()):
        if rare_ids.isdisjoint(piece_ids):
            continue
        shown = set(page_rare_counts((text.table[i] for i in text.page_runs[page]), wanted))
        if not shown:
            continue  # only a segment's piece: the run's own pieces are not rare here
        data = (output / page).read_bytes()
        _, wrapped, unwrappable = wrap_page(
            data.decode("utf-8", errors="replace"), spec.lang, wanted, ""
        )
        missed = sorted(unwrappable | (shown - set(wrapped)))
        if missed:
            plan.unwrappable = f"{page}: {missed[0][1]!r} cannot be wrapped where it stands"
            return plan
        plan.pages[page] = set(wrapped)
        order = owner_order(page, data)
        for key in wrapped:
            seen.setdefault(key, []).append((order, page))
    owner_of = {key: min(where)[1] for key, where in seen.items()}
    for lang, text in sorted(set(wanted) - set(seen)):
        # a piece of an inline element's text alone ("آندھی" of <a>آندھی</a>):
        # the words are wrapped as parts of the run's pieces; the supplement
        # that holds those words is made exact for this text too
        holders = sorted(
            (min(seen[key]), key)
            for key in seen
            if key[0] == lang and not set(text.split()).isdisjoint(key[1].split())
        )
        if not holders:
            plan.unwrappable = f"{text!r} is not in the text of any page (an attribute or CSS)"
            return plan
        owner_of[lang, text] = holders[0][0][1]
    for (lang, text), owner in owner_of.items():
        plan.owners.setdefault(owner, []).append(TextUnit(lang, text))
    return plan


def build_supplement(source: SourceFont, owner: str, units: Sequence[TextUnit]) -> Supplement:
    """A subset exact for ``units`` (and their words and characters), proven by HarfBuzz."""
    units = sorted(units)
    bare = sorted({TextUnit(u.lang, w) for u in units for w in u.text.split(" ") if w} - set(units))
    lang = units[0].lang
    chars = sorted({ord(c) for u in units for c in u.text})
    # only ever draws these pieces: no degradation set, no code point alone
    result = subset_shaping(
        source.sfnt,
        [(u.text, u.lang) for u in [*units, *bare]],
        options=ShapingOptions(degradation=False),
    )
    checked = shaping_units(units, (), lang)
    reference = prepare_reference(source, checked)
    verdict = check(reference, result.woff2, result.glyph_map, chars, features=False)
    if not verdict.ok:
        raise FontError(
            f"the supplement for {owner} does not render like the full font: "
            + "; ".join(verdict.problems)
        )
    return Supplement(owner, tuple(units), result.woff2, list(result.glyph_map))
