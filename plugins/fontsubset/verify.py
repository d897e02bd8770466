"""Prove a subset renders like the full font, the way a browser would use it.

Both fonts go through the OpenType Sanitizer first (browsers shape OTS's
output, not the file as served), then HarfBuzz shapes every collected text
unit and every word with each and the glyphs (by source glyph id, i.e. name),
clusters, advances and offsets must match. The subset has no glyph names, so
its glyph ids are mapped back to the source's through the strategy's glyph
map; that map is itself checked against advances and outline extents so a
wrong map cannot hide a wrong subset.

Each distinct unit is shaped once per (font, subset) pair: the caller keeps
the keys of verified units (``Verdict.verified``) and passes them back as
``known`` while the font and subset bytes are the same. The shaping is
spread over worker processes when there is enough of it.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Sequence, Set
from dataclasses import dataclass, field

import uharfbuzz as hb

from . import workers
from .collect import TextUnit, words
from .fontfile import OTS_MISSING, SourceFont, sanitize, to_sfnt
from .separable import space_interactions

MAX_REPORTED = 5
LAYOUT_TABLES = ("GSUB", "GPOS")
DEFAULT_LANGUAGE_INDEX = 0xFFFF
#: Below this much text to shape, worker processes cost more than they save.
PARALLEL_MIN_CHARS = 200_000
#: With a piece-separable font, one run in this many (by hash) is still shaped whole.
RUN_SAMPLE = 64

Shaped = tuple[tuple[str, int, int, int, int, int], ...]


@dataclass
class Verdict:
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    #: the texts that shape differently (a shaping strategy traces them next)
    differing: list[TextUnit] = field(default_factory=list)
    #: keys (``unit_key``) of the units that shape exactly like the full font
    verified: set[bytes] = field(default_factory=set)
    #: collected code points the subset lacks (the full font has them)
    missing: list[int] = field(default_factory=list)
    #: problems text cannot explain (OTS, glyph map, lost features): the subset is broken
    broken: bool = False
    ots: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, problem: str, broken: bool = True) -> None:
        self.problems.append(problem)
        self.broken = self.broken or broken


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
    units: Iterable[TextUnit],
    codepoints: Iterable[int],
    lang: str,
    pieces: Sequence[TextUnit] | None = None,
) -> list[TextUnit]:
    """Blocks, their words, and every code point alone: the cases to compare.

    For a font that shapes a run as its space-ended pieces (``separable``),
    those ``pieces`` stand in for the blocks and their words, plus a fixed
    sample of the blocks themselves (one in ``RUN_SAMPLE``, by hash): a check
    on the argument, at the price of a few shapings. A word is then never
    shaped on its own on any page (a run ends in its last piece), so it is
    not compared apart: that halves the texts a fresh clone shapes.
    """
    blocks = sorted(set(units))
    singles = [TextUnit(lang, chr(cp)) for cp in sorted(codepoints)]
    if pieces is not None:
        blocks = [b for b in blocks if unit_key(b)[0] % RUN_SAMPLE == 0] + list(pieces)
        return [*sorted(set(blocks)), *singles]
    seen = set(blocks)
    return [*blocks, *[w for w in words(blocks) if w not in seen], *singles]


def unit_key(unit: TextUnit) -> bytes:
    """A unit's identity in the verdict store: its language and text, hashed."""
    return hashlib.blake2b(f"{unit.lang}\x00{unit.text}".encode(), digest_size=16).digest()


#: In a verdict store: this subset was found piece-separable, so its verified
#: pieces stand for the runs (without it, every run must be in the store).
PIECES_PROVE_RUNS = unit_key(TextUnit("", "\x00pieces prove runs"))


def covered(reference: Reference, known: Set[bytes]) -> bool:
    """Whether a verdict store already proves every unit (and run) of ``reference``."""
    units = reference.units
    if reference.runs and PIECES_PROVE_RUNS not in known:
        units = [*units, *reference.runs]
    return all(unit_key(u) in known for u in units)


@dataclass
class Reference:
    """The full font's side of the comparison and the units to compare.

    Nothing shaped is kept: each unit is shaped with both fonts and compared
    at once, so memory does not grow with the site's text.
    """

    shaper: _Shaper
    units: list[TextUnit]
    layout: dict[tuple[str, str, str], set[str]]
    ots: str
    sfnt: bytes
    #: ``units`` stand for these runs through their pieces (the full font is
    #: piece-separable); should the subset not be, the runs are shaped too
    runs: list[TextUnit] = field(default_factory=list)


def prepare_reference(
    source: SourceFont, units: Sequence[TextUnit], runs: Sequence[TextUnit] = ()
) -> Reference:
    shaper = _Shaper(source.sfnt)
    _, message = source.sanitized
    return Reference(shaper, list(units), shaper.layout(), message, source.sfnt, list(runs))


class _Comparer:
    """Shapes a unit with the full font and the subset; equal in source glyph ids."""

    def __init__(self, full_sfnt: bytes, sub_sfnt: bytes, glyph_map: Sequence[int]) -> None:
        self.full = hb.Font(hb.Face(full_sfnt))
        self.sub = hb.Font(hb.Face(sub_sfnt))
        self.map = list(glyph_map)

    @staticmethod
    def _shape(font: hb.Font, unit: TextUnit) -> hb.Buffer:
        buf = hb.Buffer()
        buf.add_str(unit.text)
        buf.guess_segment_properties()
        buf.language = unit.lang
        hb.shape(font, buf)
        return buf

    def same(self, unit: TextUnit) -> bool:
        a = self._shape(self.full, unit)
        b = self._shape(self.sub, unit)
        a_infos, b_infos = a.glyph_infos, b.glyph_infos
        if len(a_infos) != len(b_infos):
            return False
        m, size = self.map, len(self.map)
        if [(i.codepoint, i.cluster) for i in a_infos] != [
            (m[i.codepoint] if i.codepoint < size else -1 - i.codepoint, i.cluster) for i in b_infos
        ]:
            return False
        return [(p.x_advance, p.y_advance, p.x_offset, p.y_offset) for p in a.glyph_positions] == [
            (p.x_advance, p.y_advance, p.x_offset, p.y_offset) for p in b.glyph_positions
        ]


#: The comparer of a worker process (set by ``_init_worker`` in the child only).
_worker: tuple[_Comparer, Sequence[TextUnit]] | None = None


def _init_worker(
    full_sfnt: bytes, sub_sfnt: bytes, glyph_map: Sequence[int], units: Sequence[TextUnit]
) -> None:
    global _worker
    workers.ignore_interrupts()
    _worker = (_Comparer(full_sfnt, sub_sfnt, glyph_map), units)


def _differing_range(bounds: tuple[int, int]) -> list[int]:
    assert _worker is not None
    comparer, units = _worker
    return [i for i in range(*bounds) if not comparer.same(units[i])]


def _chunks(units: Sequence[TextUnit], parts: int) -> list[tuple[int, int]]:
    """Index ranges of about equal text length."""
    total = sum(len(u.text) for u in units)
    step = max(total // parts, 1)
    bounds, start, size = [], 0, 0
    for i, unit in enumerate(units):
        size += len(unit.text)
        if size >= step:
            bounds.append((start, i + 1))
            start, size = i + 1, 0
    if start < len(units):
        bounds.append((start, len(units)))
    return bounds


def differing(
    full_sfnt: bytes,
    sub_sfnt: bytes,
    glyph_map: Sequence[int],
    units: Sequence[TextUnit],
    processes: int = 1,
) -> list[int]:
    """Indices of the units that shape differently; spread over ``processes``
    worker processes when there is enough text to pay for them."""
    chars = sum(len(u.text) for u in units)
    ctx = workers.context() if processes > 1 and chars >= PARALLEL_MIN_CHARS else None
    if ctx is not None:
        with ctx.Pool(processes, _init_worker, (full_sfnt, sub_sfnt, glyph_map, units)) as pool:
            found = pool.map(_differing_range, _chunks(units, processes * 8), chunksize=1)
        return sorted(i for part in found for i in part)
    comparer = _Comparer(full_sfnt, sub_sfnt, glyph_map)
    return [i for i, unit in enumerate(units) if not comparer.same(unit)]


def check(
    reference: Reference,
    woff2: bytes,
    glyph_map: Sequence[int],
    wanted: Iterable[int],
    known: Set[bytes] = frozenset(),
    processes: int = 1,
    features: bool = True,
    separable: bool | None = None,
) -> Verdict:
    """Compare the shipped WOFF2 against the reference; every failure is listed.

    ``known``: keys (``unit_key``) of units already verified against exactly
    these font and subset bytes (the caller's verdict store); they are not
    shaped again. ``verdict.verified`` holds the keys of every unit that
    passed, for the store. ``separable``: whether the subset shapes runs as
    their pieces, when already known (a lock records it); None decides it.
    """
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

    # The glyph map must be right, or glyph comparisons prove nothing. The
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
    verdict.missing = sorted(wanted - sub_cmap)
    for cp in verdict.missing[:MAX_REPORTED]:
        verdict.add(
            f"U+{cp:04X} is in the collected text and the full font but not the subset", False
        )
    for cp in sorted(sub_cmap):
        a, b = sub.font.get_nominal_glyph(cp), full.font.get_nominal_glyph(cp)
        if b is None or sub.name(a) != full.name(b):
            verdict.add(f"U+{cp:04X} maps to {sub.name(a)} in the subset, not {full.name(b or 0)}")

    # a font for all the site's text must keep every feature (text not
    # verified may need it); a supplement renders only the words it is proven on
    lost = lost_features(reference.layout, sub.layout()) if features else []
    if lost:
        shown = ", ".join(lost[:MAX_REPORTED])
        verdict.add(
            f"{len(lost)} layout features lost in the subset (table/script/lang/feature): {shown}"
        )

    units = reference.units
    if separable is None:  # not known from the lock: decide from the subset's tables
        separable = not space_interactions(sanitized)
    separable = bool(reference.runs) and separable
    if reference.runs and not separable:
        # the pieces prove nothing for this subset: compare the runs themselves
        units = [*units, *sorted(set(reference.runs) - set(units))]
    keys = [unit_key(u) for u in units]
    todo = [i for i, k in enumerate(keys) if k not in known]
    shaped = [units[i] for i in todo]
    failed = {todo[i] for i in differing(reference.sfnt, sanitized, glyph_map, shaped, processes)}
    for n, i in enumerate(sorted(failed)):
        unit = units[i]
        verdict.differing.append(unit)
        if n < MAX_REPORTED:
            verdict.add(f"shaping differs for {unit.text[:40]!r} (lang {unit.lang})", False)
    if len(failed) > MAX_REPORTED:
        verdict.add(f"... and {len(failed) - MAX_REPORTED} more texts shape differently", False)
    # units verified earlier stay recorded (an edit that is undone costs nothing)
    verdict.verified = set(known) | {k for i, k in enumerate(keys) if i not in failed}
    if separable:
        verdict.verified.add(PIECES_PROVE_RUNS)

    verdict.counts = {
        "texts": len(units),
        "texts_shaped": len(todo),
        "texts_verified_earlier": len(units) - len(todo),
        "chars_shaped": sum(len(u.text) for u in shaped),
        "glyphs_checked": len(glyph_map),
        "codepoints_checked": len(sub_cmap),
        "layout_features": sum(len(f) for f in reference.layout.values()),
    }
    verdict.seconds = time.perf_counter() - started
    return verdict
