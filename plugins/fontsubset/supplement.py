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

import ahocorasick
from selectolax.lexbor import LexborHTMLParser

from .collect import BOUNDARY, SKIP, TextUnit, parse_page
from .fontfile import FontError, SourceFont
from .separable import pieces
from .settings import FontSpec
from .shaping import subset_shaping
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

#: Elements whose text is never drawn with a web font's glyphs in the page.
_NO_TEXT = {"script", "style", "template", "textarea", "title", "head"}
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
    """Finds, in one page, the text-node stretches that are whole rare pieces."""

    def __init__(self, langs: Sequence[str], rare: Mapping[tuple[str, str], str]) -> None:
        super().__init__(convert_charrefs=False)
        self.langs = tuple(langs)
        self.rare = rare
        self.stack: list[tuple[str, str | None]] = [("", None)]
        self.skip = 0
        #: the run's text so far ended with white space (or the run just began)
        self.at_boundary = True
        #: (start, end, css class, lang, piece) of every stretch to wrap
        self.spans: list[tuple[int, int, str, str, str]] = []
        #: a run-final candidate waiting to learn whether the run ends after it
        self.pending: tuple[int, int, str, str, str] | None = None
        self.lines = [0]
        self.wrapped: Counter[tuple[str, str]] = Counter()

    def feed_page(self, text: str) -> None:
        offset = 0
        for line in text.splitlines(keepends=True):
            offset += len(line)
            self.lines.append(offset)
        self.feed(text)
        self.close()
        self._end_of_run()

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

    def _end_of_run(self) -> None:
        if self.pending is not None:
            self._take(self.pending)
        self.pending = None
        self.at_boundary = True

    def _break_run(self) -> None:
        self.pending = None
        self.at_boundary = False

    def _take(self, span: tuple[int, int, str, str, str]) -> None:
        self.spans.append(span)
        self.wrapped[span[3], span[4]] += 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        lang = self._lang()
        for name, value in attrs:
            if name == "lang":
                lang = (value or "").strip() or None
        if tag in BOUNDARY or tag in _NO_TEXT or lang != self._lang():
            self._end_of_run()
        elif self.pending is not None:  # an inline element follows: not run-final
            self._break_run()
        if tag in _VOID:
            return
        self.stack.append((tag, lang))
        if tag in _NO_TEXT or tag in SKIP:
            self.skip += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in BOUNDARY:
            self._end_of_run()
        elif self.pending is not None:
            self._break_run()

    def handle_endtag(self, tag: str) -> None:
        if not any(t == tag for t, _ in self.stack[1:]):
            return
        while self.stack[-1][0] != tag:
            self._pop()
        lang_before = self._lang()
        self._pop()
        if tag in BOUNDARY or self._lang() != lang_before:
            self._end_of_run()

    def _pop(self) -> None:
        tag, _ = self.stack.pop()
        if tag in _NO_TEXT or tag in SKIP:
            self.skip -= 1

    def handle_entityref(self, name: str) -> None:
        self._opaque(html.unescape(f"&{name};"))

    def handle_charref(self, name: str) -> None:
        self._opaque(html.unescape(f"&#{name};"))

    def _opaque(self, char: str) -> None:
        """An entity: text that cannot be inside a wrapped stretch."""
        if self.pending is not None:
            self._break_run()
        self.at_boundary = char.isspace()

    def handle_data(self, data: str) -> None:
        if self.skip or not data:
            return
        if self.pending is not None:
            if data.isspace():  # white space before the run's end collapses away
                return
            self._break_run()
        lang = self._lang()
        if not self._font_lang(lang):
            self.at_boundary = data[-1].isspace() if data.strip() else self.at_boundary
            return
        start = self._offset()
        self._scan(data, start, lang or "")
        if data.strip():
            self.at_boundary = data[-1].isspace()

    def _scan(self, data: str, start: int, lang: str) -> None:
        """Cut the node's text as ``pieces`` cuts the run and keep the rare pieces."""
        # raw offsets of each collapsed character
        collapsed: list[str] = []
        where: list[int] = []
        space = False
        for i, char in enumerate(data):
            if char in " \t\n\r\f":
                if not space and (collapsed or not self.at_boundary):
                    collapsed.append(" ")
                    where.append(i)
                space = True
            else:
                collapsed.append(char)
                where.append(i)
                space = False
        text = "".join(collapsed)
        at_boundary = self.at_boundary
        if text.startswith(" "):  # white space after an inline boundary: a cut
            text, where, at_boundary = text[1:], where[1:], True
        if not text.strip():
            return
        position = 0
        cut = pieces(text)
        for n, piece in enumerate(cut):
            begin, position = position, position + len(piece)
            if n == 0 and not at_boundary:
                continue  # the run's piece began in an earlier node
            css_class = self.rare.get((lang, piece))
            if css_class is None:
                continue
            span = (start + where[begin], start + where[position - 1] + 1, css_class, lang, piece)
            if n == len(cut) - 1 and not piece.endswith(" "):
                self.pending = span  # whole only if the run ends here
            else:
                self._take(span)


def wrap_page(
    page_html: str, langs: Sequence[str], rare: Mapping[tuple[str, str], str], style: str
) -> tuple[str, Counter[tuple[str, str]]]:
    """``page_html`` with its rare pieces wrapped and ``style`` added to ``<head>``.

    Returns the new page and how often each rare piece was wrapped; the caller
    compares that with the page's occurrences to find pieces that could not be.
    """
    wrapper = _Wrapper(langs, rare)
    wrapper.feed_page(page_html)
    if not wrapper.spans:
        return page_html, wrapper.wrapped
    out: list[str] = []
    last = 0
    for begin, end, css_class, _lang, _piece in sorted(wrapper.spans):
        out += [page_html[last:begin], f'<span class="{css_class}">', page_html[begin:end]]
        out.append("</span>")
        last = end
    out.append(page_html[last:])
    text = "".join(out)
    head_end = text.find("</head>")
    if head_end != -1:
        text = text[:head_end] + style + text[head_end:]
    return text, wrapper.wrapped


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
    output: Path,
    pages: Sequence[str],
    fonts: Sequence[FontSpec],
    index: int,
    rare: set[TextUnit],
    missing: Iterable[int],
) -> RarePlan:
    """Find every page showing a rare piece, check each occurrence can be wrapped."""
    plan = RarePlan()
    wanted = {(u.lang, u.text): "fs-probe" for u in rare}
    spec = fonts[index]
    if not {chr(cp) for cp in missing} <= {c for u in rare for c in u.text}:
        plan.unwrappable = "a character the main subset lacks is not in any page's text"
        return plan
    automaton = ahocorasick.Automaton()
    for _lang, text in wanted:
        word = text.strip()
        automaton.add_word(word, word)
    automaton.make_automaton()
    seen: dict[tuple[str, str], list[tuple[tuple[int, str, str], str]]] = {}
    for page in pages:
        data = (output / page).read_bytes()
        text = data.decode("utf-8", errors="replace")
        if next(automaton.iter(text), None) is None:
            continue
        per_font, _css = parse_page(data, fonts)
        runs = per_font.get(index, ((), (), "", ()))[0]
        counts = page_rare_counts(runs, wanted)
        if not counts:
            continue
        _, wrapped = wrap_page(text, spec.lang, wanted, "")
        unequal = sorted(k for k in counts.keys() | wrapped.keys() if counts[k] != wrapped[k])
        if unequal:
            plan.unwrappable = f"{page}: {unequal[0][1]!r} cannot be wrapped where it stands"
            return plan
        plan.pages[page] = set(counts)
        order = owner_order(page, data)
        for key in counts:
            seen.setdefault(key, []).append((order, page))
    lost = sorted(set(wanted) - set(seen))
    if lost:
        plan.unwrappable = f"{lost[0][1]!r} is not in the text of any page (an attribute or CSS)"
        return plan
    for (lang, text), where in seen.items():
        owner = min(where)[1]
        plan.owners.setdefault(owner, []).append(TextUnit(lang, text))
    return plan


def build_supplement(source: SourceFont, owner: str, units: Sequence[TextUnit]) -> Supplement:
    """A subset exact for ``units`` (and their words and characters), proven by HarfBuzz."""
    units = sorted(units)
    bare = sorted({TextUnit(u.lang, w) for u in units for w in u.text.split(" ") if w} - set(units))
    lang = units[0].lang
    chars = sorted({ord(c) for u in units for c in u.text})
    result = subset_shaping(source.sfnt, [(u.text, u.lang) for u in [*units, *bare]])
    checked = shaping_units(units, chars, lang)
    verdict = check(prepare_reference(source, checked), result.woff2, result.glyph_map, chars)
    if not verdict.ok:
        raise FontError(
            f"the supplement for {owner} does not render like the full font: "
            + "; ".join(verdict.problems)
        )
    return Supplement(owner, tuple(units), result.woff2, list(result.glyph_map))
