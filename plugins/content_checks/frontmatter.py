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
    name: str
    value: str
    line: int


@dataclass
class Source:
    """A content file as the contributor wrote it."""

    path: Path
    fields: dict[str, Field] = field(default_factory=dict)
    has_bom: bool = False
    has_crlf: bool = False
    body: str = ""
    body_line: int = 1

    def get(self, name: str) -> Field | None:
        return self.fields.get(name)


class UndecodableSource(ValueError):
    """The file is not UTF-8; ``offset`` is the first bad byte."""

    def __init__(self, path: Path, offset: int, reason: str) -> None:
        super().__init__(f"{path}: not UTF-8 at byte {offset}: {reason}")
        self.path = path
        self.offset = offset
        self.reason = reason


def read_source(path: Path) -> Source:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UndecodableSource(path, error.start, error.reason) from None
    source = Source(path=path, has_bom=text.startswith(BOM), has_crlf="\r\n" in text)
    text = text.removeprefix(BOM).replace("\r\n", "\n").replace("\r", "\n")
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
            current = Field(name, key_match["value"].strip(), index + 1)
            source.fields.setdefault(name, current)
        elif continuation and current is not None:
            current.value = f"{current.value} {continuation['value'].strip()}".strip()
        else:
            break
        index += 1
    source.body_line = index + 1
    source.body = "\n".join(lines[index:])
    return source
