"""Where may the space glyph take part in shaping? If only at the end of a
match, a run shapes as its space-ended pieces shaped alone.

Verifying a subset run by run costs two HarfBuzz shapings of every distinct
paragraph: at 10,000 articles that is most of the build, and paragraphs
rarely repeat. Words repeat all the time. Cut a run after each space:
``"پاک روس سے"`` → ``"پاک "``, ``"روس "``, ``"سے"``. A lookup can only make
the shaping of one piece depend on another through a match that spans the
cut, and such a match holds the space somewhere *before* its last glyph (a
context sequence is contiguous up to skipped glyphs). So when the space is
never skipped and appears in no lookup except as the **last** glyph of a
coverage-based context (nothing after it, nothing before it in a backtrack),
HarfBuzz shapes the run exactly as the concatenation of its pieces; Arabic
joining already stops at U+0020 (non-joining). Then "every distinct piece
shapes identically with the subset" proves "every run does", and pieces
repeat like words.

Noto Nastaliq Urdu is such a font, but not a word-separable one: its
``rlig`` lookup 153 inserts two spacer glyphs after an isolated kaf or gaf
(``پاک``) *when something follows it*, the space included, so ``"پاک"``
alone and ``"پاک "`` shape differently — which is why the pieces keep
their space.

``space_interactions`` lists every reason a font fails the test, erring
towards failing: the space named by any other kind of lookup or position, a
class-based context rule or class kern that matches class 0 (every glyph the
class table leaves out, the space among them), a lookup flag that skips the
space's glyph class. An empty list is the proof; otherwise callers verify
whole runs, as before.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from fontTools import unicodedata
from fontTools.ttLib import TTFont

from ..cache import write_atomic

__all__ = ["piece_separable", "pieces", "space_interactions"]

#: Bumped when the test changes: remembered answers are then decided again.
VERSION = 1
SPACE = 0x20
_NO_SCRIPT = {"Zyyy", "Zinh", "Zzzz"}  # Common, Inherited, Unknown
#: LookupFlag bits that make a lookup skip glyphs of GDEF class 1, 2, 3.
_SKIP_FLAGS = {1: 0x2, 2: 0x4, 3: 0x8}
#: (table, lookup type, format) of class-based contexts: class 0 is "any other glyph".
_CLASS_CONTEXTS = {("GSUB", 5, 2), ("GSUB", 6, 2), ("GPOS", 7, 2), ("GPOS", 8, 2)}
_COVERAGE_CONTEXTS = {("GSUB", 5, 3), ("GSUB", 6, 3), ("GPOS", 7, 3), ("GPOS", 8, 3)}


def pieces(text: str) -> list[str]:
    """``text`` cut after each space (the space stays with the piece before it).

    Each piece is shaped alone with the segment properties HarfBuzz guesses
    from its first character of a real script, as the run is; a piece whose
    guess would differ (``"، "``, ``"5 "``, a Latin word) is joined to its
    neighbour, so every piece is shaped in the run's direction and script.
    """
    want = _script(text)
    out: list[str] = []
    parts = text.split(" ")
    last = len(parts) - 1
    for i, part in enumerate(parts):
        piece = part if i == last else part + " "
        if not piece:
            continue
        # most pieces start with a letter of the run's script: one dict lookup
        if out and _SCRIPTS.get(piece[0]) != want and _script(piece) != want:
            out[-1] += piece
        else:
            out.append(piece)
    while len(out) > 1 and _script(out[0]) != want:
        out[1] = out[0] + out[1]
        del out[0]
    return out


def _script(text: str) -> str:
    """HarfBuzz's guess: the script of the first character that has a real one."""
    for char in text:
        code = _SCRIPTS.get(char)
        if code is None:
            code = _SCRIPTS[char] = unicodedata.script(char)
        if code not in _NO_SCRIPT:
            return code
    return ""


_SCRIPTS: dict[str, str] = {}


def piece_separable(sfnt: bytes, sha256: str = "", folder: Path | None = None) -> bool:
    """Whether runs may be verified piece by piece; remembered in ``folder``
    (per font hash) because deciding decompiles GSUB and GPOS (about a second)."""
    path = folder / f"{sha256[:32]}-v{VERSION}.json" if folder is not None and sha256 else None
    if path is not None:
        try:
            return not json.loads(path.read_text(encoding="utf-8"))["interactions"]
        except (OSError, ValueError, KeyError, TypeError):
            pass
    found = space_interactions(sfnt)
    if path is not None:
        try:
            write_atomic(path, json.dumps({"interactions": list(found)}))
        except OSError:
            pass  # decided again next build
    return not found


@lru_cache(maxsize=8)
def space_interactions(sfnt: bytes) -> tuple[str, ...]:
    """Why shaping may not split into space-ended pieces; empty when it does."""
    try:
        return _interactions(TTFont(io.BytesIO(sfnt)))
    except Exception as exc:  # a font OTS passes but fontTools cannot read: no shortcut
        return (f"fontTools cannot read the layout tables ({exc.__class__.__name__}: {exc})",)


def _interactions(font: TTFont) -> tuple[str, ...]:
    space = font.getBestCmap().get(SPACE)
    if space is None:
        return ("the font has no space glyph (U+0020 comes from a fallback font)",)
    klass = _glyph_class(font, space)
    found: list[str] = []
    for tag in ("GSUB", "GPOS"):
        if tag not in font or font[tag].table.LookupList is None:
            continue
        extension = 7 if tag == "GSUB" else 9
        for i, lookup in enumerate(font[tag].table.LookupList.Lookup):
            where = f"{tag} lookup {i}"
            if klass in _SKIP_FLAGS and lookup.LookupFlag & _SKIP_FLAGS[klass]:
                found.append(f"{where} skips the space's glyph class {klass}")
            for sub in lookup.SubTable:
                kind = lookup.LookupType
                if kind == extension:
                    kind, sub = sub.ExtensionLookupType, sub.ExtSubTable
                form = getattr(sub, "Format", 0)
                if _names(sub, space):
                    if (tag, kind, form) in _COVERAGE_CONTEXTS and _space_only_last(sub, space):
                        continue
                    found.append(f"{where} has the space glyph {space!r} before the end of a match")
                elif (tag, kind, form) in _CLASS_CONTEXTS and _uses_class_zero(sub):
                    found.append(f"{where} has a class-based context rule matching class 0")
                elif tag == "GPOS" and kind == 2 and form == 2 and _kerns_class_zero(sub):
                    found.append(f"{where} kerns against class 0 (any glyph, the space too)")
    return tuple(found)


def _space_only_last(sub: Any, space: str) -> bool:
    """In a coverage-based (chain) context: the space only in the last coverage
    of the whole sequence (input, then lookahead), never in the backtrack."""
    backtrack = getattr(sub, "BacktrackCoverage", None) or []
    sequence = [
        *(getattr(sub, "InputCoverage", None) or getattr(sub, "Coverage", None) or []),
        *(getattr(sub, "LookAheadCoverage", None) or []),
    ]
    if any(space in c.glyphs for c in backtrack):
        return False
    return all(space not in c.glyphs for c in sequence[:-1])


def _glyph_class(font: TTFont, glyph: str) -> int:
    """GDEF's class for ``glyph``; HarfBuzz treats a font without one as bases."""
    if "GDEF" in font:
        classes = font["GDEF"].table.GlyphClassDef
        if classes is not None:
            return classes.classDefs.get(glyph, 0)
    return 1


def _names(obj: Any, glyph: str, depth: int = 0) -> bool:
    """Whether ``glyph`` occurs anywhere in a subtable's object tree."""
    for value in _values(obj):
        if value == glyph:
            return True
        if isinstance(value, str | int | float | bytes) or value is None:
            continue
        if depth < 12 and _names(value, glyph, depth + 1):
            return True
    return False


def _values(obj: Any) -> Iterator[Any]:
    if isinstance(obj, dict):
        yield from obj.keys()
        yield from obj.values()
    elif isinstance(obj, list | tuple | set | frozenset):
        yield from obj
    elif hasattr(obj, "__dict__"):
        yield from (v for k, v in vars(obj).items() if not k.startswith("_"))


def _uses_class_zero(sub: Any) -> bool:
    """A class-based (chain) context rule with class 0 after its first glyph
    (the first is gated by the coverage) or anywhere in its back/lookahead."""
    for rule_set in _class_rule_sets(sub):
        for rule in rule_set or ():
            for attr in ("Backtrack", "LookAhead"):
                if 0 in (getattr(rule, attr, None) or ()):
                    return True
            if 0 in (getattr(rule, "Input", None) or getattr(rule, "Class", None) or ()):
                return True
    return False


def _class_rule_sets(sub: Any) -> Iterator[list[Any]]:
    for set_attr, rule_attr in (
        ("SubClassSet", "SubClassRule"),
        ("ChainSubClassSet", "ChainSubClassRule"),
        ("PosClassSet", "PosClassRule"),
        ("ChainPosClassSet", "ChainPosClassRule"),
    ):
        for class_set in getattr(sub, set_attr, None) or ():
            if class_set is not None:
                yield getattr(class_set, rule_attr, None) or []


def _kerns_class_zero(sub: Any) -> bool:
    for record in sub.Class1Record:
        first = record.Class2Record[0]
        for value in (first.Value1, getattr(first, "Value2", None)):
            if value is not None and any(getattr(value, a, 0) for a in vars(value)):
                return True
    return False
