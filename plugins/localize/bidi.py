"""Isolate Latin runs inside right-to-left Markdown, as it is converted.

Contributors type "Sputnik V" or "UN" straight into an Urdu sentence. Left
bare, the bidi algorithm pulls neighbouring numbers and punctuation into the
Latin run and reorders them; screen readers also read it with Urdu rules and
CSS gives it the Nastaliq font. Wrapping each run in
``<bdi lang="en" dir="ltr">`` fixes all three. Doing it on the Markdown tree
(after inline patterns, before serialisation) touches only prose: code spans,
code blocks and Markdown elements that already state ``lang`` or ``dir`` are
left as the contributor wrote them. Raw inline HTML tags are opaque
placeholders at this stage, so text between ``<span lang="en">`` and
``</span>`` is still isolated: redundant, but rendered the same.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

LATIN_RUN = re.compile(r"[A-Za-z](?:[A-Za-z0-9]|[ .'’&/-](?=[A-Za-z0-9]))*")
# Raw HTML and other stashed pieces sit in the tree as \x02...\x03 placeholders.
PLACEHOLDER = re.compile("\x02[^\x03]*\x03")
SKIP_TAGS = frozenset({"code", "pre", "bdi", "bdo", "script", "style", "kbd", "samp", "math"})


def _split(text: str) -> list[tuple[str, bool]]:
    """Cut text into (piece, is_latin_run), never inside a placeholder."""
    pieces: list[tuple[str, bool]] = []
    cursor = 0
    for protected in [*PLACEHOLDER.finditer(text), None]:
        end = protected.start() if protected else len(text)
        segment = text[cursor:end]
        last = 0
        for run in LATIN_RUN.finditer(segment):
            pieces.append((segment[last : run.start()], False))
            pieces.append((run.group(), True))
            last = run.end()
        pieces.append((segment[last:], False))
        if protected:
            pieces.append((protected.group(), False))
            cursor = protected.end()
    return [(piece, latin) for piece, latin in pieces if piece]


def _bdi(text: str) -> etree.Element:
    element = etree.Element("bdi", {"lang": "en", "dir": "ltr"})
    element.text = text
    return element


class RtlTreeprocessor(Treeprocessor):
    """Runs ``visit`` on the tree of right-to-left documents only (their ``Lang``)."""

    def __init__(self, md: Markdown, default_lang: str, rtl_langs: set[str]) -> None:
        super().__init__(md)
        self.default_lang = default_lang
        self.rtl_langs = rtl_langs

    def document_lang(self) -> str:
        meta = getattr(self.md, "Meta", {}) or {}
        value = meta.get("lang") or [self.default_lang]
        return str(value[0]).strip().lower()

    def run(self, root: etree.Element) -> None:
        if self.document_lang() in self.rtl_langs:
            self.visit(root)

    def visit(self, element: etree.Element) -> None:
        raise NotImplementedError


class IsolateLatinRuns(RtlTreeprocessor):
    def visit(self, element: etree.Element) -> None:
        if element.tag in SKIP_TAGS or "lang" in element.attrib or "dir" in element.attrib:
            return
        for child in list(element):
            self.visit(child)
        # Children first: their tails are rewritten in place below.
        index = 0
        if element.text:
            index = self.rewrite(element, element.text, 0, is_tail=None)
        for child in list(element):
            index = list(element).index(child) + 1
            if child.tail:
                self.rewrite(element, child.tail, index, is_tail=child)

    def rewrite(
        self, parent: etree.Element, text: str, index: int, is_tail: etree.Element | None
    ) -> int:
        pieces = _split(text)
        if not any(latin for _, latin in pieces):
            return index
        head, rest = [], pieces
        while rest and not rest[0][1]:
            head.append(rest[0][0])
            rest = rest[1:]
        if is_tail is None:
            parent.text = "".join(head)
        else:
            is_tail.tail = "".join(head)
        previous: etree.Element | None = None
        for piece, latin in rest:
            if latin:
                previous = _bdi(piece)
                parent.insert(index, previous)
                index += 1
            elif previous is not None:
                previous.tail = (previous.tail or "") + piece
        return index


class RtlExtension(Extension):
    """A Markdown extension running one ``RtlTreeprocessor``; configure
    ``default_lang`` and ``rtl_langs``."""

    processor: type[RtlTreeprocessor]
    name = ""
    priority = 0

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "default_lang": ["ur", "language of documents without a Lang field"],
            "rtl_langs": [["ur"], "languages written right to left"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        processor = self.processor(
            md, self.getConfig("default_lang"), set(self.getConfig("rtl_langs"))
        )
        md.treeprocessors.register(processor, self.name, self.priority)


class BidiExtension(RtlExtension):
    """Isolates Latin runs in ``<bdi>``."""

    processor = IsolateLatinRuns
    name = "isolate_latin_runs"
    # After inline patterns (20) built <code>, <a> and <em>; before prettify (10).
    priority = 15
