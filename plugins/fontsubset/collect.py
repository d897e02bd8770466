"""Collect, from the generated site, the text each web font will render.

The font is decided as the theme's CSS decides it: ``:lang(ur) { font-family:
... }`` — so text goes to a font by its element's *effective* language (the
nearest ``lang`` attribute, inherited). Besides the set of characters, the
collector keeps the text *units* — runs of same-language text inside one block,
as a browser shapes them — because exactness is judged by shaping them, and a
later shaping-aware strategy needs them too.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .css import content_strings
from .settings import FontSpec

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

_SPACE = re.compile(r"[ \t\n\r\f]+")


class TextUnit(NamedTuple):
    """A run of text in one language, shaped as a whole by the browser."""

    lang: str
    text: str


@dataclass
class FontText:
    """What one font must render, and where."""

    units: set[TextUnit] = field(default_factory=set)
    #: text between any two element boundaries, inline ones included (a
    #: browser shapes a link or an emphasis apart when its style differs)
    segments: set[TextUnit] = field(default_factory=set)
    page_chars: dict[str, set[str]] = field(default_factory=dict)
    extra_chars: set[str] = field(default_factory=set)

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


def normalize(text: str) -> str:
    """Collapse whitespace as ``white-space: normal`` does before shaping."""
    return _SPACE.sub(" ", text).strip()


def rendered_chars(text: str) -> set[str]:
    return {c for c in text if unicodedata.category(c) not in ("Cc", "Cs")}


def words(units: Iterable[TextUnit]) -> list[TextUnit]:
    """Every distinct space-separated word of the units, keeping its language."""
    seen: set[TextUnit] = set()
    for unit in units:
        for word in unit.text.split(" "):
            if word:
                seen.add(TextUnit(unit.lang, word))
    return sorted(seen)


class _PageWalker:
    """Walks one document; per-page state lives here, not in the module."""

    def __init__(self, fonts: Sequence[FontSpec], page: str, result: dict[int, FontText]):
        self.fonts = fonts
        self.page = page
        self.result = result
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
            font_text = self.result[index]
            font_text.units.add(TextUnit(lang, text))
            font_text.page_chars.setdefault(self.page, set()).update(rendered_chars(text))

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
            self.result[index].segments.add(TextUnit(lang, text))

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


def collect(output_path: Path, fonts: Sequence[FontSpec], extra_text: str = "") -> Collection:
    """Parse every HTML page and stylesheet under ``output_path``."""
    started = time.perf_counter()
    result = {font.index: FontText() for font in fonts}
    pages = sorted(
        p.relative_to(output_path).as_posix()
        for pattern in ("*.html", "*.htm")
        for p in output_path.rglob(pattern)
        if p.is_file()
    )
    stylesheets = sorted(
        p.relative_to(output_path).as_posix() for p in output_path.rglob("*.css") if p.is_file()
    )
    css_texts: list[str] = []
    for page in pages:
        html = (output_path / page).read_text(encoding="utf-8", errors="replace")
        tree = LexborHTMLParser(html)
        walker = _PageWalker(fonts, page, result)
        if tree.root is not None:
            walker.walk(tree.root)
        css_texts.extend(walker.css)
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
                font_text.extra_chars.update(rendered_chars(text))
    return Collection(result, pages, stylesheets, time.perf_counter() - started)
