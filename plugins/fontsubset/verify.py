"""Prove a subset renders like the full font, the way a browser would use it.

Both fonts go through the OpenType Sanitizer first (browsers shape OTS's
output, not the file as served), then HarfBuzz shapes every collected text
unit and every word with each and the glyph *names*, clusters, advances and
offsets must match. The subset has no glyph names, so its glyph ids are mapped
back to the source's through the strategy's glyph map; that map is itself
checked against advances and outline extents so a wrong map cannot hide a
wrong subset.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import uharfbuzz as hb

from .collect import TextUnit, words
from .fontfile import OTS_MISSING, SourceFont, sanitize, to_sfnt

MAX_REPORTED = 5
LAYOUT_TABLES = ("GSUB", "GPOS")
DEFAULT_LANGUAGE_INDEX = 0xFFFF

Shaped = tuple[tuple[str, int, int, int, int, int], ...]


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: the texts that shape differently (a shaping strategy traces them next)
    differing: list[TextUnit] = field(default_factory=list)
    ots: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str) -> None:
        self.problems.append(problem)


class _Shaper:
    def __init__(self, sfnt: bytes, names: Sequence[str] | None = None) -> None:
        self.face = hb.Face(sfnt)
        self.font = hb.Font(self.face)
        if names is None:
            names = [self.font.glyph_to_string(gid) for gid in range(self.face.glyph_count)]
        self.names = list(names)

    def name(self, gid: int) -> str:
        return self.names[gid] if 0 <= gid < len(self.names) else f"<gid {gid} out of range>"

    def shape(self, unit: TextUnit) -> Shaped:
        buf = hb.Buffer()
        buf.add_str(unit.text)
        buf.guess_segment_properties()
        buf.language = unit.lang
        hb.shape(self.font, buf)
        return tuple(
            (
                self.name(info.codepoint),
                info.cluster,
                pos.x_advance,
                pos.y_advance,
                pos.x_offset,
                pos.y_offset,
            )
            for info, pos in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
        )

    def layout(self) -> dict[tuple[str, str, str], set[str]]:
        """Features of every (table, script, language system)."""
        found: dict[tuple[str, str, str], set[str]] = {}
        for table in LAYOUT_TABLES:
            for s_index, script in enumerate(self.face.get_table_script_tags(table)):
                langs = [
                    (DEFAULT_LANGUAGE_INDEX, "dflt"),
                    *enumerate(self.face.get_script_language_tags(table, s_index)),
                ]
                for l_index, lang in langs:
                    features = self.face.get_language_feature_tags(table, s_index, l_index)
                    found[(table, script, lang.strip())] = set(features)
        return found


def lost_features(
    full: dict[tuple[str, str, str], set[str]], sub: dict[tuple[str, str, str], set[str]]
) -> list[str]:
    """Features a shaper would find in the full font but not in the subset.

    A language system the subsetter merged away because it equalled its
    script's default is looked up as shapers do: falling back to the default.
    """
    lost = []
    for (table, script, lang), features in sorted(full.items()):
        effective = sub.get((table, script, lang))
        if effective is None:
            effective = sub.get((table, script, "dflt"), set())
        lost += [f"{table}/{script}/{lang}/{f}" for f in sorted(features - effective)]
    return lost


def shaping_units(
    units: Iterable[TextUnit], codepoints: Iterable[int], lang: str
) -> list[TextUnit]:
    """Blocks, their words, and every code point alone: the cases to compare."""
    blocks = sorted(set(units))
    seen = set(blocks)
    singles = [TextUnit(lang, chr(cp)) for cp in sorted(codepoints)]
    return [*blocks, *[w for w in words(blocks) if w not in seen], *singles]


@dataclass
class Reference:
    """The full font's side of the comparison, computable while subsetting runs."""

    shaper: _Shaper
    units: list[TextUnit]
    shaped: list[Shaped]
    layout: dict[tuple[str, str, str], set[str]]
    ots: str


def prepare_reference(source: SourceFont, units: list[TextUnit]) -> Reference:
    shaper = _Shaper(source.sfnt)
    _, message = source.sanitized
    return Reference(shaper, units, [shaper.shape(u) for u in units], shaper.layout(), message)


def check(
    reference: Reference, woff2: bytes, glyph_map: Sequence[int], wanted: Iterable[int]
) -> Verdict:
    """Compare the shipped WOFF2 against the reference; every failure is listed."""
    started = time.perf_counter()
    verdict = Verdict()
    sanitized, message = sanitize(woff2)
    if sanitized is None:
        if message == OTS_MISSING:
            verdict.ots = "skipped: " + message
            sanitized = to_sfnt(woff2, "subset")
        else:
            verdict.add(f"the OpenType Sanitizer rejects the subset: {message}")
            verdict.ots = "failed"
            verdict.seconds = time.perf_counter() - started
            return verdict
    else:
        verdict.ots = "passed"

    full = reference.shaper
    sub_face = hb.Face(sanitized)
    if sub_face.glyph_count != len(glyph_map):
        verdict.add(f"subset has {sub_face.glyph_count} glyphs but the glyph map {len(glyph_map)}")
        return verdict
    sub = _Shaper(sanitized, [full.name(old) for old in glyph_map])

    # The glyph map must be right, or name comparisons prove nothing. The
    # .notdef outline may be dropped: a browser never draws a web font's
    # .notdef, it falls back to another font for a character the font lacks.
    bad = [
        gid
        for gid, old in enumerate(glyph_map)
        if sub.font.get_glyph_h_advance(gid) != full.font.get_glyph_h_advance(old)
        or (gid != 0 and sub.font.get_glyph_extents(gid) != full.font.get_glyph_extents(old))
    ]
    for gid in bad[:MAX_REPORTED]:
        verdict.add(f"glyph {gid} ({sub.name(gid)}) differs in advance or outline extents")

    sub_cmap = set(sub.face.unicodes)
    wanted = set(wanted)
    for cp in sorted(wanted - sub_cmap)[:MAX_REPORTED]:
        verdict.add(f"U+{cp:04X} is in the collected text and the full font but not the subset")
    for cp in sorted(sub_cmap):
        a, b = sub.font.get_nominal_glyph(cp), full.font.get_nominal_glyph(cp)
        if b is None or sub.name(a) != full.name(b):
            verdict.add(f"U+{cp:04X} maps to {sub.name(a)} in the subset, not {full.name(b or 0)}")

    lost = lost_features(reference.layout, sub.layout())
    if lost:
        shown = ", ".join(lost[:MAX_REPORTED])
        verdict.add(
            f"{len(lost)} layout features lost in the subset (table/script/lang/feature): {shown}"
        )

    differ = 0
    for unit, expected in zip(reference.units, reference.shaped, strict=True):
        got = sub.shape(unit)
        if got != expected:
            differ += 1
            verdict.differing.append(unit)
            if differ <= MAX_REPORTED:
                verdict.add(f"shaping differs for {unit.text[:40]!r} (lang {unit.lang})")
    if differ > MAX_REPORTED:
        verdict.add(f"... and {differ - MAX_REPORTED} more texts shape differently")

    verdict.counts = {
        "texts_shaped": len(reference.units),
        "glyphs_checked": len(glyph_map),
        "codepoints_checked": len(sub_cmap),
        "layout_features": sum(len(f) for f in reference.layout.values()),
    }
    verdict.seconds = time.perf_counter() - started
    return verdict
