"""The CSS the plugin must understand: @font-face rules, unicode-range, and ``content:`` strings.

tinycss2 does the parsing, so strings, comments, escapes and nested @media/@supports
blocks are read as a browser reads them. The rewrite still edits the stylesheet text
in place (``FontFace.start``/``end``), so everything outside the rules it replaces
stays byte for byte.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import tinycss2
from tinycss2.ast import Node, WhitespaceToken

Ranges = list[tuple[int, int]]

# The line breaks tinycss2 folds into one "\n" before counting lines and columns.
_LINE_BREAK = re.compile(r"\r\n|[\r\n\f]")


def _offsets(text: str) -> list[int]:
    """Where each line of ``text`` starts, as tinycss2 numbers lines."""
    return [0, *(m.end() for m in _LINE_BREAK.finditer(text))]


def _at(line_starts: list[int], node: Node) -> int:
    """Index in the original text of ``node``: tinycss2 only records line and column."""
    return line_starts[node.source_line - 1] + node.source_column - 1


def _walk(nodes: list[Node], limit: int, line_starts: list[int]) -> Iterator[tuple[Node, int, int]]:
    """Every rule and declaration, nested ones included, with its start and a bound on its end.

    The bound is where the next node at the same or an outer level starts; it keeps
    re-tokenizing a rule to find its end (see ``_end``) cheap.
    """
    for i, node in enumerate(nodes):
        if node.type not in ("qualified-rule", "at-rule", "declaration"):
            continue
        bound = _at(line_starts, nodes[i + 1]) if i + 1 < len(nodes) else limit
        yield node, _at(line_starts, node), bound
        if node.type != "declaration" and node.content is not None:
            content = tinycss2.parse_blocks_contents(node.content, skip_whitespace=True)
            yield from _walk(content, bound, line_starts)


def _tree(css: str) -> Iterator[tuple[Node, int, int]]:
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    yield from _walk(rules, len(css), _offsets(css))


def _strings(tokens: Iterable[Node]) -> Iterator[str]:
    for token in tokens:
        if token.type == "string":
            yield token.value
        elif token.type == "function" and token.lower_name != "url":
            yield from _strings(token.arguments)  # counters(), attr() fallbacks


def content_strings(css: str) -> list[str]:
    """Text each ``content`` declaration inserts into pages, which the subset must cover."""
    found = []
    for node, _, _ in _tree(css):
        if node.type == "declaration" and node.lower_name == "content":
            text = "".join(_strings(node.value))
            if text:
                found.append(text)
    return found


# --- unicode-range ------------------------------------------------------------


def parse_unicode_range(value: str) -> Ranges:
    """``U+0600-06FF, U+06??, U+20`` → sorted, merged inclusive ranges.

    Raises ValueError rather than guess: a wrong range silently drops glyphs.
    """
    line_starts = _offsets(value)
    cuts, groups = [0], [[]]
    for token in tinycss2.parse_component_value_list(value, skip_comments=True):
        if token == ",":
            cuts.append(_at(line_starts, token))
            groups.append([])
        elif token.type != "whitespace":
            groups[-1].append(token)
    cuts.append(len(value))
    ranges: Ranges = []
    for i, group in enumerate(groups):
        if not group:
            continue
        token = group[0]
        if len(group) != 1 or token.type != "unicode-range" or token.end < token.start:
            written = value[cuts[i] : cuts[i + 1]].strip(" \t\n,")
            raise ValueError(f"bad unicode-range token {written!r}")
        ranges.append((token.start, token.end))
    return merge(ranges)


def merge(ranges: Iterable[tuple[int, int]]) -> Ranges:
    merged: Ranges = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def in_ranges(cp: int, ranges: Ranges) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def format_unicode_range(codepoints: Iterable[int]) -> str:
    ranges = merge((cp, cp) for cp in codepoints)
    return ", ".join(f"U+{lo:04X}" if lo == hi else f"U+{lo:04X}-{hi:04X}" for lo, hi in ranges)


# --- @font-face ----------------------------------------------------------------


@dataclass
class Declaration:
    """A descriptor as CSS text, so rewritten rules can mix read and new descriptors."""

    name: str
    value: str
    important: bool = False


@dataclass
class FontFace:
    """One @font-face rule: ``css[start:end]`` is the whole rule."""

    start: int
    end: int
    declarations: list[Declaration]

    def get(self, name: str) -> str | None:
        for decl in self.declarations:
            if decl.name == name:
                return decl.value
        return None

    def family(self) -> str | None:
        """The family name, unquoted and unescaped; a malformed value as written, for errors."""
        value = self.get("font-family")
        if value is None:
            return None
        tokens = _significant(value)
        if len(tokens) == 1 and tokens[0].type == "string":
            return tokens[0].value
        if tokens and all(t.type == "ident" for t in tokens):
            return " ".join(t.value for t in tokens)
        return value

    def urls(self) -> list[str]:
        """Every ``url()`` of ``src``, skipping ``local()`` faces the plugin cannot subset."""
        urls = []
        for token in _significant(self.get("src") or ""):
            if token.type == "url":
                urls.append(token.value)
            elif token.type == "function" and token.lower_name == "url":
                urls.extend(_strings(token.arguments))
        return urls


def _significant(value: str) -> list[Node]:
    tokens = tinycss2.parse_component_value_list(value, skip_comments=True)
    return [t for t in tokens if t.type != "whitespace"]


def _css_text(tokens: list[Node]) -> str:
    """Serialized value with whitespace runs as single spaces: rewritten rules are one line each."""
    flat = [
        WhitespaceToken(t.source_line, t.source_column, " ") if t.type == "whitespace" else t
        for t in tokens
    ]
    return tinycss2.serialize(flat).strip()


def _end(css: str, start: int, bound: int) -> int:
    """Index just past the rule at ``css[start:]``; the AST does not record where blocks close.

    Re-tokenizing from the rule's start up to ``bound`` reads it exactly as before; the
    first token after its block (``;``, an enclosing block's ``}``) marks its end.
    """
    text = css[start:bound]
    tokens = tinycss2.parse_component_value_list(text)
    block = next(i for i, t in enumerate(tokens) if t.type == "{} block")
    if block + 1 == len(tokens):
        return bound
    return start + _at(_offsets(text), tokens[block + 1])


def font_faces(css: str) -> list[FontFace]:
    """Every @font-face, including those inside @media, @supports and other blocks."""
    faces = []
    for node, start, bound in _tree(css):
        if node.type != "at-rule" or node.lower_at_keyword != "font-face" or node.content is None:
            continue
        decls = [
            Declaration(d.lower_name, _css_text(d.value), d.important)
            for d in tinycss2.parse_blocks_contents(node.content)
            if d.type == "declaration"
        ]
        faces.append(FontFace(start, _end(css, start, bound), decls))
    return faces


def render_font_face(declarations: list[Declaration]) -> str:
    lines = "".join(
        f"  {d.name}: {d.value}{' !important' if d.important else ''};\n" for d in declarations
    )
    return "@font-face {\n" + lines + "}"
