"""The little CSS the plugin must understand: @font-face rules, unicode-range,
and ``content:`` strings.

A full CSS parser would be a new dependency for three constructs whose grammar
is small; a tokenizer that respects strings and comments is enough and keeps
the rewrite byte-for-byte outside the rules it touches.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_HEX = "0123456789abcdefABCDEF"


def _skip_string(text: str, i: int) -> int:
    """Index just past the string literal starting at ``text[i]``."""
    quote = text[i]
    i += 1
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch == quote or ch == "\n":
            return i + 1
        i += 1
    return i


def _skip_comment(text: str, i: int) -> int:
    end = text.find("*/", i + 2)
    return len(text) if end < 0 else end + 2


def decode_string(literal: str) -> str:
    """Value of a CSS string token (quotes included), with escapes resolved."""
    body = literal[1:-1] if len(literal) >= 2 and literal[-1] == literal[0] else literal[1:]
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch != "\\":
            out.append(ch)
            i += 1
            continue
        i += 1
        if i >= len(body):
            break
        if body[i] == "\n":
            i += 1
            continue
        j = i
        while j < len(body) and j - i < 6 and body[j] in _HEX:
            j += 1
        if j > i:
            cp = int(body[i:j], 16)
            out.append(chr(cp) if 0 < cp <= 0x10FFFF and not 0xD800 <= cp <= 0xDFFF else "\ufffd")
            if j < len(body) and body[j] in " \t\n":
                j += 1
            i = j
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def content_strings(css: str) -> list[str]:
    """Text of each ``content:`` declaration: what CSS inserts into pages."""
    found: list[str] = []
    i = 0
    n = len(css)
    prop = re.compile(r"(?<![\w-])content\s*:", re.I)
    while i < n:
        ch = css[i]
        if ch in "\"'":
            i = _skip_string(css, i)
            continue
        if css.startswith("/*", i):
            i = _skip_comment(css, i)
            continue
        m = prop.match(css, i)
        if m is None:
            i += 1
            continue
        i = m.end()
        parts: list[str] = []  # adjacent strings in one value are concatenated
        while i < n and css[i] not in ";}":
            if css[i] in "\"'":
                end = _skip_string(css, i)
                parts.append(decode_string(css[i:end]))
                i = end
            elif css.startswith("/*", i):
                i = _skip_comment(css, i)
            else:
                i += 1
        if parts:
            found.append("".join(parts))
    return found


# --- unicode-range ------------------------------------------------------------

Ranges = list[tuple[int, int]]


def parse_unicode_range(value: str) -> Ranges:
    """``U+0600-06FF, U+06??, U+20`` → sorted, merged inclusive ranges."""
    ranges: Ranges = []
    for token in value.split(","):
        token = token.strip()
        if not token:
            continue
        m = re.fullmatch(r"[uU]\+([0-9a-fA-F?]{1,6})(?:-([0-9a-fA-F]{1,6}))?", token)
        if m is None:
            raise ValueError(f"bad unicode-range token {token!r}")
        first, last = m.group(1), m.group(2)
        if "?" in first:
            if last or not re.fullmatch(r"[0-9a-fA-F]*\?+", first):
                raise ValueError(f"bad unicode-range token {token!r}")
            lo, hi = int(first.replace("?", "0"), 16), int(first.replace("?", "F"), 16)
        else:
            lo = int(first, 16)
            hi = int(last, 16) if last else lo
        if hi < lo:
            raise ValueError(f"bad unicode-range token {token!r}")
        ranges.append((lo, hi))
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
    name: str
    value: str


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
        value = self.get("font-family")
        if value is None:
            return None
        value = value.strip()
        if value[:1] in "\"'":
            return decode_string(value)
        return " ".join(value.split())

    def urls(self) -> list[str]:
        return src_urls(self.get("src") or "")


def _declarations(body: str) -> list[Declaration]:
    decls: list[Declaration] = []
    start = i = 0
    depth = 0
    chunks: list[str] = []
    while i <= len(body):
        if i == len(body) or (body[i] == ";" and depth == 0):
            chunks.append(body[start:i])
            start = i + 1
            i += 1
            continue
        ch = body[i]
        if ch in "\"'":
            i = _skip_string(body, i)
            continue
        if body.startswith("/*", i):
            end = _skip_comment(body, i)
            body = body[:i] + " " + body[end:]
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        i += 1
    for chunk in chunks:
        name, sep, value = chunk.partition(":")
        if sep and name.strip():
            decls.append(Declaration(name.strip().lower(), " ".join(value.split())))
    return decls


def font_faces(css: str) -> list[FontFace]:
    faces: list[FontFace] = []
    i = 0
    n = len(css)
    at_rule = re.compile(r"@font-face\s*\{", re.I)
    while i < n:
        ch = css[i]
        if ch in "\"'":
            i = _skip_string(css, i)
            continue
        if css.startswith("/*", i):
            i = _skip_comment(css, i)
            continue
        m = at_rule.match(css, i) if ch == "@" else None
        if m is None:
            i += 1
            continue
        j = m.end()
        while j < n and css[j] != "}":
            if css[j] in "\"'":
                j = _skip_string(css, j)
            elif css.startswith("/*", j):
                j = _skip_comment(css, j)
            else:
                j += 1
        faces.append(FontFace(i, min(j + 1, n), _declarations(css[m.end() : j])))
        i = j + 1
    return faces


_URL = re.compile(r"""url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)\s]*))\s*\)""", re.I)


def src_urls(value: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _URL.finditer(value)]


def render_font_face(declarations: list[Declaration]) -> str:
    lines = "".join(f"  {d.name}: {d.value};\n" for d in declarations)
    return "@font-face {\n" + lines + "}"
