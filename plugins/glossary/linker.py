"""Insert glossary links into an article's HTML without touching anything else.

Why the stdlib ``html.parser`` and not a DOM (selectolax/lexbor): a DOM must
re-serialise the whole document, which rewrites entities, attribute quoting
and void tags of markup we never meant to change (and that Pelican's own
``{filename}`` link pass runs over afterwards). Here the parser is used only
to *locate* text: every byte outside the text runs we link is copied from the
input verbatim, so a body without mentions comes back identical.

A name may cross inline markup: ``<strong>عمران</strong> خان``, or the
``<bdi>`` that ``localize`` puts around Latin runs while Markdown is
converted, long before we see the HTML (``<bdi>US Food</bdi> &amp; <bdi>Drug
Administration</bdi>``). Text separated only by the tags in
:data:`INLINE_TAGS` is matched as one run, and the link is widened over the
tags at its edges until it nests properly (``<a><strong>عمران</strong>
خان</a>``); a mention that could only be linked by cutting an element in two
(``<b>میاں عمران</b> خان``, if that were a name) is left unlinked.
"""

from __future__ import annotations

import bisect
import html as htmllib
import re
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from typing import Literal, NamedTuple

from .matcher import Match, Matcher, NameContext, Partial, scan

__all__ = [
    "INLINE_TAGS",
    "LINK_MODES",
    "SKIP_CLASSES",
    "SKIP_TAGS",
    "LinkPlan",
    "LinkResult",
    "apply_links",
    "link_html",
    "plan_links",
]

LINK_MODES = ("first", "all")

#: Never link inside these: headings, existing links, code, and elements whose
#: text is not prose (scripts, form controls, embedded vocabularies).
SKIP_TAGS = frozenset(
    "h1 h2 h3 h4 h5 h6 a code pre kbd samp script style textarea template "
    "button select option svg math".split()
)
#: ... nor inside an element carrying one of these classes.
SKIP_CLASSES = frozenset({"glossary-panel"})

#: Phrasing elements a name may run across; any other tag ends a text run.
INLINE_TAGS = frozenset(
    "abbr b bdi bdo cite data del dfn em i ins mark q s small span strong sub sup time u var "
    "wbr".split()
)

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_CHARREF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")


class LinkResult(NamedTuple):
    """The linked HTML and each linked entry's first mention, in reading order."""

    html: str
    mentions: list[Match]


class _Piece(NamedTuple):
    start: int  # raw offsets in the HTML
    end: int
    text: str  # decoded text
    skip: bool


class _Tag(NamedTuple):
    start: int  # raw offsets of the tag itself
    end: int
    partner: int  # index (in _TextLocator.tags) of the matching tag; itself if void; -1 if none
    opens: bool


class _TextLocator(HTMLParser):
    """Records where text (and entity references) sit, and whether it may be linked.

    Also records every inline tag (:data:`INLINE_TAGS`) with its partner, so a
    link may be widened over them, and numbers the breaks between text runs.
    """

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.pieces: list[_Piece] = []
        self.run_of: list[int] = []  # per piece: the run it belongs to
        self.tags: list[_Tag] = []
        self._open_inline: list[tuple[str, int]] = []
        self._run = 0
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self._stack: list[tuple[str, bool]] = []
        self._skipping = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    # -- text ---------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        start = self._offset()
        end = start + len(data)
        if self.source[start:end] != data:  # cannot happen; refuse to guess
            raise RuntimeError(f"html.parser offset drift at {start}")
        self._add(_Piece(start, end, data, self._skipping > 0))

    def _add(self, piece: _Piece) -> None:
        if self.pieces and self.pieces[-1].skip != piece.skip:
            self._run += 1
        self.pieces.append(piece)
        self.run_of.append(self._run)

    def _tag(self, tag: str, opens: bool) -> None:
        """Note a tag: inline ones are kept (they do not end a run), others end the run."""
        if tag not in INLINE_TAGS:
            self._run += 1
            return
        if tag in _VOID and not opens:
            return  # <wbr/>: the open tag was recorded, and needs no partner
        start = self._offset()
        text = self.get_starttag_text() if opens else None
        if text is not None and self.source.startswith(text, start):
            end = start + len(text)
        else:
            end = self.source.find(">", start) + 1
        index = len(self.tags)
        if opens:
            self.tags.append(_Tag(start, end, index if tag in _VOID else -1, True))
            if tag not in _VOID:
                self._open_inline.append((tag, index))
            return
        for k in range(len(self._open_inline) - 1, -1, -1):
            if self._open_inline[k][0] == tag:
                partner = self._open_inline[k][1]
                del self._open_inline[k:]
                self.tags[partner] = self.tags[partner]._replace(partner=index)
                self.tags.append(_Tag(start, end, partner, False))
                return
        self.tags.append(_Tag(start, end, -1, False))

    def _ref(self) -> None:
        start = self._offset()
        m = _CHARREF.match(self.source, start)
        if m is None:
            raise RuntimeError(f"html.parser offset drift at {start}")
        self._add(_Piece(start, m.end(), htmllib.unescape(m.group()), self._skipping > 0))

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    # -- context ------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag(tag, True)
        if tag in _VOID:
            return
        classes = {c for name, value in attrs if name == "class" and value for c in value.split()}
        skip = tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        self._stack.append((tag, skip))
        self._skipping += skip

    def handle_endtag(self, tag: str) -> None:
        self._tag(tag, False)
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, skip in self._stack[i:]:
                    self._skipping -= skip
                del self._stack[i:]
                return


def _runs(locator: _TextLocator) -> list[list[_Piece]]:
    """Group pieces no block tag separates: entities and inline tags split text, names span them."""
    runs: list[list[_Piece]] = []
    last = -1
    for piece, run in zip(locator.pieces, locator.run_of, strict=True):
        if runs and run == last:
            runs[-1].append(piece)
        else:
            runs.append([piece])
        last = run
    return runs


def _balanced(
    start: int, end: int, tags: list[_Tag], tag_starts: list[int], text: _TextIndex
) -> tuple[int, int] | None:
    """``[start, end)`` widened over inline tags until it nests, or None if it cannot.

    A close tag inside the span whose open tag is before it moves the start to
    that open tag, and an open tag whose close is after it moves the end, as
    long as no text is taken in on the way: the link must wrap the name only.
    """
    while True:
        first = bisect.bisect_left(tag_starts, start)
        last = bisect.bisect_left(tag_starts, end)
        new_start, new_end = start, end
        for index in range(first, last):
            tag = tags[index]
            if tag.partner == index:
                continue  # a void tag (<wbr>) nests anywhere
            if tag.partner < 0:
                return None
            partner = tags[tag.partner]
            if tag.opens and partner.start >= end:
                new_end = max(new_end, partner.end)
            elif not tag.opens and partner.start < start:
                new_start = min(new_start, partner.start)
        if (new_start, new_end) == (start, end):
            return start, end
        if text.has_text(new_start, start) or text.has_text(end, new_end):
            return None
        start, end = new_start, new_end


class _TextIndex:
    """Whether a raw span holds any visible text: a bisect, not a scan of every piece."""

    def __init__(self, pieces: list[_Piece]) -> None:
        self.pieces = pieces
        self.starts = [p.start for p in pieces]

    def has_text(self, start: int, end: int) -> bool:
        if start >= end:
            return False
        k = max(bisect.bisect_right(self.starts, start) - 1, 0)
        while k < len(self.pieces) and self.pieces[k].start < end:
            piece = self.pieces[k]
            if piece.end > start and piece.text.strip():
                return True
            k += 1
        return False


def _raw_span(run: list[_Piece], offsets: list[int], start: int, end: int) -> tuple[int, int]:
    """Map a decoded span of a run back to raw HTML offsets (an entity maps whole)."""

    def locate(d: int, is_end: bool) -> int:
        k = bisect.bisect_right(offsets, d) - 1
        piece = run[k]
        if piece.end - piece.start == len(piece.text):  # plain data: 1:1
            return piece.start + (d - offsets[k]) + (1 if is_end else 0)
        return piece.end if is_end else piece.start

    return locate(start, False), locate(end - 1, True)


def _link(href: str, slug: str, text: str, first: bool) -> str:
    anchor = f' id="mention-{slug}"' if first else ""
    return (
        f'<a class="glossary-link" href="{htmllib.escape(href)}"{anchor}'
        f' aria-describedby="gloss-{slug}" data-entry="{slug}">{text}</a>'
    )


class LinkPlan(NamedTuple):
    """Where links go in one body: what :func:`apply_links` needs, and the mentions.

    Plain data (offsets, slugs, text), so a build can keep it in a cache and
    skip the parse on the next build: the plan depends only on the body, the
    names and the mode, never on the entries' URLs. ``partials`` are names
    found inside longer names and left unlinked (raw offsets, for reports).
    """

    links: list[tuple[int, int, str, bool]]  # raw start, raw end, slug, first mention
    mentions: list[Match]
    partials: tuple[Partial, ...] = ()


def plan_links(
    body: str,
    matchers: Sequence[Matcher],
    mode: Literal["first", "all"] = "first",
    blockers: Matcher | None = None,
    exclusions: Matcher | None = None,
    names: NameContext | None = None,
) -> LinkPlan:
    """The spans of ``body`` to link (see :func:`link_html`), without touching it."""
    if mode not in LINK_MODES:
        raise ValueError(f"mode must be one of {LINK_MODES}, not {mode!r}")
    locator = _TextLocator(body)
    locator.feed(body)
    locator.close()
    tags = locator.tags
    tag_starts = [t.start for t in tags]
    text_index = _TextIndex(locator.pieces)

    links: list[tuple[int, int, str, bool]] = []
    seen: dict[str, Match] = {}
    partials: list[Partial] = []
    for run in _runs(locator):
        if run[0].skip:
            continue
        offsets, parts, total = [], [], 0
        for piece in run:
            offsets.append(total)
            parts.append(piece.text)
            total += len(piece.text)
        found = scan("".join(parts), matchers, blockers, exclusions, names)
        for p in found.partials:
            start, end = _raw_span(run, offsets, p.start, p.end)
            partials.append(p._replace(start=start, end=end))
        for match in found.matches:
            first = match.key not in seen
            if not first and mode == "first":
                continue
            start, end = _raw_span(run, offsets, match.start, match.end)
            span = _balanced(start, end, tags, tag_starts, text_index)
            if span is None:
                continue
            start, end = span
            if first:
                seen[match.key] = Match(start, end, match.key, match.text)
            links.append((start, end, match.key, first))
    return LinkPlan(links, list(seen.values()), tuple(partials))


def apply_links(
    body: str, links: Sequence[tuple[int, int, str, bool]], hrefs: Mapping[str, str]
) -> str:
    """``body`` with the planned links inserted; every other byte copied as is."""
    out: list[str] = []
    cursor = 0
    for start, end, slug, first in links:
        out.append(body[cursor:start])
        out.append(_link(hrefs[slug], slug, body[start:end], first))
        cursor = end
    out.append(body[cursor:])
    return "".join(out)


def link_html(
    body: str,
    matchers: Sequence[Matcher],
    hrefs: Mapping[str, str],
    mode: Literal["first", "all"] = "first",
    blockers: Matcher | None = None,
    exclusions: Matcher | None = None,
    names: NameContext | None = None,
) -> LinkResult:
    """Link mentions of entries in ``body`` (an article's HTML).

    ``hrefs`` maps entry slug to the link target; in a Pelican build that is a
    ``{filename}`` reference, so Pelican itself turns it into
    ``{SITEURL}/glossary/{kind}/{slug}/`` and honours ``RELATIVE_URLS``.
    Only each entry's first *linkable* mention gets ``id="mention-{slug}"``:
    a mention inside a heading cannot carry the anchor the entry page links to.
    """
    plan = plan_links(body, matchers, mode, blockers, exclusions, names)
    return LinkResult(apply_links(body, plan.links, hrefs), plan.mentions)
