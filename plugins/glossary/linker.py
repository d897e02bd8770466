"""Insert glossary links into an article's HTML without touching anything else.

Why the stdlib ``html.parser`` and not a DOM (selectolax/lexbor): a DOM must
re-serialise the whole document, which rewrites entities, attribute quoting
and void tags of markup we never meant to change (and that Pelican's own
``{filename}`` link pass runs over afterwards). Here the parser is used only
to *locate* text: every byte outside the text runs we link is copied from the
input verbatim, so a body without mentions comes back identical.
"""

from __future__ import annotations

import bisect
import html as htmllib
import re
from collections.abc import Mapping, Sequence
from html.parser import HTMLParser
from typing import Literal, NamedTuple

from .matcher import Match, Matcher, find_mentions

__all__ = [
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


class _TextLocator(HTMLParser):
    """Records where text (and entity references) sit, and whether it may be linked."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.pieces: list[_Piece] = []
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
        self.pieces.append(_Piece(start, end, data, self._skipping > 0))

    def _ref(self) -> None:
        start = self._offset()
        m = _CHARREF.match(self.source, start)
        if m is None:
            raise RuntimeError(f"html.parser offset drift at {start}")
        self.pieces.append(_Piece(start, m.end(), htmllib.unescape(m.group()), self._skipping > 0))

    def handle_entityref(self, name: str) -> None:
        self._ref()

    def handle_charref(self, name: str) -> None:
        self._ref()

    # -- context ------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        classes = {c for name, value in attrs if name == "class" and value for c in value.split()}
        skip = tag in SKIP_TAGS or bool(classes & SKIP_CLASSES)
        self._stack.append((tag, skip))
        self._skipping += skip

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                for _, skip in self._stack[i:]:
                    self._skipping -= skip
                del self._stack[i:]
                return


def _runs(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Group adjacent pieces: entities split text nodes, names may span them."""
    runs: list[list[_Piece]] = []
    for piece in pieces:
        if runs and runs[-1][-1].end == piece.start and runs[-1][-1].skip == piece.skip:
            runs[-1].append(piece)
        else:
            runs.append([piece])
    return runs


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
    names and the mode, never on the entries' URLs.
    """

    links: list[tuple[int, int, str, bool]]  # raw start, raw end, slug, first mention
    mentions: list[Match]


def plan_links(
    body: str,
    matchers: Sequence[Matcher],
    mode: Literal["first", "all"] = "first",
    blockers: Matcher | None = None,
) -> LinkPlan:
    """The spans of ``body`` to link (see :func:`link_html`), without touching it."""
    if mode not in LINK_MODES:
        raise ValueError(f"mode must be one of {LINK_MODES}, not {mode!r}")
    locator = _TextLocator(body)
    locator.feed(body)
    locator.close()

    links: list[tuple[int, int, str, bool]] = []
    seen: dict[str, Match] = {}
    for run in _runs(locator.pieces):
        if run[0].skip:
            continue
        offsets, parts, total = [], [], 0
        for piece in run:
            offsets.append(total)
            parts.append(piece.text)
            total += len(piece.text)
        for match in find_mentions("".join(parts), matchers, blockers):
            first = match.key not in seen
            if not first and mode == "first":
                continue
            start, end = _raw_span(run, offsets, match.start, match.end)
            if first:
                seen[match.key] = Match(start, end, match.key, match.text)
            links.append((start, end, match.key, first))
    return LinkPlan(links, list(seen.values()))


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
) -> LinkResult:
    """Link mentions of entries in ``body`` (an article's HTML).

    ``hrefs`` maps entry slug to the link target; in a Pelican build that is a
    ``{filename}`` reference, so Pelican itself turns it into
    ``{SITEURL}/glossary/{kind}/{slug}/`` and honours ``RELATIVE_URLS``.
    Only each entry's first *linkable* mention gets ``id="mention-{slug}"``:
    a mention inside a heading cannot carry the anchor the entry page links to.
    """
    plan = plan_links(body, matchers, mode, blockers)
    return LinkResult(apply_links(body, plan.links, hrefs), plan.mentions)
