"""The glossary's folding table, exported for the browser's copy of ``fold()``.

Queries are folded in the browser and must fold exactly as the index did in
Python. Rather than maintain a second table by hand, the table is *derived*
from ``glossary.normalize.normalize`` itself: every BMP character is folded
alone and those that change are listed. The only context-dependent rule
(U+0653 maddah after alef becomes آ, otherwise it is dropped) is the one thing
the JavaScript implements itself; ``tests/reader/test_fold_js.py`` runs that
JavaScript against Python's ``fold()`` on every listed character and on
random mixed strings, so the two cannot drift apart unnoticed.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ..glossary.normalize import normalize

MADDAH = "\u0653"


@lru_cache(maxsize=1)
def fold_table() -> dict[str, str]:
    """``{replacement: source characters}``: grouped by replacement, which is compact.

    About 900 characters change (Arabic presentation forms, marks, digits,
    A–Z, whitespace); grouping by their replacement keeps the JSON near 6 KB.
    """
    groups: dict[str, list[str]] = {}
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if char == MADDAH:
            continue  # contextual: handled in search.js
        folded = normalize(char).text
        # A space maps to itself but, like every whitespace, collapses with
        # its neighbours, so the browser must know it too.
        if folded != char or folded == " ":
            groups.setdefault(folded, []).append(char)
    return {target: "".join(chars) for target, chars in sorted(groups.items())}


def fold_payload() -> dict[str, Any]:
    """The table plus the three characters of the contextual maddah rule."""
    return {"map": fold_table(), "maddah": MADDAH, "alef": "\u0627", "alefMadda": "\u0622"}


def script_json(payload: Any) -> str:
    """ASCII-only JSON, safe inside ``<script type="application/json">``.

    ASCII escapes keep bidi controls, BOMs and lone combining marks out of the
    HTML source, where validators (and editors) would trip over them.
    """
    text = json.dumps(payload, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    return text.replace("</", "<\\/")
