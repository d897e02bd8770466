"""How a shaping subset treats text the site did not contain.

A reader's search query, text a script inserts, or a word cut by an element
boundary reaches the subset without having been shaped at build time. The
subset must still draw it legibly: every glyph found (no ``.notdef``), no
empty glyph where the full font has ink, the same joining (with only the
joining/composition lookups and mark attachment switched on, the subset
shapes it exactly as the full font), and every mark on the same letter.

"Only the joining features" cannot be expressed with HarfBuzz's feature
switches alone: in Noto Nastaliq ``rlig`` holds both the mandatory
ligatures and the contextual chains that refine shapes. So both fonts are
patched to keep only the joining lookups (see ``LayoutTable.joining``), and
the features dict turns off what remains outside them (``curs`` and any
default feature HarfBuzz would apply).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fontTools.ttLib import TTFont

from khabarnama.fontsubset.shaping.core import (
    DIRECTION,
    SCRIPT,
    ShapingResult,
    _to_sfnt,
    _woff2_to_sfnt,
)
from khabarnama.fontsubset.shaping.layout import LayoutTable, splice
from khabarnama.fontsubset.shaping.shaper import Shaped, Shaper
from khabarnama.fontsubset.shaping.units import TextUnit

#: Everything HarfBuzz might apply besides the joining features, turned off.
NON_JOINING_OFF = {
    tag: False
    for tag in (
        "curs",
        "kern",
        "dist",
        "calt",
        "clig",
        "liga",
        "rclt",
        "mset",
        "locl",
        "abvm",
        "blwm",
        "stch",
    )
}


@dataclass
class WordCheck:
    word: str
    notdef: bool = False
    blank: bool = False
    joining_identical: bool = True
    marks_same_base: bool = True
    exact: bool = True

    @property
    def ok(self) -> bool:
        return (
            not self.notdef and not self.blank and self.joining_identical and self.marks_same_base
        )


@dataclass
class UnseenReport:
    """Per-word verdicts and their shares (0..1)."""

    words: list[WordCheck] = field(default_factory=list)

    def share(self, attr: str) -> float:
        if not self.words:
            return 1.0
        return sum(bool(getattr(w, attr)) for w in self.words) / len(self.words)

    @property
    def summary(self) -> dict[str, Any]:
        return {
            "words": len(self.words),
            "notdef": sum(w.notdef for w in self.words),
            "blank": sum(w.blank for w in self.words),
            "joining_identical": self.share("joining_identical"),
            "marks_same_base": self.share("marks_same_base"),
            "exact": self.share("exact"),
        }

    def failures(self) -> list[WordCheck]:
        return [w for w in self.words if not w.ok]


class _Ink:
    """Outline presence per glyph id: glyf contours or components."""

    def __init__(self, sfnt: bytes) -> None:
        font = TTFont(io.BytesIO(sfnt))
        glyf = font["glyf"] if "glyf" in font else None
        order = font.getGlyphOrder()
        self.ink: list[bool] = []
        gdef = font["GDEF"].table if "GDEF" in font else None
        classes = gdef.GlyphClassDef.classDefs if gdef and gdef.GlyphClassDef else {}
        self.mark = [classes.get(name) == 3 for name in order]
        for name in order:
            if glyf is None:
                self.ink.append(True)
                continue
            g = glyf[name]
            self.ink.append(g.numberOfContours != 0 and (g.numberOfContours > 0 or g.isComposite()))


#: How far (in font units, 1000/em) a mark's centre may lie outside its base's ink.
MARK_TOLERANCE = 150


def _marks_on_base(buf: Any, ink: _Ink, font: Any) -> list[tuple[int, int, bool]]:
    """Per mark: (its cluster, its base's cluster, drawn over its base).

    The base is the glyph HarfBuzz attaches the mark to: the nearest inked
    non-mark glyph after it in the (visual, right-to-left reversed) buffer.
    "Drawn over" means the mark's centre lies within that base's horizontal
    ink (± ``MARK_TOLERANCE``): a dot that drifts onto the next letter makes
    it read as another letter (ج as ح).
    """
    infos, positions = buf.glyph_infos, buf.glyph_positions
    x = 0
    boxes: list[tuple[int, float, float, bool]] = []  # cluster, lo, hi, is_mark
    for info, pos in zip(infos, positions, strict=True):
        gid = info.codepoint
        ext = font.get_glyph_extents(gid)
        gx = x + pos.x_offset
        if ext is not None and ext.width and ink.ink[gid]:
            lo, hi = sorted((gx + ext.x_bearing, gx + ext.x_bearing + ext.width))
            boxes.append((info.cluster, lo, hi, ink.mark[gid]))
        else:
            boxes.append((info.cluster, 0.0, 0.0, True))  # not a base: no ink
        x += pos.x_advance
    out = []
    for n, (cluster, lo, hi, is_mark) in enumerate(boxes):
        if not is_mark or hi == lo:
            continue
        base = next((b for b in boxes[n + 1 :] if not b[3]), None)
        if base is None:
            out.append((cluster, -1, False))
            continue
        centre = (lo + hi) / 2
        over = base[1] - MARK_TOLERANCE <= centre <= base[2] + MARK_TOLERANCE
        out.append((cluster, base[0], over))
    return out


def _cluster_ink(buf: Any, ink: _Ink) -> dict[int, bool]:
    found: dict[int, bool] = {}
    for info in buf.glyph_infos:
        found[info.cluster] = found.get(info.cluster, False) or ink.ink[info.codepoint]
    return found


def check_unseen(
    full_font: bytes,
    subset_font: ShapingResult | bytes,
    words: Iterable[str],
    lang: str,
    *,
    glyph_map: Sequence[int] | None = None,
) -> UnseenReport:
    """Shape ``words`` with the full font and the subset and judge the subset.

    ``subset_font`` is a ``ShapingResult`` or subset bytes with ``glyph_map``
    (subset → full glyph ids), needed because the subset has no glyph names.
    """
    if isinstance(subset_font, ShapingResult):
        glyph_map = subset_font.glyph_map
        sub_sfnt = subset_font.sfnt
    else:
        sub_sfnt = _woff2_to_sfnt(subset_font) if subset_font[:4] == b"wOF2" else subset_font
    if glyph_map is None:
        raise ValueError("check_unseen needs the subset's glyph map")
    full_sfnt = _to_sfnt(full_font)
    kw = {"direction": DIRECTION, "script": SCRIPT}
    full = Shaper(full_sfnt, **kw)
    sub = Shaper(sub_sfnt, glyph_map, **kw)
    full_join = Shaper(_joining_only(full_sfnt), **kw)
    sub_join = Shaper(_joining_only(sub_sfnt), glyph_map, **kw)
    full_ink, sub_ink = _Ink(full_sfnt), _Ink(sub_sfnt)

    report = UnseenReport()
    for word in dict.fromkeys(words):
        unit = TextUnit(lang, word)
        check = WordCheck(word)
        fbuf, sbuf = full.raw(unit), sub.raw(unit)
        s_shaped: Shaped = sub._result(sbuf)
        check.exact = full._result(fbuf) == s_shaped
        check.notdef = any(i.codepoint == 0 for i in sbuf.glyph_infos)
        # ink: every drawn glyph keeps its outline, and every cluster the full
        # font inks is inked by the subset too
        lost = any(
            not sub_ink.ink[i.codepoint] and full_ink.ink[glyph_map[i.codepoint]]
            for i in sbuf.glyph_infos
        )
        f_clusters, s_clusters = _cluster_ink(fbuf, full_ink), _cluster_ink(sbuf, sub_ink)
        check.blank = lost or any(v and not s_clusters.get(c, False) for c, v in f_clusters.items())
        check.joining_identical = full_join.shape(unit, NON_JOINING_OFF) == sub_join.shape(
            unit, NON_JOINING_OFF
        )
        # every mark the subset draws sits over the base it is attached to,
        # wherever the full font's marks do
        full_ok = all(over for _, _, over in _marks_on_base(fbuf, full_ink, full.font))
        sub_marks = _marks_on_base(sbuf, sub_ink, sub.font)
        check.marks_same_base = all(over for _, _, over in sub_marks) or not full_ok
        report.words.append(check)
    return report


def _joining_only(sfnt: bytes) -> bytes:
    keep = {
        "GSUB": LayoutTable(sfnt, "GSUB").joining(),
        "GPOS": LayoutTable(sfnt, "GPOS").joining(cursive=False),
    }
    return disable_all_but(sfnt, keep)


def disable_all_but(sfnt: bytes, keep: Mapping[str, set[int]]) -> bytes:
    """The font with every GSUB/GPOS lookup outside ``keep[tag]`` switched off.

    Lookups called from a kept contextual lookup stay on, so what ``keep``
    names behaves exactly as in the full font.
    """
    parts = {}
    for tag in ("GSUB", "GPOS"):
        table = LayoutTable(sfnt, tag)
        if not table.present:
            continue
        alive = table.nested_closure(keep.get(tag, set()))
        off = [i for i in range(len(table.lookups)) if i not in alive]
        parts[tag] = (table.table_offset, table.patched(lookups=off))
    return splice(sfnt, parts)
