"""What a Markdown file turns into, checked the way a browser would read it.

Markdown is rendered exactly as Pelican renders it (same extensions, from the
``MARKDOWN`` setting), then parsed with a real HTML parser (selectolax), so
``&#106;avascript:`` or ``<SCRIPT >`` are seen for what they are. The rendered
HTML decides *whether* there is a problem; the source text decides *where*:
:class:`Locator` maps each finding back to the line the contributor wrote.

Raw HTML is limited to :data:`ALLOWED_TAGS` and :data:`ALLOWED_ATTRIBUTES`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from markdown import Markdown, util
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from selectolax.lexbor import LexborHTMLParser, LexborNode

# -- author comments -----------------------------------------------------------

_COMMENT = re.compile(r"\s*<!--(?:(?!-->).)*-->\s*", re.DOTALL)


class _DropAuthorComments(Postprocessor):
    """Remove HTML comments the author wrote in Markdown from the output.

    Python-Markdown stashes raw HTML and puts it back in
    ``RawHtmlPostprocessor`` (priority 30); this runs just before it and
    empties the placeholders whose stashed HTML is one comment. So the
    guidance comments of a scaffolded file (``make article``) never reach
    the published page. Only Markdown's own placeholders are matched here.
    """

    def run(self, text: str) -> str:
        stash = self.md.htmlStash
        if not stash.html_counter:
            return text
        placeholder = util.HTML_PLACEHOLDER % r"([0-9]+)"
        pattern = re.compile(f"<p>{placeholder}</p>\n?|{placeholder}")

        def drop(match: re.Match[str]) -> str:
            key = int(match.group(1) or match.group(2))
            if key < stash.html_counter and _COMMENT.fullmatch(str(stash.rawHtmlBlocks[key])):
                return ""
            return match.group(0)

        return pattern.sub(drop, text)


class AuthorCommentsExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        md.postprocessors.register(_DropAuthorComments(md), "drop_author_comments", 31)


def markdown_config(settings: dict[str, Any]) -> dict[str, Any]:
    """Pelican's ``MARKDOWN`` setting plus the meta and author-comment extensions."""
    config = dict(settings.get("MARKDOWN") or {})
    extensions = list(config.get("extensions") or [])
    for name in config.get("extension_configs") or {}:
        if name not in extensions:
            extensions.append(name)
    if "markdown.extensions.meta" not in extensions:
        extensions.append("markdown.extensions.meta")
    extensions.append(AuthorCommentsExtension())
    config["extensions"] = extensions
    return config


def fields_config(config: dict[str, Any]) -> dict[str, Any]:
    """``markdown_config`` for a formatted field (summary): no metadata is read from it."""
    extensions = [e for e in config["extensions"] if e != "markdown.extensions.meta"]
    return {**config, "extensions": extensions}


# -- the allow-list ------------------------------------------------------------

ALLOWED_TAGS = frozenset(
    "a abbr b bdi bdo blockquote br caption cite code col colgroup dd del details dfn div dl "
    "dt em figcaption figure h1 h2 h3 h4 h5 h6 hr i img ins kbd li mark ol p pre q rp rt "
    "ruby s samp small span strong sub summary sup table tbody td tfoot th thead time tr u "
    "ul var wbr".split()
)
GLOBAL_ATTRIBUTES = frozenset("class dir id lang title translate".split())
ALLOWED_ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset("href hreflang rel".split()),
    "img": frozenset("src alt width height loading decoding".split()),
    "time": frozenset(["datetime"]),
    "ol": frozenset("start reversed type".split()),
    "li": frozenset(["value"]),
    "td": frozenset("colspan rowspan headers style".split()),
    "th": frozenset("colspan rowspan headers scope abbr style".split()),
    "col": frozenset(["span"]),
    "colgroup": frozenset(["span"]),
    "blockquote": frozenset(["cite"]),
    "q": frozenset(["cite"]),
    "del": frozenset("cite datetime".split()),
    "ins": frozenset("cite datetime".split()),
    "details": frozenset(["open"]),
}
#: Python-Markdown's tables align cells with exactly this style; nothing else.
ALLOWED_STYLE = re.compile(r"^text-align:\s*(left|right|center);?$")
URL_ATTRIBUTES = frozenset(
    "href src cite action formaction poster srcset data background longdesc xlink:href".split()
)
#: Tags that run code, embed other sites or restyle the page, and why.
DANGEROUS_TAGS: dict[str, str] = {
    "script": "it runs code in readers' browsers",
    "noscript": "it only exists to go with scripts",
    "template": "it only exists to go with scripts",
    "iframe": "it embeds another site in the page",
    "frame": "it embeds another site in the page",
    "frameset": "it embeds another site in the page",
    "object": "it embeds a program in the page",
    "embed": "it embeds a program in the page",
    "applet": "it embeds a program in the page",
    "portal": "it embeds another site in the page",
    "style": "it restyles the whole site",
    "link": "it loads files from elsewhere into the page",
    "base": "it changes where every link of the page points",
    "meta": "it changes how the browser treats the page",
    "form": "it sends readers' input elsewhere",
    "input": "it sends readers' input elsewhere",
    "button": "it sends readers' input elsewhere",
    "textarea": "it sends readers' input elsewhere",
    "select": "it sends readers' input elsewhere",
    "svg": "inline SVG can carry script",
    "math": "inline MathML can carry script",
}
_PARSER_WRAPPERS = frozenset(["html", "head", "body"])
_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_SAFE_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif|webp|avif);", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """A problem in rendered HTML; ``needle`` finds its line in the source."""

    rule: str
    field: str
    message: str
    fix: str
    #: patterns tried in order to find the line in the source (first that matches)
    needle: tuple[re.Pattern[str], ...] = ()


def needle(text: str) -> re.Pattern[str]:
    return re.compile(re.escape(text), re.IGNORECASE)


def _attribute(name: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(name)}\s*=", re.IGNORECASE)


def _scheme(value: str) -> str:
    # Browsers ignore ASCII whitespace and control characters inside a scheme
    # ("java\tscript:"), so the comparison must too.
    return re.sub(r"[\x00-\x20]", "", value).lower()


def parse(html: str) -> LexborHTMLParser:
    return LexborHTMLParser(html)


def elements(tree: LexborHTMLParser) -> Iterator[LexborNode]:
    """Every element, in <head> too: parsers move a leading <script>, <style> or <meta> there."""
    root = tree.root
    if root is None:
        return
    for node in root.traverse(include_text=False):
        if node.tag and not node.tag.startswith("-") and node.tag not in _PARSER_WRAPPERS:
            yield node


def safety_findings(tree: LexborHTMLParser, field: str = "body") -> list[Finding]:
    """Every element, attribute and URL outside the allow-list."""
    found: list[Finding] = []
    for node in elements(tree):
        tag = node.tag
        if tag in DANGEROUS_TAGS:
            found.append(
                Finding(
                    "html-dangerous",
                    field,
                    f"<{tag}> is not allowed: {DANGEROUS_TAGS[tag]}",
                    f"remove the <{tag}> element; content cannot run code, embed or restyle",
                    (re.compile(rf"<{tag}\b", re.IGNORECASE),),
                )
            )
            continue
        listed = tag in ALLOWED_TAGS
        if not listed:
            found.append(
                Finding(
                    "html-tag",
                    field,
                    f"<{tag}> is not in the allowed HTML",
                    "use Markdown formatting instead (the allowed tags are in CONTRIBUTING.md)",
                    (re.compile(rf"<{re.escape(tag)}\b", re.IGNORECASE),),
                )
            )
        allowed = GLOBAL_ATTRIBUTES | ALLOWED_ATTRIBUTES.get(tag, frozenset())
        for name, value in node.attributes.items():
            value = value or ""
            if name.startswith("on"):
                found.append(
                    Finding(
                        "html-event",
                        field,
                        f"event-handler attribute {name} on <{tag}> is not allowed",
                        f"remove {name}=...; content cannot run script",
                        (_attribute(name),),
                    )
                )
            elif name in URL_ATTRIBUTES and _dangerous_url(tag, name, value):
                scheme = _scheme(value).split(":", 1)[0]
                found.append(
                    Finding(
                        "html-url",
                        field,
                        f"{scheme}: address in <{tag} {name}> is not allowed",
                        "link to an https:// address or to a page of this site",
                        (re.compile(rf"{re.escape(scheme)}\s*:", re.IGNORECASE), _attribute(name)),
                    )
                )
            elif listed and (
                name not in allowed or (name == "style" and not ALLOWED_STYLE.match(value))
            ):
                everywhere = ", ".join(sorted(GLOBAL_ATTRIBUTES))
                found.append(
                    Finding(
                        "html-attribute",
                        field,
                        f"attribute {name} on <{tag}> is not allowed",
                        f"remove it (allowed on every tag: {everywhere})",
                        (_attribute(name),),
                    )
                )
    return found


def _dangerous_url(tag: str, name: str, value: str) -> bool:
    scheme = _scheme(value)
    if not scheme.startswith(_BAD_SCHEMES):
        return False
    return not (tag == "img" and name == "src" and _SAFE_DATA_IMAGE.match(scheme))


def is_script_url(value: str) -> bool:
    return _scheme(value).startswith(_BAD_SCHEMES)


# -- images and links ----------------------------------------------------------


@dataclass(frozen=True)
class Link:
    tag: str
    attribute: str
    url: str


def image_findings(tree: LexborHTMLParser, field: str = "body") -> list[Finding]:
    found = []
    for node in elements(tree):
        if node.tag == "img" and not (node.attributes.get("alt") or "").strip():
            src = node.attributes.get("src") or ""
            found.append(
                Finding(
                    "image-alt",
                    field,
                    f"image '{src}' has no alt text",
                    f"describe the image for readers who cannot see it: ![تصویر کی تفصیل]({src})",
                    (needle(src),) if src else (),
                )
            )
    return found


def links(tree: LexborHTMLParser) -> list[Link]:
    found = []
    for node in elements(tree):
        for attribute in ("href", "src"):
            url = node.attributes.get(attribute)
            if url is not None and node.tag in ("a", "img"):
                found.append(Link(node.tag, attribute, url.strip()))
    return found


# -- script of body text -------------------------------------------------------

_BLOCKS = frozenset("p h1 h2 h3 h4 h5 h6 li td th dt dd figcaption caption summary".split())
_SKIPPED = frozenset("code pre kbd samp var".split())
#: A block needs this many letters before its script is judged: short Latin
#: names, acronyms and numbers in an Urdu paragraph are normal.
MIN_LETTERS = 20

_ARABIC_RANGES = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
                  (0xFE70, 0xFEFF))  # fmt: skip


def in_arabic_block(char: str) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in _ARABIC_RANGES)


def char_class(chars: Iterable[str]) -> str:
    """A regex character class (without brackets) for ``chars``, as ranges."""
    codes = sorted({ord(c) for c in chars})
    parts: list[str] = []
    start = previous = None
    for code in [*codes, None]:
        if code is not None and previous is not None and code == previous + 1:
            previous = code
            continue
        if start is not None and previous is not None:
            first, last = re.escape(chr(start)), re.escape(chr(previous))
            parts.append(first if start == previous else f"{first}-{last}")
        start = previous = code
    return "".join(parts)


ARABIC_BLOCK_CHARS = frozenset(chr(c) for low, high in _ARABIC_RANGES for c in range(low, high + 1))
_ARABIC_LETTER = re.compile(
    "[" + char_class(c for c in ARABIC_BLOCK_CHARS if unicodedata.category(c).startswith("L")) + "]"
)
#: Unicode letters (and a few letter-like numerals) outside the Arabic blocks
_OTHER_LETTER = re.compile(r"[^\W\d_" + char_class(ARABIC_BLOCK_CHARS) + "]")


def letter_scripts(text: str) -> tuple[int, dict[str, int]]:
    """(Arabic-script letters, {other script: letters}); digits, marks, punctuation ignored.

    Only the letters outside the Arabic blocks are looked at one by one: in
    Urdu text they are few, and a loop over every letter was a fifth of the
    cost of checking an article.
    """
    arabic = len(_ARABIC_LETTER.findall(text))
    other: dict[str, int] = {}
    for char in _OTHER_LETTER.findall(text):
        script = unicodedata.name(char, "OTHER").split(" ")[0].title()
        other[script] = other.get(script, 0) + 1
    return arabic, other


@dataclass(frozen=True)
class Block:
    text: str
    arabic: int
    other: dict[str, int]


def urdu_blocks(tree: LexborHTMLParser) -> list[Block]:
    """Text of each block element that is meant to be Urdu.

    Skipped: code, and anything inside an element whose ``lang`` is not Urdu
    (``<p lang="en">`` marks a quotation in English, as it should be).
    """
    texts: dict[int, list[str]] = {}
    order: list[int] = []
    root = tree.body
    if root is None:
        return []
    for node in root.traverse(include_text=True):
        if node.tag != "-text":
            continue
        block_id = None
        skip = False
        parent = node.parent
        while parent is not None and parent.tag not in _PARSER_WRAPPERS:
            if parent.tag in _SKIPPED:
                skip = True
                break
            lang = parent.attributes.get("lang")
            if lang is not None and not lang.lower().startswith("ur"):
                skip = True
                break
            if block_id is None and parent.tag in _BLOCKS:
                block_id = parent.mem_id
            parent = parent.parent
        if skip or block_id is None:
            continue
        if block_id not in texts:
            texts[block_id] = []
            order.append(block_id)
        texts[block_id].append(node.text_content or "")
    blocks = []
    for block_id in order:
        text = "".join(texts[block_id])
        arabic, other = letter_scripts(text)
        blocks.append(Block(text, arabic, other))
    return blocks


def visible_text(tree: LexborHTMLParser) -> str:
    root = tree.body
    return root.text(deep=True, separator=" ").strip() if root is not None else ""


# -- mapping findings back to source lines -------------------------------------


class Locator:
    """Line numbers for findings in rendered HTML, from the source text.

    The n-th finding with a given needle is placed on the line of the n-th
    match of that needle in the body (front matter excluded), so repeated
    mistakes land on their own lines. A finding may carry several needles,
    tried in order. Without any match: the first non-blank line of the body.
    """

    def __init__(self, text: str, body_line: int) -> None:
        self.text = text
        self.body_line = body_line
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._start = self._line_starts[min(body_line, len(self._line_starts)) - 1]
        self._used: dict[str, int] = {}
        first = re.compile(r"\S").search(text, self._start)
        self.default = self.line_at(first.start()) if first else body_line

    def line_at(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def line(self, needles: tuple[re.Pattern[str], ...]) -> int:
        for needle in needles:
            matches = [m.start() for m in needle.finditer(self.text, self._start)]
            if matches:
                nth = self._used.get(needle.pattern, 0)
                self._used[needle.pattern] = nth + 1
                return self.line_at(matches[min(nth, len(matches) - 1)])
        return self.default
