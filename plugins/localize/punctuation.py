"""Keep Urdu punctuation on the line of the word it ends.

Urdu typists often put a space before ۔ ، ؟ ؛ (the first real article does),
and a browser may break a line at any space: a line then starts with a full
stop, or a comma stands alone. Replacing that space with U+00A0 NO-BREAK
SPACE keeps the gap the writer typed (the Nastaliq face draws U+00A0 like a
space) and removes the break opportunity, so the sign stays with its word.

This runs on the Markdown tree of right-to-left documents (article text and
summaries: only prose, never code) and on headlines, at build time: readers
without JavaScript get the same lines.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from typing import Any

from .bidi import RtlExtension, RtlTreeprocessor

__all__ = ["TRAILING_MARKS", "BindPunctuation", "bind_punctuation"]

#: Signs that end what comes before them: Urdu full stop, comma, question
#: mark, semicolon, and closing quotes and brackets.
TRAILING_MARKS = "۔،؟؛!»”’)"
NO_BREAK_SPACE = "\u00a0"
SPACE_BEFORE_MARK = re.compile(rf"[ \t\r\n]+(?=[{re.escape(TRAILING_MARKS)}])")
SKIP_TAGS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "math"})


def bind_punctuation(text: str) -> str:
    """``text`` with every run of spaces before a trailing mark made one U+00A0."""
    return SPACE_BEFORE_MARK.sub(NO_BREAK_SPACE, text)


class BindPunctuation(RtlTreeprocessor):
    """Bind trailing marks in the prose of right-to-left Markdown documents.

    Latin runs isolated in ``<bdi lang="en">`` are skipped (English keeps its
    own rules); their tails are Urdu and are bound like any other text.
    """

    def skipped(self, element: etree.Element) -> bool:
        lang = element.attrib.get("lang")
        return element.tag in SKIP_TAGS or (
            lang is not None and lang.split("-")[0].lower() not in self.rtl_langs
        )

    def visit(self, element: etree.Element) -> None:
        """Bind ``element``'s own text and its children's tails (its text too)."""
        if self.skipped(element):
            return
        if element.text:
            element.text = bind_punctuation(element.text)
        for child in element:
            self.visit(child)
            if child.tail:
                child.tail = bind_punctuation(child.tail)


def bind_title(instance: Any, rtl_langs: set[str]) -> None:
    """Bind the marks of a right-to-left content object's headline."""
    if getattr(instance, "lang", None) not in rtl_langs:
        return
    title = getattr(instance, "title", None)
    if isinstance(title, str) and title:
        bound = bind_punctuation(title)
        if bound != title:
            instance.title = bound
            instance.metadata["title"] = bound


class PunctuationExtension(RtlExtension):
    """Binds trailing marks to their words in right-to-left Markdown documents."""

    processor = BindPunctuation
    name = "bind_punctuation"
    # After the Latin runs were isolated (15): their tails are Urdu prose.
    priority = 14
