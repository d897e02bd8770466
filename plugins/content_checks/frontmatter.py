"""Read a Markdown source's front matter with the line number of every field.

Pelican's reader reports problems without line numbers and stops at the first
one; contributors need every problem at once, each with ``path:line``. This
parser follows the same format as Python-Markdown's ``meta`` extension (which
Pelican uses): ``Key: value`` lines at the top, optional ``---`` fences,
indented continuation lines, ending at the first blank line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

BOM = "\ufeff"
_KEY = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
_CONTINUATION = re.compile(r"^[ ]{4,}(?P<value>.*)$")
_FENCE = re.compile(r"^-{3}\s*$")


@dataclass
class Field:
    name: str  # lower-case, as Pelican sees it
    value: str  # continuation lines joined with a space
    line: int
    written: str = ""  # the key as the contributor typed it ("Tag")
    values: list[str] = field(default_factory=list)  # one item per source line, as Pelican

    def __post_init__(self) -> None:
        self.written = self.written or self.name
        if not self.values:
            self.values = [self.value]


@dataclass
class Source:
    """A content file as the contributor wrote it."""

    path: Path
    fields: dict[str, Field] = field(default_factory=dict)
    has_bom: bool = False
    has_crlf: bool = False
    body: str = ""
    body_line: int = 1
    text: str = ""  # the whole file, BOM removed, newlines normalised to "\n"
    crlf_line: int = 0  # first line ending in CRLF (0: none)
    duplicates: list[Field] = field(default_factory=list)  # second and later definitions
    line_fields: dict[int, str] = field(default_factory=dict)  # front-matter line → field
    stray_line: int = 0  # a non-field line that ended the front matter before more fields
    stray_text: str = ""
    stray_fields: list[str] = field(default_factory=list)  # keys lost after the stray line

    def get(self, name: str) -> Field | None:
        return self.fields.get(name)


class UndecodableSource(ValueError):
    """The file is not UTF-8; ``offset`` is the first bad byte, ``line`` its line."""

    def __init__(self, path: Path, offset: int, reason: str, line: int = 1) -> None:
        super().__init__(f"{path}: not UTF-8 at byte {offset}: {reason}")
        self.path = path
        self.offset = offset
        self.reason = reason
        self.line = line


def decode(path: Path, raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise UndecodableSource(path, error.start, error.reason, line) from None


def read_source(path: Path, raw: bytes | None = None) -> Source:
    raw = path.read_bytes() if raw is None else raw
    text = decode(path, raw)
    return parse_source(path, text)


def parse_source(path: Path, text: str) -> Source:
    source = Source(path=path, has_bom=text.startswith(BOM), has_crlf="\r\n" in text)
    if source.has_crlf:
        source.crlf_line = text[: text.index("\r\n")].count("\n") + 1
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
    source.text = text
    lines = text.split("\n")
    index = 0
    if lines and _FENCE.match(lines[0]):
        index = 1
    current: Field | None = None
    while index < len(lines):
        line = lines[index]
        if not line.strip() or _FENCE.match(line):
            if _FENCE.match(line):
                index += 1
            break
        key_match = _KEY.match(line)
        continuation = _CONTINUATION.match(line)
        if key_match:
            name = key_match["key"].lower()
            value = key_match["value"].strip()
            current = Field(name, value, index + 1, key_match["key"], [value])
            if name in source.fields:
                source.duplicates.append(current)
            else:
                source.fields[name] = current
            source.line_fields[index + 1] = name
        elif continuation and current is not None:
            more = continuation["value"].strip()
            current.value = f"{current.value} {more}".strip()
            current.values.append(more)
            source.line_fields[index + 1] = current.name
        else:
            if source.fields:
                _note_stray(source, lines, index)
            break
        index += 1
    source.body_line = index + 1
    source.body = "\n".join(lines[index:])
    return source


def _note_stray(source: Source, lines: list[str], index: int) -> None:
    """A line that is not ``Key: value`` ends the front matter (Python-Markdown's rule).

    That is harmless when the body simply starts without a blank line, but if
    ``Key: value`` lines follow before the next blank line, the contributor
    meant them as fields and Pelican will print them as text instead.
    """
    for following in lines[index + 1 :]:
        if not following.strip():
            break
        key = _KEY.match(following)
        if key:
            source.stray_fields.append(key["key"].lower())
    if source.stray_fields:
        source.stray_line = index + 1
        source.stray_text = lines[index].strip()
