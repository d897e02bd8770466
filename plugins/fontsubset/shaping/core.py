"""Shaping-aware subsetting: keep what HarfBuzz draws for the text, exactly.

A code-point subsetter keeps every glyph *some* text with those characters
could produce; for Nastaliq that is most of the font. Here the glyphs are
the ones the site's text units actually pass through while being shaped,
plus a *degradation set* so that text the site never contained still joins
and keeps its dots on the right letter. The layout tables are then pruned to
what changes the shaping of some unit, and every unit is re-shaped with the
result to prove it identical to the full font.

Steps (see ``subset_shaping``): the core units (``_core``) → trace →
degradation closure → HarfBuzz subset without layout closure → repair → drop
unneeded transient glyphs → prune lookups/subtables/rules (delta debugging on
patched bytes) → prune substitution entries → WOFF2 → verify (HarfBuzz on
the decoded WOFF2, OTS, cmap). Units that are only *verified* (outside the
core, long runs) and shape differently are promoted to traced units and the
search is repeated from its last state.

Everything a later build can start from — per-unit traces, the glyphs and
layout pieces removed, in source-font terms — is in ``ShapingResult.state``
(JSON); pass it back as ``previous`` and only new text costs work.
"""

from __future__ import annotations

import copy
import hashlib
import io
import os
import tempfile
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise
from types import SimpleNamespace
from typing import Any

from fontTools.ttLib import TTFont

from .. import workers
from .layout import LayoutTable, splice
from .mapping import PieceMap
from .shaper import Shaped, Shaper
from .units import TextUnit, dedupe

#: Name records kept (copyright, licence, names, version): the OFL asks that
#: copyright and licence travel with the font.
NAME_IDS = (0, 1, 2, 4, 5, 6, 13, 14)
DROP_TABLES = ("STAT", "DSIG")
#: Bumped when ``state`` changes meaning; an older state is ignored.
STATE_VERSION = 2

_RULE_ATTRS = {
    ("GSUB", 5, 1): ("SubRuleSet", "SubRule"),
    ("GSUB", 5, 2): ("SubClassSet", "SubClassRule"),
    ("GSUB", 6, 1): ("ChainSubRuleSet", "ChainSubRule"),
    ("GSUB", 6, 2): ("ChainSubClassSet", "ChainSubClassRule"),
    ("GPOS", 7, 1): ("PosRuleSet", "PosRule"),
    ("GPOS", 7, 2): ("PosClassSet", "PosClassRule"),
    ("GPOS", 8, 1): ("ChainPosRuleSet", "ChainPosRule"),
    ("GPOS", 8, 2): ("ChainPosClassSet", "ChainPosClassRule"),
}


#: What every unit is shaped as (the plugin's fonts are Nastaliq).
DIRECTION = "rtl"
SCRIPT = "Arab"
#: Rounds of adding glyphs back before the search gives up.
MAX_REPAIR_ROUNDS = 4
#: Rounds of promoting verify-only units that differ to traced units.
MAX_PROMOTIONS = 3
#: Prunes run again with the units an earlier prune broke checked in every
#: trial, before the unpruned subset is shipped instead.
MAX_PRUNE_ROUNDS = 3
#: A first-ever prune of a table is dealt into this many shares of lookups,
#: searched on every core (``_Pruner._run_shares``), when it is at least this
#: much work: units its lookups can reach, summed over the lookups.
PRUNE_SHARES = 3
PARALLEL_MIN_WORK = 100_000
#: Starting from ``previous`` is abandoned (a cold search runs) when more
#: than this share of its traced units is gone: its removals were decided
#: for text that no longer exists and may keep too much.
STALE_SHARE = 0.25


@dataclass(frozen=True)
class ShapingOptions:
    """What a caller may add to the units' own characters."""

    #: Code points to map even if the text lacks them (e.g. the alphabet),
    #: so search queries and scripted text never fall back to another font.
    extra_codepoints: tuple[int, ...] = ()
    #: Keep the degradation set (step 2) for text the units do not contain.
    #: False for a font that only ever draws the units themselves (a
    #: supplement): its joining and mark lookups are pruned like any other.
    degradation: bool = True


@dataclass
class ShapingResult:
    """The subset and how it was reached; ``glyph_map`` maps subset → source glyph ids."""

    woff2: bytes
    glyph_map: list[int]
    codepoints: list[int]
    stats: dict[str, Any] = field(default_factory=dict)
    #: JSON-able; pass back as ``previous`` to the next call.
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def sfnt(self) -> bytes:
        return _woff2_to_sfnt(self.woff2)


class ShapingError(Exception):
    """The subset could not be proven identical to the full font."""


@dataclass
class Record:
    """What shaping one unit with the full font touched (source glyph ids)."""

    #: every glyph in the buffer after any GSUB lookup, plus transients
    glyphs: frozenset[int]
    #: glyphs inferred to exist only inside one contextual lookup
    transients: frozenset[int]
    #: (table, lookup index) of top-level lookups that changed the buffer
    changed: frozenset[tuple[str, int]]

    def to_json(self) -> list[Any]:
        return [
            sorted(self.glyphs),
            sorted(self.transients),
            sorted([t, i] for t, i in self.changed),
        ]

    @classmethod
    def from_json(cls, data: list[Any]) -> Record:
        glyphs, transients, changed = data
        return cls(
            frozenset(glyphs),
            frozenset(transients),
            frozenset((t, i) for t, i in changed),
        )


# ---------------------------------------------------------------------------
# The source font, analysed once per process


class Source:
    """The full font: bytes, glyph names, a shaper and a cache of unit records."""

    def __init__(self, font_bytes: bytes, direction: str | None, script: str | None) -> None:
        self.sfnt = _to_sfnt(font_bytes)
        self.sha256 = hashlib.sha256(self.sfnt).hexdigest()
        self.font = TTFont(io.BytesIO(self.sfnt), lazy=True)
        self.order = self.font.getGlyphOrder()
        self.gid = {name: i for i, name in enumerate(self.order)}
        self.cmap = self.font.getBestCmap()
        self.shaper = Shaper(self.sfnt, direction=direction, script=script)
        self.layout = {tag: LayoutTable(self.sfnt, tag) for tag in ("GSUB", "GPOS")}
        self.records: dict[TextUnit, Record] = {}
        self.shaped: dict[TextUnit, Shaped] = {}
        self.traced = 0
        self._step_transients: dict[tuple[int, frozenset[int], frozenset[int]], frozenset] = {}

    def record(self, unit: TextUnit) -> Record:
        found = self.records.get(unit)
        if found is None:
            trace = self.shaper.trace(unit)
            transients = frozenset(self.transients(trace))
            self.shaped[unit] = trace.shaped
            found = Record(
                frozenset(trace.glyphs) | transients,
                transients,
                frozenset(trace.changed),
            )
            self.records[unit] = found
            self.traced += 1
        return found

    def reference(self, unit: TextUnit) -> Shaped:
        found = self.shaped.get(unit)
        if found is None:
            found = self.shaped[unit] = self.shaper.shape(unit)
        return found

    @cached_property
    def edges(self) -> dict[int, list[tuple[tuple[int, ...], tuple[int, ...]]]]:
        """Per GSUB lookup, its substitutions as (input glyphs, output glyphs) edges."""
        return self.layout["GSUB"].substitutions()

    @cached_property
    def _edge_index(self) -> dict[int, tuple[dict[int, list], dict[int, list]]]:
        """Per lookup: edges by input glyph and by output glyph."""
        index = {}
        for i, edges in self.edges.items():
            by_in: dict[int, list] = {}
            by_out: dict[int, list] = {}
            for edge in edges:
                for g in set(edge[0]):
                    by_in.setdefault(g, []).append(edge)
                for g in set(edge[1]):
                    by_out.setdefault(g, []).append(edge)
            index[i] = (by_in, by_out)
        return index

    @cached_property
    def _called(self) -> dict[int, list[tuple[dict[int, list], dict[int, list]]]]:
        layout = self.layout["GSUB"]
        return {
            i: [
                self._edge_index[j]
                for j in sorted(layout.nested_closure(layout.lookups[i].nested))
                if j in self._edge_index
            ]
            for i in range(len(layout.lookups))
            if layout.is_context(i)
        }

    def transients(self, trace: Any) -> set[int]:
        """Glyphs that existed only *inside* one contextual lookup application.

        A chain rule may call lookup A then lookup B at the same position
        (``MeemMed → MeemMed.inD2 → MeemMed.inD2outD3``); HarfBuzz reports the
        buffer only between top-level lookups, so the middle glyph is never
        seen. For each contextual lookup that changed the buffer, it is
        recovered as a glyph the lookups its rules call can reach from the
        glyphs before the step *and* that leads to a glyph new after it.
        """
        found: set[int] = set()
        for i, before, after in trace.steps:
            called = self._called.get(i)
            if not called:
                continue
            # the same step recurs across units (a word in many runs)
            memo = self._step_transients.get((i, before, after))
            if memo is not None:
                found |= memo
                continue
            forward = set(before)
            todo = list(before)
            while todo:
                g = todo.pop()
                for by_in, _ in called:
                    for ins, outs in by_in.get(g, ()):
                        if all(x in forward for x in ins):
                            for o in outs:
                                if o not in forward:
                                    forward.add(o)
                                    todo.append(o)
            new = after - before
            backward = set(new)
            todo = list(new)
            while todo:
                g = todo.pop()
                for _, by_out in called:
                    for ins, _outs in by_out.get(g, ()):
                        for x in ins:
                            if x not in backward:
                                backward.add(x)
                                todo.append(x)
            step = frozenset((forward & backward) - before - after)
            self._step_transients[(i, before, after)] = step
            found |= step
        return found - trace.glyphs

    def joining_closure(self, glyphs: set[int]) -> set[int]:
        """Every glyph the protected GSUB lookups can reach from ``glyphs``.

        Non-contextual lookups by their edges (a ligature when all its
        components are in); the lookups protected contextual lookups call,
        unconditionally — a superset of what their contexts allow."""
        layout = self.layout["GSUB"]
        lookups = sorted(layout.nested_closure(layout.joining()))
        index = [self._edge_index[i] for i in lookups if i in self._edge_index]
        found = set(glyphs)
        while True:
            before = len(found)
            for by_in, _ in index:
                for g in list(found):
                    for ins, outs in by_in.get(g, ()):
                        if all(x in found for x in ins):
                            found.update(outs)
            if len(found) == before:
                return found

    def gsub_closure(self, glyphs: set[str], lookups: Sequence[int] | None) -> set[str]:
        """fontTools' glyph closure over some GSUB lookups (all when ``None``).

        Only the repair step needs it (it decompiles GSUB: about a second)."""
        if "GSUB" not in self.font:
            return set(glyphs)
        table = self.font["GSUB"].table
        if lookups is None:
            lookups = range(len(table.LookupList.Lookup))
        s = SimpleNamespace(glyphs=set(glyphs), table=table, _doneLookups={})
        while True:
            before = len(s.glyphs)
            for i in sorted(lookups):
                table.LookupList.Lookup[i].closure_glyphs(s)
            if len(s.glyphs) == before:
                return s.glyphs


_SOURCES: OrderedDict[str, Source] = OrderedDict()


def source_for(font_bytes: bytes) -> Source:
    """The analysed source font, kept for the next call (records included)."""
    key = hashlib.sha256(font_bytes).hexdigest()
    if key in _SOURCES:
        _SOURCES.move_to_end(key)
        return _SOURCES[key]
    src = _SOURCES[key] = Source(font_bytes, DIRECTION, SCRIPT)
    while len(_SOURCES) > 4:
        _SOURCES.popitem(last=False)
    return src


# ---------------------------------------------------------------------------
# Font plumbing


def _to_sfnt(data: bytes) -> bytes:
    if data[:4] not in (b"wOF2", b"wOFF"):
        return data
    font = TTFont(io.BytesIO(data), recalcTimestamp=False)
    font.flavor = None
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def _woff2_to_sfnt(data: bytes) -> bytes:
    from fontTools.ttLib import woff2

    out = io.BytesIO()
    woff2.decompress(io.BytesIO(data), out)
    return out.getvalue()


def _save(font: TTFont, flavor: str | None) -> bytes:
    font.flavor = flavor
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def _tag(tag: str) -> int:
    return int.from_bytes(tag.ljust(4).encode("ascii"), "big")


def hb_subset(
    sfnt: bytes, gids: set[int], codepoints: set[int], *, closure: bool = False
) -> tuple[bytes, list[int]]:
    """HarfBuzz's subsetter, all features and scripts kept. Without layout
    closure it is fast (milliseconds) and re-serializes GSUB/GPOS keeping only
    what is still referenced, which is also how pruned (patched) layout bytes
    are compacted; with it (``closure``), every glyph the code points can
    reach stays: the ``codepoints`` strategy.

    Returns the sfnt and, for each new glyph id, the input font's glyph id.
    """
    import uharfbuzz as hb

    inp = hb.SubsetInput()
    inp.unicode_set.update(sorted(codepoints))
    inp.glyph_set.update(sorted(gids))
    for tags in (inp.layout_feature_tag_set, inp.layout_script_tag_set):
        tags.clear()
        tags.invert()
    inp.name_id_set.clear()
    inp.name_id_set.update(NAME_IDS)
    for tag in DROP_TABLES:
        inp.drop_table_tag_set.add(_tag(tag))
    inp.flags = hb.SubsetFlags.NO_HINTING
    if not closure:
        inp.flags |= hb.SubsetFlags.NO_LAYOUT_CLOSURE
    plan = hb.SubsetPlan(hb.Face(sfnt), inp)
    mapping = plan.new_to_old_glyph_mapping
    face = plan.execute()
    if face is None:
        raise ShapingError("HarfBuzz could not subset the font")
    return face.blob.data, [mapping[g] for g in range(face.glyph_count)]


def ots_check(woff2: bytes) -> str:
    """'passed', 'skipped: …' or the sanitizer's complaint (browsers run OTS on web fonts)."""
    try:
        import ots
    except ImportError:
        return "skipped: opentype-sanitizer is not installed"
    fd, path = tempfile.mkstemp(suffix=".woff2")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(woff2)
        result = ots.sanitize(path, os.devnull, capture_output=True)
    finally:
        os.unlink(path)
    if result.returncode == 0:
        return "passed"
    return (result.stderr or result.stdout or b"").decode(errors="replace").strip() or "failed"


# ---------------------------------------------------------------------------
# Steps


def _mismatches(
    shaper: Shaper, units: Sequence[TextUnit], reference: Sequence[Shaped]
) -> list[int]:
    return [
        i for i, (u, ref) in enumerate(zip(units, reference, strict=True)) if shaper.shape(u) != ref
    ]


def _repair_glyphs(src: Source, bad: Sequence[TextUnit], rounds: int) -> set[int]:
    """Glyphs the failing units need: first what the lookups they used can
    reach from their glyphs (transient glyphs inside one lookup), then, if that
    was not enough, the whole code-point closure of their characters."""
    start: set[str] = set()
    used: set[int] = set()
    for unit in bad:
        record = src.record(unit)
        start |= {src.order[g] for g in record.glyphs}
        start |= {src.cmap[ord(c)] for c in unit.text if ord(c) in src.cmap}
        used |= {i for tag, i in record.changed if tag == "GSUB"}
    if rounds == 0:
        names = src.gsub_closure(start, sorted(src.layout["GSUB"].nested_closure(used)))
    else:
        names = src.gsub_closure(start, None)
    return {src.gid[n] for n in names}


class _Pruner:
    """Delta debugging over patched layout bytes; see ``layout`` for the patching."""

    def __init__(
        self,
        sfnt: bytes,
        glyph_map: list[int],
        units: Sequence[TextUnit],
        reference: Sequence[Shaped],
        protected: dict[str, set[int]],
        unit_glyphs: Sequence[set[int]],
        unit_changed: Sequence[set[tuple[str, int]]],
        pinned: Iterable[int] = (),
    ) -> None:
        #: what a worker needs to build the same pruner (``_prune_share``)
        self.args = (
            sfnt,
            glyph_map,
            units,
            reference,
            protected,
            unit_glyphs,
            unit_changed,
            pinned,
        )
        self.sfnt = sfnt
        self.glyph_map = glyph_map
        self.units = units
        self.reference = reference
        self.tables = {t: LayoutTable(sfnt, t) for t in ("GSUB", "GPOS")}
        self.tables = {t: lt for t, lt in self.tables.items() if lt.present}
        self.protected = protected
        self.state: dict[str, dict[str, Any]] = {
            t: {"lookups": set(), "subtables": {}, "rules": {}} for t in self.tables
        }
        self.trials = 0
        #: tables whose search was dealt into shares (``_run_shares``)
        self.splits = 0
        #: units (a mask) trials check, when not all they can affect (``_reapply``)
        self.only: int | None = None
        self.committed = {t: bytearray(lt.data) for t, lt in self.tables.items()}
        self.sfnt_now = sfnt
        self._mask_cache: dict[tuple[str, int], int] = {}
        # glyphs each unit passes through (this font's ids), transient ones
        # included: a nested lookup acts on those
        self.unit_glyphs = list(unit_glyphs)
        self.masks: dict[int, int] = {}
        for u, glyphs in enumerate(self.unit_glyphs):
            for g in glyphs:
                self.masks[g] = self.masks.get(g, 0) | (1 << u)
        self.all_units = (1 << len(units)) - 1
        self._any_cache: dict[int, int] = {}
        self._keep_alive: list[set[int]] = []
        self.changed = set().union(*unit_changed) if unit_changed else set()
        # units in which each top-level lookup changed the buffer
        self.changed_units: dict[tuple[str, int], int] = {}
        for u, changed in enumerate(unit_changed):
            for key in changed:
                self.changed_units[key] = self.changed_units.get(key, 0) | (1 << u)
        self.nested_somewhere = {
            tag: set().union(*(lk.nested for lk in lt.lookups)) if lt.lookups else set()
            for tag, lt in self.tables.items()
        }
        # short units first: a failing trial usually fails on a word, cheaply
        self.by_length = sorted(range(len(units)), key=lambda u: len(units[u].text))
        self.rank = [0] * len(units)
        for position, u in enumerate(self.by_length):
            self.rank[u] = position
        self.recent: list[int] = []
        # units shaped in every trial: a removal that kept every unit's result
        # may still change the glyphs a unit passes through on the way, and
        # then the traces no longer say which units a later removal reaches;
        # a unit an earlier prune broke that way is checked every time
        self.pinned = sorted(pinned, key=self.rank.__getitem__)
        # what each unit must serialize to in this glyph order (``expected``)
        self._start = Shaper(sfnt, glyph_map, direction=DIRECTION, script=SCRIPT)
        self._expected: dict[int, str | None] = {}

    # state ------------------------------------------------------------
    # ``state`` holds the committed removals; ``committed`` the table bytes
    # with them applied, so a trial only patches what it adds.
    def _trial(self, tag: str, pieces: Sequence[tuple]) -> tuple[dict[str, set], bytearray]:
        """The removals ``pieces`` add (merged with committed ones), and the patched table."""
        lt = self.tables[tag]
        st = self.state[tag]
        lookups: set[int] = set()
        subtables: dict[int, set[int]] = {}
        rules: dict[tuple[int, int, int], set[int]] = {}
        for piece in pieces:
            if piece[0] == "L":
                lookups.add(piece[1])
            elif piece[0] == "S":
                subtables.setdefault(piece[1], set(st["subtables"].get(piece[1], ()))).add(piece[2])
            else:
                key = piece[1:4]
                dropped = rules.setdefault(key, set(st["rules"].get(key, ())))
                if piece[0] == "K":
                    rs = lt.lookups[piece[1]].subtables[piece[2]].rulesets[piece[3]]
                    dropped.update(range(rs.count))
                else:
                    dropped.add(piece[4])
        subtables = {
            i: js for i, js in subtables.items() if i not in lookups and i not in st["lookups"]
        }
        data = bytearray(self.committed[tag])
        lt.patch_into(data, lookups, subtables, rules)
        return {"lookups": lookups, "subtables": subtables, "rules": rules}, data

    # relevance: which units a removal can affect, as bitmasks over units
    def _any(self, glyphs: set[int]) -> int:
        """Units holding at least one of ``glyphs`` (cached by the set's identity)."""
        key = id(glyphs)
        found = self._any_cache.get(key)
        if found is None:
            found = 0
            for g in glyphs:
                found |= self.masks.get(g, 0)
            self._any_cache[key] = found
            self._keep_alive.append(glyphs)
        return found

    def _rule_mask(self, rs: Any, r: int) -> int:
        mask = self._any(rs.first)
        for need in rs.needs[r]:
            if not mask:
                break
            if need is not None:
                mask &= self._any(need)
        return mask

    def _sub_mask(self, sub: Any) -> int:
        if sub.needs:
            mask = self.all_units
            for need in sub.needs:
                mask &= self._any(need)
            return mask
        if sub.rulesets:
            mask = 0
            for rs in sub.rulesets:
                if rs is not None:
                    for r in range(rs.count):
                        mask |= self._rule_mask(rs, r)
            return mask
        return self._any(sub.coverage)

    def _lookup_mask(self, tag: str, lookups: set[int]) -> int:
        lt = self.tables[tag]
        mask = 0
        for i in lookups:
            key = (tag, i)
            if key not in self._mask_cache:
                found = 0
                for n in lt.nested_closure([i]):
                    found |= self._any(lt.lookups[n].coverage)
                self._mask_cache[key] = found
            mask |= self._mask_cache[key]
        return mask

    def _piece_relevant(self, tag: str, pieces: Sequence[tuple]) -> list[int]:
        """Units a batch of pieces can affect: a rule only where it could match.

        A lookup's or subtable's removal also reaches what it calls, so those
        go by coverage of the whole nested closure."""
        lt = self.tables[tag]
        mask = 0
        for p in pieces:
            if p[0] == "L" and p[1] not in self.nested_somewhere[tag]:
                # a whole top-level lookup that left a unit's buffer unchanged
                # can go without changing that unit: the buffer before it is
                # the same, so is the one after it
                mask |= self.changed_units.get((tag, p[1]), 0)
            elif p[0] == "L" or (p[0] == "S" and lt.lookups[p[1]].subtables[p[2]].nested):
                mask |= self._lookup_mask(tag, {p[1]})
            elif p[0] == "S":
                mask |= self._sub_mask(lt.lookups[p[1]].subtables[p[2]])
            else:
                rs = lt.lookups[p[1]].subtables[p[2]].rulesets[p[3]]
                rules = range(rs.count) if p[0] == "K" else [p[4]]
                for r in rules:
                    mask |= self._rule_mask(rs, r)
        if self.only is not None:
            mask &= self.only
        found = []
        while mask:
            low = mask & -mask
            found.append(low.bit_length() - 1)
            mask ^= low
        found.sort(key=self.rank.__getitem__)
        return found

    def expected(self, u: int) -> str | None:
        """The unit's shaping as HarfBuzz text, once the search's starting font
        is seen to match the full font on it (None: compare tuples instead)."""
        if u not in self._expected:
            unit = self.units[u]
            same = self._start.shape(unit) == self.reference[u]
            self._expected[u] = self._start.serialized(unit) if same else None
        return self._expected[u]

    def _impossible(self, tag: str, candidates: Sequence[int]) -> list[tuple]:
        """Rules and format-3 subtables no unit could ever match: one batch."""
        lt = self.tables[tag]
        out: list[tuple] = []
        for i in candidates:
            if not lt.is_context(i):
                continue
            for j, sub in enumerate(lt.lookups[i].subtables):
                if sub.needs and not self._sub_mask(sub):
                    out.append(("S", i, j))
                for k, rs in enumerate(sub.rulesets):
                    if rs is None or rs.shared or not rs.count:
                        continue
                    dead = [r for r in range(rs.count) if not self._rule_mask(rs, r)]
                    if len(dead) == rs.count:
                        out.append(("K", i, j, k))
                    else:
                        out.extend(("R", i, j, k, r) for r in dead)
        return out

    def _try(self, tag: str, pieces: Sequence[tuple], relevant: list[int]) -> bool:
        self.trials += 1
        added, data = self._trial(tag, pieces)
        lt = self.tables[tag]
        font = splice(self.sfnt_now, {tag: (lt.table_offset, bytes(data))})
        shaper = Shaper(font, self.glyph_map, direction=DIRECTION, script=SCRIPT)
        wanted = set(relevant)
        order = [u for u in self.recent if u in wanted] + relevant + self.pinned
        done: set[int] = set()
        for u in order:
            if u in done:
                continue
            done.add(u)
            want = self.expected(u)
            if (
                shaper.serialized(self.units[u]) != want
                if want is not None
                else shaper.shape(self.units[u]) != self.reference[u]
            ):
                if u in self.recent:
                    self.recent.remove(u)
                self.recent.insert(0, u)
                del self.recent[16:]
                return False
        st = self.state[tag]
        st["lookups"] |= added["lookups"]
        st["subtables"].update(added["subtables"])
        st["rules"].update(added["rules"])
        self.committed[tag] = data
        self.sfnt_now = font
        return True

    # search -----------------------------------------------------------
    def _children(self, tag: str, piece: tuple) -> list[tuple]:
        """L → its subtables → their rule sets → their rules; one-child levels are skipped."""
        lt = self.tables[tag]
        if piece[0] == "L":
            lookup = lt.lookups[piece[1]]
            gone = self.state[tag]["subtables"].get(piece[1], ())
            kids = [("S", piece[1], j) for j in range(len(lookup.subtables)) if j not in gone]
        elif piece[0] == "S":
            i, j = piece[1], piece[2]
            sub = lt.lookups[i].subtables[j]
            kids = [
                ("K", i, j, k)
                for k, rs in enumerate(sub.rulesets)
                if rs is not None and not rs.shared and rs.count
            ]
        elif piece[0] == "K":
            rs = lt.lookups[piece[1]].subtables[piece[2]].rulesets[piece[3]]
            assert rs is not None
            kids = [("R", *piece[1:4], r) for r in range(rs.count)]
        else:
            kids = []
        if len(kids) == 1:
            return self._children(tag, kids[0]) or kids
        return kids

    def _reduce(self, tag: str, pieces: list[tuple]) -> None:
        if not pieces:
            return
        if self._try(tag, pieces, self._piece_relevant(tag, pieces)):
            return
        if len(pieces) == 1:
            children = self._children(tag, pieces[0])
            if children and children != pieces:
                self._reduce(tag, children)
            return
        mid = len(pieces) // 2
        self._reduce(tag, pieces[:mid])
        self._reduce(tag, pieces[mid:])

    def font(self, previous: dict[str, Any] | None = None) -> bytes:
        """Run the search; the font bytes with every unneeded piece switched off."""
        self.run(previous)
        return self.sfnt_now

    def _candidates(self, tag: str) -> list[int]:
        lt = self.tables[tag]
        # lookups called by a protected one are protected too
        protected = lt.nested_closure(self.protected.get(tag, set()))
        return [
            i for i in range(len(lt.lookups)) if i not in protected and not lt.lookups[i].shared
        ]

    def run(self, previous: dict[str, Any] | None = None) -> None:
        """Delta debugging, from scratch or, with ``previous`` (``PieceMap``s
        and the last build's removed and present source paths), only where
        this font has pieces the last build did not see."""
        for tag in self.tables:
            candidates = self._candidates(tag)
            if previous is not None and tag in previous["maps"]:
                self._run_incremental(tag, candidates, previous)
                continue
            impossible = self._impossible(tag, candidates)
            if impossible and not self._try(tag, impossible, list(range(len(self.units)))):
                self._reduce(tag, impossible)
            shares = self._shares(tag, candidates)
            if len(shares) == 1:
                self._run_share(tag, candidates)
            else:
                self._run_shares(tag, shares)

    def _run_share(self, tag: str, candidates: list[int]) -> None:
        """The search over these lookups: idle ones in one batch, then the
        subtables that cannot matter, then each lookup left."""
        idle = [i for i in candidates if (tag, i) not in self.changed]
        if idle:
            self._reduce(tag, [("L", i) for i in idle])
        self._reduce(tag, self._bystanders(tag, [i for i in candidates if i not in idle]))
        for i in candidates:
            if i not in idle:
                self._reduce(tag, [("L", i)])

    def _shares(self, tag: str, candidates: list[int]) -> list[list[int]]:
        """The lookups dealt into ``PRUNE_SHARES`` shares, or one share when
        the table is little work. The deal depends on the text only, never on
        the machine's cores, so the subset's bytes do not either."""
        cost = {i: len(self._piece_relevant(tag, [("L", i)])) for i in candidates}
        if sum(cost.values()) < PARALLEL_MIN_WORK:
            return [candidates]
        ranked = sorted(candidates, key=lambda i: (-cost[i], i))
        return [sorted(ranked[k::PRUNE_SHARES]) for k in range(PRUNE_SHARES) if ranked[k:]]

    def _run_shares(self, tag: str, shares: list[list[int]]) -> None:
        """Each share searched from this same starting point, on every core
        (or one after the other: the same result); then their removals join
        this search's as one batch, bisected share by share only where two
        shares' removals clash (each was proven with the others' present)."""
        self.splits += 1
        before = set(self._paths(self.state[tag]))
        start = (tag, self.state[tag], bytes(self.committed[tag]), self.sfnt_now)
        processes = min(workers.count(), len(shares))
        ctx = workers.context() if processes > 1 else None
        if ctx is None:
            helper = _Pruner(*self.args)
            found = [_prune_share(start, share, helper) for share in shares]
        else:
            with ProcessPoolExecutor(processes, ctx, _init_share_worker, (self.args,)) as pool:
                found = list(pool.map(_prune_share, [start] * len(shares), shares))
        self.trials += sum(trials for _, trials in found)
        theirs = [sorted(set(paths) - before) for paths, _ in found]
        every = sorted(set().union(*theirs))
        if not every or self._try(tag, every, list(range(len(self.units)))):
            return
        for pieces in theirs:
            if pieces and not self._try(tag, pieces, list(range(len(self.units)))):
                self._reduce(tag, pieces)

    def _bystanders(self, tag: str, lookups: list[int]) -> list[tuple]:
        """Subtables of lookups that changed some unit, which cannot match in
        any unit the lookup changed: one batch, tried before the lookups one
        by one. Proving such subtables useless one bisection at a time
        reshapes every unit holding a glyph of their coverage each time; most
        of them go in this single trial."""
        lt = self.tables[tag]
        out = []
        for i in lookups:
            if i in self.nested_somewhere[tag]:
                continue
            changed = self.changed_units.get((tag, i), 0)
            for j, sub in enumerate(lt.lookups[i].subtables):
                if not sub.nested and not self._sub_mask(sub) & changed:
                    out.append(("S", i, j))
        return out

    def _run_incremental(self, tag: str, candidates: list[int], previous: dict[str, Any]) -> None:
        lt = self.tables[tag]
        pmap = previous["maps"][tag]
        removed = {tuple(p) for p in previous["removed"].get(tag, ())}
        present = {tuple(p) for p in previous["present"].get(tag, ())}

        def was_removed(src: tuple) -> bool:
            i = src[1]
            return (
                ("L", i) in removed
                or (len(src) > 2 and ("S", i, src[2]) in removed)
                or src in removed
            )

        # 1. the last build's removals, as one batch (bisected if new text needs some)
        again: list[tuple] = []
        fresh: list[tuple] = []
        for i in candidates:
            src = pmap.source(("L", i))
            if src is None or src not in present:
                fresh.append(("L", i))
                continue
            if was_removed(src):
                again.append(("L", i))
                continue
            for j, sub in enumerate(lt.lookups[i].subtables):
                s_src = pmap.source(("S", i, j))
                if s_src is None or s_src not in present:
                    fresh.append(("S", i, j))
                    continue
                if was_removed(s_src):
                    again.append(("S", i, j))
                    continue
                for k, rs in enumerate(sub.rulesets):
                    if rs is None or rs.shared or not rs.count:
                        continue
                    for r in range(rs.count):
                        r_src = pmap.source(("R", i, j, k, r))
                        if r_src is None or r_src not in present:
                            fresh.append(("R", i, j, k, r))
                        elif was_removed(r_src):
                            again.append(("R", i, j, k, r))
        self._reapply(tag, again, previous.get("new", []))
        # 2. pieces the last build never had: the usual search, on them only
        dead = [p for p in fresh if p[0] == "R" and not self._piece_relevant(tag, [p])]
        self._reduce(tag, dead)
        fresh = [p for p in fresh if p not in set(dead)]
        lookups = [p for p in fresh if p[0] == "L"]
        idle = [p for p in lookups if (tag, p[1]) not in self.changed]
        self._reduce(tag, idle)
        by_lookup: dict[int, list[tuple]] = {}
        for p in fresh:
            if p not in idle:
                by_lookup.setdefault(p[1], []).append(p)
        for group in by_lookup.values():
            self._reduce(tag, group)

    def _reapply(self, tag: str, again: list[tuple], new: list[int]) -> None:
        """The last search's removals, but those the units it did not have need.

        Those removals were proven on the units the last search had, so when
        a few units are new (promoted ones, a day's words), what they need is
        found first by bisecting with only the new units checked: thousands
        of cheap trials' worth of work instead of trials that each reshape
        every unit a half of the batch can reach. The rest is then one batch
        checked on every unit it can reach, bisected as usual only if that
        fails. At 1,000 articles the two promotions' searches: 5.2 s → 1.0 s.
        """
        if not again or not new or len(new) == len(self.units):
            self._reduce(tag, again)
            return
        state, committed, font = copy.deepcopy(self.state[tag]), self.committed[tag], self.sfnt_now
        before = set(self._paths(state))
        self.only = sum(1 << u for u in new)
        try:
            self._reduce(tag, again)
        finally:
            self.only = None
        fine = sorted(set(self._paths(self.state[tag])) - before)
        self.state[tag], self.committed[tag], self.sfnt_now = state, committed, font
        self._reduce(tag, fine)  # its first trial is the whole batch

    def removed_paths(self, tag: str) -> list[tuple]:
        """Committed removals as subset paths (rules, subtables, lookups)."""
        return self._paths(self.state[tag])

    @staticmethod
    def _paths(st: dict[str, Any]) -> list[tuple]:
        out: list[tuple] = [("L", i) for i in sorted(st["lookups"])]
        for i, js in sorted(st["subtables"].items()):
            out += [("S", i, j) for j in sorted(js)]
        for (i, j, k), rs in sorted(st["rules"].items()):
            out += [("R", i, j, k, r) for r in sorted(rs)]
        return out

    def present_paths(self, tag: str) -> list[tuple]:
        lt = self.tables[tag]
        out: list[tuple] = []
        for i, lk in enumerate(lt.lookups):
            out.append(("L", i))
            for j, sub in enumerate(lk.subtables):
                out.append(("S", i, j))
                for k, rs in enumerate(sub.rulesets):
                    if rs is not None:
                        out += [("R", i, j, k, r) for r in range(rs.count)]
        return out


#: The pruner a share worker reuses for every share it runs.
_share_pruner: _Pruner | None = None


def _init_share_worker(args: tuple) -> None:
    global _share_pruner
    workers.ignore_interrupts()
    _share_pruner = _Pruner(*args)


def _prune_share(
    start: tuple, share: list[int], pruner: _Pruner | None = None
) -> tuple[list[tuple], int]:
    """One share of a split prune (``_Pruner._run_shares``): its removals as
    paths, and how many trials they took. ``pruner``: this process's helper
    when there are no workers, else the worker's own."""
    pruner = pruner or _share_pruner
    assert pruner is not None
    tag, state, committed, sfnt_now = start
    pruner.state[tag] = copy.deepcopy(state)
    pruner.committed[tag] = bytearray(committed)
    pruner.sfnt_now = sfnt_now
    trials = pruner.trials
    pruner._run_share(tag, share)
    return pruner.removed_paths(tag), pruner.trials - trials


def _table_sizes(font: TTFont) -> dict[str, int]:
    return {tag: len(font.getTableData(tag)) for tag in sorted(font.keys()) if tag != "GlyphOrder"}


# ---------------------------------------------------------------------------
# Glyphs and substitution entries


def _prune_glyphs(
    src: Source,
    keep: set[int],
    candidates: Iterable[int],
    codepoints: set[int],
    units: Sequence[TextUnit],
    records: Sequence[Record],
    counter: list[int],
) -> set[int]:
    """Glyphs of ``candidates`` the units shape identically without (bisecting)."""
    dropped: set[int] = set()

    def works(batch: list[int]) -> bool:
        counter[0] += 1
        trial = keep - dropped - set(batch)
        sfnt, glyph_map = hb_subset(src.sfnt, trial, codepoints)
        shaper = Shaper(sfnt, glyph_map, direction=DIRECTION, script=SCRIPT)
        wanted = set(batch)
        for unit, record in zip(units, records, strict=True):
            if record.glyphs.isdisjoint(wanted):
                continue
            if shaper.shape(unit) != src.reference(unit):
                return False
        return True

    def reduce(batch: list[int]) -> None:
        if not batch:
            return
        if works(batch):
            dropped.update(batch)
            return
        if len(batch) == 1:
            return
        mid = len(batch) // 2
        reduce(batch[:mid])
        reduce(batch[mid:])

    reduce(sorted(candidates))
    return dropped


def _prune_entries(
    sfnt: bytes,
    glyph_map: list[int],
    unit_glyphs: Sequence[frozenset[int]],
    degradation: bool = True,
) -> tuple[bytes, list[int], int]:
    """Drop single/multiple/ligature substitutions of unprotected lookups that
    no unit holds every glyph of (input and output): they never fired. The
    caller verifies; HarfBuzz re-serializes the result (smaller than fontTools')."""
    font = TTFont(io.BytesIO(sfnt), recalcTimestamp=False)
    if "GSUB" not in font:
        return sfnt, glyph_map, 0
    order = font.getGlyphOrder()
    inverse = {old: new for new, old in enumerate(glyph_map)}
    sets = [{order[inverse[g]] for g in glyphs if g in inverse} for glyphs in unit_glyphs]
    by_glyph: dict[str, list[int]] = {}
    for u, names in enumerate(sets):
        for name in names:
            by_glyph.setdefault(name, []).append(u)

    def fired(names: Iterable[str]) -> bool:
        need = set(names)
        rarest = min(need, key=lambda n: len(by_glyph.get(n, ())))
        return any(need <= sets[u] for u in by_glyph.get(rarest, ()))

    layout = LayoutTable(sfnt, "GSUB")
    protected = layout.nested_closure(layout.joining()) if degradation else set()
    removed = 0
    for i, lookup in enumerate(font["GSUB"].table.LookupList.Lookup):
        if i in protected:
            continue
        for sub in lookup.SubTable:
            sub = getattr(sub, "ExtSubTable", sub)
            kind = type(sub).__name__
            if kind == "SingleSubst":
                for a, b in list(sub.mapping.items()):
                    if not fired((a, b)):
                        del sub.mapping[a]
                        removed += 1
            elif kind == "MultipleSubst":
                for a, b in list(sub.mapping.items()):
                    if not fired((a, *b)):
                        del sub.mapping[a]
                        removed += 1
            elif kind == "LigatureSubst":
                for a, ligs in list(sub.ligatures.items()):
                    kept = [lig for lig in ligs if fired((a, *lig.Component, lig.LigGlyph))]
                    removed += len(ligs) - len(kept)
                    if kept:
                        sub.ligatures[a] = kept
                    else:
                        del sub.ligatures[a]
    if not removed:
        return sfnt, glyph_map, 0
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    cmap = set(font.getBestCmap())
    compact, second = hb_subset(out.getvalue(), set(range(len(glyph_map))), cmap)
    return compact, [glyph_map[g] for g in second], removed


# ---------------------------------------------------------------------------
# Entry point


def subset_shaping(
    font_bytes: bytes,
    units: Sequence[Any],
    *,
    verify_units: Sequence[Any] = (),
    options: ShapingOptions | None = None,
    previous: dict[str, Any] | None = None,
) -> ShapingResult:
    """Subset ``font_bytes`` (sfnt or WOFF2) to what shaping ``units`` needs, exactly.

    ``units`` are ``TextUnit``s, plain ``(text, lang)`` pairs or any object
    with ``.text`` and ``.lang``; they are traced and
    drive the search, so they should be short and repeat (words, short
    runs). ``verify_units`` (long runs, paragraphs) are only shaped to check
    the result; any that differ are traced too and the search resumes. The
    result shapes every unit of both exactly as the full font does — glyph
    identity, clusters, advances and offsets, with the unit's language — or
    ``ShapingError`` is raised. ``previous`` is an earlier result's ``state``.
    """
    opts = options or ShapingOptions()
    key = _result_key(font_bytes, [*units, *verify_units], opts)
    if key in _RESULTS:
        _RESULTS.move_to_end(key)
        return _RESULTS[key]
    result = _subset_shaping(font_bytes, units, verify_units, opts, previous)
    _RESULTS[key] = result
    while len(_RESULTS) > 8:
        _RESULTS.popitem(last=False)
    return result


#: Results of this process by (font, distinct units, options): an unchanged
#: rebuild in a long-running process (``pelican --autoreload``) costs a hash.
_RESULTS: OrderedDict[str, ShapingResult] = OrderedDict()


def _result_key(font_bytes: bytes, units: Sequence[Any], opts: ShapingOptions) -> str:
    digest = hashlib.sha256(font_bytes)
    for unit in sorted(set(dedupe(units))):
        digest.update(f"{unit.lang}\x00{unit.text}\x01".encode())
    digest.update(repr(opts).encode())
    return digest.hexdigest()


def _unit_key(unit: TextUnit) -> str:
    return f"{unit.lang}\x00{unit.text}"


def _usable_previous(
    previous: dict[str, Any] | None, src: Source, opts: ShapingOptions
) -> dict[str, Any] | None:
    if not isinstance(previous, dict):
        return None
    if (
        previous.get("version") != STATE_VERSION
        or previous.get("font") != src.sha256
        or previous.get("options") != repr(opts)
    ):
        return None
    return previous


def _subset_shaping(
    font_bytes: bytes,
    units: Sequence[Any],
    verify_units: Sequence[Any],
    opts: ShapingOptions,
    previous: dict[str, Any] | None,
) -> ShapingResult:
    clock = time.perf_counter
    t0 = clock()
    timings: dict[str, float] = {}
    src = source_for(font_bytes)
    timings["load"] = clock() - t0
    previous = _usable_previous(previous, src, opts)
    counters = dict.fromkeys(
        (
            "traced",
            "promoted",
            "glyph_trials",
            "prune_trials",
            "prune_splits",
            "prune_rounds",
            "pinned",
        ),
        0,
    )

    traced = dedupe(units)
    checked = [u for u in dedupe(verify_units) if u not in set(traced)]
    mode = "cold"
    if previous is not None:
        for key, data in previous.get("records", {}).items():
            lang, _, text = key.partition("\x00")
            unit = TextUnit(lang, text)
            if unit not in src.records:
                try:
                    src.records[unit] = Record.from_json(data)
                except (TypeError, ValueError):
                    continue
        # units traced last time because they once shaped differently stay traced
        was = {TextUnit(lang, t) for t, lang in previous.get("promoted", [])}
        traced += [u for u in checked if u in was]
        checked = [u for u in checked if u not in was]
        old_units = {TextUnit(lang, t) for t, lang in previous.get("units", [])}
        gone = len(old_units - set(traced))
        if old_units and gone <= STALE_SHARE * len(old_units):
            mode = "incremental"
        else:
            previous = None
    promoted = [TextUnit(lang, t) for t, lang in (previous or {}).get("promoted", [])]
    codepoints = {ord(c) for u in [*traced, *checked] for c in u.text}
    # the search runs on the core of the units; the rest are verified
    old = {TextUnit(lang, t) for t, lang in (previous or {}).get("units", [])}
    core = _core(src, traced, old | set(promoted))
    checked += [u for u in traced if u not in core]
    traced = [u for u in traced if u in core]
    traced_before = src.traced
    for round_ in range(MAX_PROMOTIONS + 1):
        sfnt, glyph_map, stats, state = _search(
            src, traced, codepoints, opts, previous, timings, counters
        )
        t = clock()
        shaper = Shaper(sfnt, glyph_map, direction=DIRECTION, script=SCRIPT)
        bad = [u for u in checked if shaper.shape(u) != src.reference(u)]
        timings["verify"] = timings.get("verify", 0.0) + clock() - t
        if not bad:
            break
        # a run shapes differently from its words, or a word from the core:
        # trace it and search again from where this search ended (the last
        # round traces every unit left, so the search ends exact)
        promoted += bad
        if round_ == MAX_PROMOTIONS - 1:
            bad = checked
        traced += bad
        checked = [u for u in checked if u not in set(bad)]
        counters["promoted"] += len(bad)
        previous = state
        mode = "incremental"
    else:
        raise ShapingError(f"{len(bad)} runs still shape differently after promotion")
    counters["traced"] = src.traced - traced_before

    # encoded once, from the sfnt every round was verified on; the callers
    # verify the bytes they ship (the plugin's verify stage, build_supplement)
    t = clock()
    woff2 = _save(TTFont(io.BytesIO(sfnt), recalcTimestamp=False), "woff2")
    timings["woff2"] = clock() - t
    final_font = TTFont(io.BytesIO(sfnt), recalcTimestamp=False)
    cmap = set(final_font.getBestCmap())
    missing = ((codepoints | set(opts.extra_codepoints)) & set(src.cmap)) - cmap
    if missing:
        raise ShapingError(f"code points missing from the subset cmap: {sorted(missing)[:10]}")
    ots = ots_check(woff2)
    if not (ots == "passed" or ots.startswith("skipped")):
        raise ShapingError(f"the OpenType Sanitizer rejects the subset: {ots}")
    stats.update(woff2_bytes=len(woff2), ots=ots, tables=_table_sizes(final_font))
    result = ShapingResult(woff2, glyph_map, sorted(cmap), stats)

    state["promoted"] = sorted([u.text, u.lang] for u in dict.fromkeys(promoted))
    state["records"] = {_unit_key(u): src.record(u).to_json() for u in traced}
    timings["total"] = clock() - t0
    result.state = state
    result.stats.update(counters)
    result.stats["mode"] = mode
    result.stats["units"] = len(traced)
    result.stats["verify_units"] = len(checked)
    result.stats["seconds"] = timings
    return result


def _core(src: Source, units: Sequence[TextUnit], keep: set[TextUnit]) -> set[TextUnit]:
    """The units that drive the search; the others are only verified.

    The search reshapes the units a trial can affect once per trial, so its
    cost grows with the number of distinct words, which keeps growing on a
    news site; but most words exercise nothing other words do not. A unit
    joins the core when its full-font shaping shows something no earlier
    (shorter) unit's does: a glyph, or a pair of adjacent glyphs (the
    context a contextual lookup matches). The rest are verified against the
    result, and any that differ are traced and searched as well, so the
    subset stays exact; ``keep`` (units traced before) stays in the core."""
    seen: set[Any] = set()
    core = set(keep)
    for unit in sorted(units, key=lambda u: (len(u.text), u.text, u.lang)):
        glyphs = [g[0] for g in src.reference(unit)]
        found: set[Any] = {*glyphs, *pairwise(glyphs)}
        if unit in core or not found <= seen:
            core.add(unit)
            seen |= found
    return core


def _search(
    src: Source,
    todo: list[TextUnit],
    text_codepoints: set[int],
    opts: ShapingOptions,
    previous: dict[str, Any] | None,
    timings: dict[str, float],
    counters: dict[str, int],
) -> tuple[bytes, list[int], dict[str, Any], dict[str, Any]]:
    """One search: the subset as sfnt, its glyph map, stats and the state to resume from."""
    clock = time.perf_counter

    def tick(name: str, since: float) -> float:
        now = clock()
        timings[name] = timings.get(name, 0.0) + now - since
        return now

    t = clock()
    records = [src.record(u) for u in todo]
    reference = [src.reference(u) for u in todo]
    traced_glyphs: set[int] = set().union(*(r.glyphs - r.transients for r in records))
    transients: set[int] = set().union(*(r.transients for r in records)) - traced_glyphs
    t = tick("trace", t)

    codepoints = (text_codepoints | set(opts.extra_codepoints)) & set(src.cmap)
    # the degradation set grows from what the text shows, not from transients
    base = {0} | traced_glyphs | {src.gid[src.cmap[c]] for c in codepoints}
    joined = src.joining_closure(base) if opts.degradation else set()
    keep = traced_glyphs | transients | joined
    t = tick("closure", t)

    repairs = 0
    while True:
        sfnt1, glyph_map = hb_subset(src.sfnt, keep, codepoints)
        shaper = Shaper(sfnt1, glyph_map, direction=DIRECTION, script=SCRIPT)
        bad = _mismatches(shaper, todo, reference)
        if not bad:
            break
        if repairs >= MAX_REPAIR_ROUNDS:
            raise ShapingError(f"{len(bad)} units still shape differently after {repairs} repairs")
        added = _repair_glyphs(src, [todo[i] for i in bad], repairs)
        repairs += 1
        if not added - keep and repairs > 1:
            raise ShapingError(f"repair found nothing to add for {len(bad)} units")
        keep |= added
    t = tick("subset", t)

    dropped: set[int] = set()
    if not repairs:
        candidates = transients - joined - {0}
        counter = [0]
        if previous is not None:
            again = candidates & set(previous.get("glyphs_dropped", ()))
            fresh = candidates - set(previous.get("glyphs_seen", ())) - again
            dropped = _prune_glyphs(src, keep, again, codepoints, todo, records, counter)
            keep -= dropped
            more = _prune_glyphs(src, keep, fresh, codepoints, todo, records, counter)
        else:
            more = _prune_glyphs(src, keep, candidates, codepoints, todo, records, counter)
        dropped |= more
        keep -= more
        counters["glyph_trials"] += counter[0]
        if dropped:
            sfnt1, glyph_map = hb_subset(src.sfnt, keep, codepoints)
    t = tick("prune_glyphs", t)

    inverse = {old: new for new, old in enumerate(glyph_map)}
    unit_glyphs = [r.glyphs - dropped for r in records]
    state: dict[str, Any] = {
        "version": STATE_VERSION,
        "font": src.sha256,
        "options": repr(opts),
        "units": sorted([u.text, u.lang] for u in todo),
        "glyphs_seen": sorted(transients | traced_glyphs),
        "glyphs_dropped": sorted(dropped),
        "removed": {},
        "present": {},
    }
    final_sfnt, final_map = sfnt1, glyph_map
    entries = 0
    sub_layout = {tag: LayoutTable(sfnt1, tag) for tag in ("GSUB", "GPOS")}
    sub_protected = {
        "GSUB": sub_layout["GSUB"].joining() if opts.degradation else set(),
        "GPOS": sub_layout["GPOS"].joining(cursive=True) if opts.degradation else set(),
    }
    maps = {tag: PieceMap(sub_layout[tag], src.layout[tag], glyph_map) for tag in sub_layout}
    unit_changed = _changed_in_subset(records, maps)
    if unit_changed is None:  # a lookup did not map: trace with the subset itself
        traces = [shaper.trace(u) for u in todo]
        unit_changed = [set(tr.changed) for tr in traces]
    prev = None
    if previous is not None and previous.get("removed"):
        seen = {TextUnit(lang, text) for text, lang in previous.get("units", [])}
        prev = {
            "maps": maps,
            "removed": previous["removed"],
            "present": previous.get("present", {}),
            "new": [i for i, unit in enumerate(todo) if unit not in seen],
        }
    pinned: set[int] = set()
    kw = {"direction": DIRECTION, "script": SCRIPT}
    subset_unit_glyphs = [{inverse[g] for g in glyphs if g in inverse} for glyphs in unit_glyphs]
    for _ in range(MAX_PRUNE_ROUNDS):
        counters["prune_rounds"] += 1
        pruner = _Pruner(
            sfnt1,
            glyph_map,
            todo,
            reference,
            sub_protected,
            subset_unit_glyphs,
            unit_changed,
            pinned,
        )
        patched = pruner.font(prev)
        counters["prune_trials"] += pruner.trials
        counters["prune_splits"] += pruner.splits
        broken = set(_mismatches(Shaper(patched, glyph_map, **kw), todo, reference))
        if not broken:
            break
        pinned |= broken
        counters["pinned"] += len(broken)
    for tag in pruner.tables:
        pmap = maps[tag]
        state["removed"][tag] = sorted(
            list(p) for p in (pmap.source(x) for x in pruner.removed_paths(tag)) if p
        )
        state["present"][tag] = sorted(
            list(p) for p in (pmap.source(x) for x in pruner.present_paths(tag)) if p
        )
    compact, second = hb_subset(patched, set(range(len(glyph_map))), codepoints)
    final_sfnt, final_map = compact, [glyph_map[g] for g in second]
    t = tick("prune", t)
    trial, trial_map, entries = _prune_entries(final_sfnt, final_map, unit_glyphs, opts.degradation)
    if entries:
        check = Shaper(trial, trial_map, direction=DIRECTION, script=SCRIPT)
        if _mismatches(check, todo, reference):
            entries = -entries  # rejected: some unit needed one
        else:
            final_sfnt, final_map = trial, trial_map
    t = tick("prune_entries", t)

    problems = _mismatches(Shaper(final_sfnt, final_map, **kw), todo, reference)
    fallback = False
    if problems:
        # The compaction disagreed with the byte-level trials: ship the
        # unpruned subset rather than an inexact one.
        final_sfnt, final_map = sfnt1, glyph_map
        problems = _mismatches(Shaper(final_sfnt, final_map, **kw), todo, reference)
        fallback = True
        state["removed"] = {}
    if problems:
        raise ShapingError(f"{len(problems)} units shape differently in the final subset")
    tick("verify", t)

    stats = {
        "codepoints": len(codepoints),
        "glyphs_seen": len(traced_glyphs | transients),
        "glyphs_kept": len(final_map),
        "glyphs_dropped": len(dropped),
        "glyphs_degradation_only": len(set(final_map) - traced_glyphs - transients),
        "strategy": "shaping",
        "repairs": repairs,
        "entries_removed": entries,
        "fallback_unpruned": fallback,
    }
    return final_sfnt, final_map, stats, state


def _changed_in_subset(
    records: Sequence[Record], maps: dict[str, PieceMap]
) -> list[set[tuple[str, int]]] | None:
    out = []
    for record in records:
        found = set()
        for tag, i in record.changed:
            mapped = maps[tag].subset(("L", i)) if tag in maps else None
            if mapped is None:
                return None
            found.add((tag, mapped[1]))
        out.append(found)
    return out
