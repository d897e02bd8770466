"""Read and patch GSUB/GPOS in compiled font bytes.

Deciding which lookups, subtables and rules the text needs is a search with
hundreds of trials; recompiling the layout tables with fontTools for each
would take minutes. A lookup is switched off by writing a zero subtable
count, a subtable by dropping its offset from the lookup's array, a rule by
dropping its offset from its rule set: the table keeps its size, HarfBuzz
reads the patched bytes directly, and a trial costs a copy of the font. The
decisions are then applied once to the fontTools objects and compiled.

Only structures referenced once are patched below the lookup level (fontTools
shares identical subtables and rule sets when it compiles), so a patch never
changes more than the piece it names.
"""

from __future__ import annotations

import struct
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

#: Features whose lookups make text join and compose; their non-contextual
#: lookups (and what ccmp's contextual ones call) are the degradation set.
JOINING_FEATURES = ("ccmp", "isol", "init", "medi", "fina", "rlig")
#: Mark attachment between any base and mark.
MARK_FEATURES = ("mark", "mkmk")
#: Features whose contextual lookups count as composition, not refinement.
COMPOSITION_FEATURES = ("ccmp",)

GSUB_CONTEXT = {5, 6, 8}
GPOS_CONTEXT = {7, 8}
GPOS_MARK_TYPES = {4, 5, 6}
GPOS_CURSIVE = 3


def _u16(data: bytes | bytearray, off: int) -> int:
    return struct.unpack_from(">H", data, off)[0]


def _u32(data: bytes | bytearray, off: int) -> int:
    return struct.unpack_from(">I", data, off)[0]


def table_directory(sfnt: bytes) -> dict[str, tuple[int, int]]:
    """tag → (offset, length) from an sfnt header."""
    count = _u16(sfnt, 4)
    out = {}
    for i in range(count):
        rec = 12 + 16 * i
        tag = sfnt[rec : rec + 4].decode("latin-1")
        out[tag] = (_u32(sfnt, rec + 8), _u32(sfnt, rec + 12))
    return out


def coverage_glyphs(data: bytes, off: int) -> set[int]:
    fmt = _u16(data, off)
    count = _u16(data, off + 2)
    if fmt == 1:
        return set(struct.unpack_from(f">{count}H", data, off + 4))
    glyphs: set[int] = set()
    for i in range(count):
        start, end = struct.unpack_from(">HH", data, off + 4 + 6 * i)
        glyphs.update(range(start, end + 1))
    return glyphs


def _coverage_list(data: bytes, off: int) -> list[int]:
    """Coverage glyphs in coverage-index order."""
    fmt = _u16(data, off)
    count = _u16(data, off + 2)
    if fmt == 1:
        return list(struct.unpack_from(f">{count}H", data, off + 4))
    glyphs: list[int] = []
    for i in range(count):
        start, end, _index = struct.unpack_from(">HHH", data, off + 4 + 6 * i)
        glyphs.extend(range(start, end + 1))
    return glyphs


def classdef_glyphs(data: bytes, off: int) -> dict[int, set[int]]:
    """class → glyphs (class 0 is left out: it is 'every other glyph')."""
    fmt = _u16(data, off)
    out: dict[int, set[int]] = {}
    if fmt == 1:
        start, count = _u16(data, off + 2), _u16(data, off + 4)
        for n, klass in enumerate(struct.unpack_from(f">{count}H", data, off + 6)):
            out.setdefault(klass, set()).add(start + n)
    else:
        for i in range(_u16(data, off + 2)):
            a, b, klass = struct.unpack_from(">HHH", data, off + 4 + 6 * i)
            out.setdefault(klass, set()).update(range(a, b + 1))
    out.pop(0, None)
    return out


@dataclass
class RuleSet:
    offset: int  # absolute, within the table
    count: int
    shared: bool
    #: glyphs a rule of this set can start at: one coverage glyph (format 1)
    #: or the coverage glyphs of one input class (format 2)
    first: set[int] = field(default_factory=set)
    #: per rule, the glyphs allowed at each other position (None: any glyph)
    needs: list[list[set[int] | None]] = field(default_factory=list)


@dataclass
class Subtable:
    offset: int  # absolute offset of the real (unwrapped) subtable
    type: int
    format: int
    shared: bool
    rulesets: list[RuleSet | None] = field(default_factory=list)
    nested: set[int] = field(default_factory=set)
    coverage: set[int] = field(default_factory=set)
    #: format 3 context: the glyphs allowed at every position
    needs: list[set[int]] = field(default_factory=list)


@dataclass
class Lookup:
    offset: int
    type: int  # real type, extension unwrapped
    flag: int
    shared: bool
    subtables: list[Subtable] = field(default_factory=list)
    mark_filtering_set: int | None = None

    @cached_property
    def nested(self) -> set[int]:
        return set().union(*(st.nested for st in self.subtables)) if self.subtables else set()

    @cached_property
    def coverage(self) -> set[int]:
        return set().union(*(st.coverage for st in self.subtables)) if self.subtables else set()


class LayoutTable:
    """A parsed GSUB or GPOS: lookups, their subtables and rule sets, and features."""

    def __init__(self, sfnt: bytes, tag: str) -> None:
        self.tag = tag
        directory = table_directory(sfnt)
        self.present = tag in directory
        self.table_offset, self.length = directory.get(tag, (0, 0))
        self.data = sfnt[self.table_offset : self.table_offset + self.length]
        self.lookups: list[Lookup] = []
        self.features: dict[str, set[int]] = {}
        if self.present:
            self._parse()

    # -- parsing ---------------------------------------------------------
    def _parse(self) -> None:
        d = self.data
        feature_list = _u16(d, 6)
        lookup_list = _u16(d, 8)
        for i in range(_u16(d, feature_list)):
            rec = feature_list + 2 + 6 * i
            tag = d[rec : rec + 4].decode("latin-1")
            feat = feature_list + _u16(d, rec + 4)
            n = _u16(d, feat + 2)
            self.features.setdefault(tag, set()).update(struct.unpack_from(f">{n}H", d, feat + 4))
        refs: Counter[int] = Counter()
        lookup_offsets = [
            lookup_list + _u16(d, lookup_list + 2 + 2 * i) for i in range(_u16(d, lookup_list))
        ]
        refs.update(lookup_offsets)
        raw: list[tuple[int, int, int, list[tuple[int, int]]]] = []
        for off in lookup_offsets:
            ltype, flag, count = struct.unpack_from(">HHH", d, off)
            subs = []
            for j in range(count):
                sub = off + _u16(d, off + 6 + 2 * j)
                real_type = ltype
                ext = (self.tag == "GSUB" and ltype == 7) or (self.tag == "GPOS" and ltype == 9)
                if ext:
                    real_type = _u16(d, sub + 2)
                    refs[sub] += 1
                    sub = sub + _u32(d, sub + 4)
                subs.append((sub, real_type))
                refs[sub] += 1
            mfs = _u16(d, off + 6 + 2 * count) if flag & 0x10 else None
            raw.append((off, flag, mfs, subs))
        # rule sets are counted before deciding what is shared
        parsed_subs: list[list[Subtable]] = []
        for _off, _flag, _mfs, subs in raw:
            row = []
            for sub, real_type in subs:
                st = Subtable(sub, real_type, _u16(d, sub), False)
                self._parse_subtable(st)
                for rs in st.rulesets:
                    if rs is not None:
                        refs[rs.offset] += 1
                row.append(st)
            parsed_subs.append(row)
        for (off, flag, mfs, _subs), row in zip(raw, parsed_subs, strict=True):
            for st in row:
                st.shared = refs[st.offset] > 1
                for rs in st.rulesets:
                    if rs is not None:
                        rs.shared = refs[rs.offset] > 1 or st.shared
            real = row[0].type if row else _u16(d, off)
            self.lookups.append(Lookup(off, real, flag, refs[off] > 1, row, mfs))

    def _is_context(self, ltype: int) -> bool:
        return ltype in (GSUB_CONTEXT if self.tag == "GSUB" else GPOS_CONTEXT)

    def _parse_subtable(self, st: Subtable) -> None:
        d, off = self.data, st.offset
        ctx = self._is_context(st.type)
        chain = (self.tag == "GSUB" and st.type == 6) or (self.tag == "GPOS" and st.type == 8)
        if not ctx or (self.tag == "GSUB" and st.type == 8):
            st.coverage = coverage_glyphs(d, off + _u16(d, off + 2))
            return
        if st.format in (1, 2):
            st.coverage = coverage_glyphs(d, off + _u16(d, off + 2))
            count_at = off + (4 if st.format == 1 else (10 if chain else 6))
            defs: list[dict[int, set[int]] | None] = [None, None, None]
            if st.format == 1:
                ordered = sorted(st.coverage)
                firsts = [{g} for g in ordered]
            else:
                if chain:
                    for n, at in enumerate((4, 6, 8)):
                        rel = _u16(d, off + at)
                        defs[n] = classdef_glyphs(d, off + rel) if rel else {}
                else:
                    defs[1] = classdef_glyphs(d, off + _u16(d, off + 4))
                classes = classdef_glyphs(d, off + _u16(d, off + (6 if chain else 4)))
                in_class = set().union(*classes.values()) if classes else set()
                zero = st.coverage - in_class
                n_sets = _u16(d, count_at)
                firsts = [
                    (classes.get(k, set()) & st.coverage) if k else zero for k in range(n_sets)
                ]
            for k in range(_u16(d, count_at)):
                rel = _u16(d, count_at + 2 + 2 * k)
                if not rel:
                    st.rulesets.append(None)
                    continue
                rs_off = off + rel
                n = _u16(d, rs_off)
                first = firsts[k] if k < len(firsts) else set()
                rs = RuleSet(rs_off, n, False, first)
                st.rulesets.append(rs)
                for r in range(n):
                    rule = rs_off + _u16(d, rs_off + 2 + 2 * r)
                    st.nested.update(self._rule_lookups(rule, chain))
                    rs.needs.append(self._rule_needs(rule, chain, st.format, defs))
        elif st.format == 3:
            if chain:
                p = off + 2
                back = _u16(d, p)
                st.needs += [coverage_glyphs(d, off + _u16(d, p + 2 + 2 * i)) for i in range(back)]
                p += 2 + 2 * back
                n_in = _u16(d, p)
                ins = [coverage_glyphs(d, off + _u16(d, p + 2 + 2 * i)) for i in range(n_in)]
                st.needs += ins
                if n_in:
                    st.coverage = ins[0]
                p += 2 + 2 * n_in
                ahead = _u16(d, p)
                st.needs += [coverage_glyphs(d, off + _u16(d, p + 2 + 2 * i)) for i in range(ahead)]
                p += 2 + 2 * ahead
                st.nested.update(self._records(p))
            else:
                n_in, n_rec = _u16(d, off + 2), _u16(d, off + 4)
                st.needs = [coverage_glyphs(d, off + _u16(d, off + 6 + 2 * i)) for i in range(n_in)]
                if n_in:
                    st.coverage = st.needs[0]
                p = off + 6 + 2 * n_in
                st.nested.update(_u16(d, p + 4 * i + 2) for i in range(n_rec))

    def _records(self, p: int) -> set[int]:
        n = _u16(self.data, p)
        return {_u16(self.data, p + 2 + 4 * i + 2) for i in range(n)}

    def _rule_needs(
        self, rule: int, chain: bool, fmt: int, defs: list[dict[int, set[int]] | None]
    ) -> list[set[int] | None]:
        """Glyphs allowed at each position of a format 1/2 rule except the first."""
        d = self.data

        def at(values: Iterable[int], classdef: dict[int, set[int]] | None) -> list:
            if fmt == 1:
                return [{v} for v in values]
            assert classdef is not None
            return [classdef.get(v) if v else None for v in values]

        if chain:
            p = rule
            n = _u16(d, p)
            out = at(struct.unpack_from(f">{n}H", d, p + 2), defs[0])
            p += 2 + 2 * n
            n = _u16(d, p)
            out += at(struct.unpack_from(f">{n - 1}H", d, p + 2), defs[1])
            p += 2 + 2 * (n - 1)
            n = _u16(d, p)
            out += at(struct.unpack_from(f">{n}H", d, p + 2), defs[2])
            return out
        n = _u16(d, rule)
        return at(struct.unpack_from(f">{n - 1}H", d, rule + 4), defs[1])

    def _rule_lookups(self, rule: int, chain: bool) -> set[int]:
        d = self.data
        if chain:
            p = rule
            p += 2 + 2 * _u16(d, p)
            p += 2 + 2 * (_u16(d, p) - 1)
            p += 2 + 2 * _u16(d, p)
            return self._records(p)
        n_in, n_rec = _u16(d, rule), _u16(d, rule + 2)
        p = rule + 4 + 2 * (n_in - 1)
        return {_u16(d, p + 4 * i + 2) for i in range(n_rec)}

    # -- substitutions ---------------------------------------------------
    def substitutions(self) -> dict[int, list[tuple[tuple[int, ...], tuple[int, ...]]]]:
        """Per GSUB lookup, its (input glyphs, output glyphs) edges, read from
        the bytes: single, multiple, alternate, ligature and reverse-chain
        substitutions (contextual lookups have none of their own)."""
        out: dict[int, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}
        if self.tag != "GSUB":
            return out
        d = self.data
        for i, lookup in enumerate(self.lookups):
            found: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
            for st in lookup.subtables:
                off = st.offset
                if st.type in (1, 2, 3, 4):
                    cov = _coverage_list(d, off + _u16(d, off + 2))
                if st.type == 1 and st.format == 1:
                    delta = _u16(d, off + 4)
                    found += [((g,), ((g + delta) & 0xFFFF,)) for g in cov]
                elif st.type == 1:
                    n = _u16(d, off + 4)
                    subs = struct.unpack_from(f">{n}H", d, off + 6)
                    found += [((g,), (s,)) for g, s in zip(cov, subs, strict=False)]
                elif st.type in (2, 3):
                    n = _u16(d, off + 4)
                    for g, rel in zip(cov, struct.unpack_from(f">{n}H", d, off + 6), strict=False):
                        seq = off + rel
                        k = _u16(d, seq)
                        found.append(((g,), struct.unpack_from(f">{k}H", d, seq + 2)))
                elif st.type == 4:
                    n = _u16(d, off + 4)
                    for g, rel in zip(cov, struct.unpack_from(f">{n}H", d, off + 6), strict=False):
                        lig_set = off + rel
                        for lrel in struct.unpack_from(f">{_u16(d, lig_set)}H", d, lig_set + 2):
                            lig = lig_set + lrel
                            glyph, k = struct.unpack_from(">HH", d, lig)
                            comps = struct.unpack_from(f">{k - 1}H", d, lig + 4)
                            found.append(((g, *comps), (glyph,)))
                elif st.type == 8:
                    cov = _coverage_list(d, off + _u16(d, off + 2))
                    p = off + 4
                    p += 2 + 2 * _u16(d, p)
                    p += 2 + 2 * _u16(d, p)
                    n = _u16(d, p)
                    subs = struct.unpack_from(f">{n}H", d, p + 2)
                    found += [((g,), (s,)) for g, s in zip(cov, subs, strict=False)]
            out[i] = found
        return out

    # -- classification --------------------------------------------------
    def nested_closure(self, roots: Iterable[int]) -> set[int]:
        todo, seen = list(roots), set()
        while todo:
            i = todo.pop()
            if i in seen or i >= len(self.lookups):
                continue
            seen.add(i)
            todo.extend(self.lookups[i].nested)
        return seen

    def is_context(self, index: int) -> bool:
        return self._is_context(self.lookups[index].type)

    def joining(self, *, cursive: bool = False) -> set[int]:
        """Lookups that make any text join, compose and carry its marks.

        GSUB: the non-contextual lookups of the joining features, plus the
        contextual ccmp lookups and everything they call. Contextual lookups of
        the other joining features (Nastaliq's ``rlig`` chains) refine shapes
        for particular neighbours; unseen text may lose those refinements but
        still joins. GPOS: mark and mark-to-mark attachment, and with
        ``cursive`` the cursive attachment that builds the Nastaliq cascade.
        """
        keep: set[int] = set()
        if self.tag == "GSUB":
            for tag in JOINING_FEATURES:
                for i in self.features.get(tag, ()):
                    if tag in COMPOSITION_FEATURES:
                        keep |= self.nested_closure([i])
                    elif not self.is_context(i):
                        keep.add(i)
        else:
            for tag in MARK_FEATURES:
                keep |= {
                    i for i in self.features.get(tag, ()) if self.lookups[i].type in GPOS_MARK_TYPES
                }
            if cursive:
                keep |= {
                    i for i in self.features.get("curs", ()) if self.lookups[i].type == GPOS_CURSIVE
                }
        return keep

    # -- patching --------------------------------------------------------
    @cached_property
    def _subtable_offsets(self) -> list[list[int]]:
        return [
            [_u16(self.data, lk.offset + 6 + 2 * j) for j in range(len(lk.subtables))]
            for lk in self.lookups
        ]

    def _rule_offsets(self, rs: RuleSet) -> list[int]:
        return list(struct.unpack_from(f">{rs.count}H", self.data, rs.offset + 2))

    def patch_into(
        self,
        d: bytearray,
        lookups: Iterable[int] = (),
        subtables: Mapping[int, Iterable[int]] | None = None,
        rules: Mapping[tuple[int, int, int], Iterable[int]] | None = None,
    ) -> None:
        """Write into ``d`` (a copy of this table) the switched-off pieces named.

        Each entry of ``subtables``/``rules`` must hold *every* piece dropped
        from that lookup/rule set, since its offset array is rewritten whole.
        """
        for i in lookups:
            struct.pack_into(">H", d, self.lookups[i].offset + 4, 0)
        for i, js in (subtables or {}).items():
            lk = self.lookups[i]
            js = set(js)
            kept = [o for j, o in enumerate(self._subtable_offsets[i]) if j not in js]
            struct.pack_into(f">H{len(kept)}H", d, lk.offset + 4, len(kept), *kept)
            if lk.mark_filtering_set is not None:
                struct.pack_into(">H", d, lk.offset + 6 + 2 * len(kept), lk.mark_filtering_set)
        for (i, j, k), rs_drop in (rules or {}).items():
            rs = self.lookups[i].subtables[j].rulesets[k]
            assert rs is not None
            rs_drop = set(rs_drop)
            kept = [o for r, o in enumerate(self._rule_offsets(rs)) if r not in rs_drop]
            struct.pack_into(f">H{len(kept)}H", d, rs.offset, len(kept), *kept)

    def patched(
        self,
        lookups: Iterable[int] = (),
        subtables: Mapping[int, Iterable[int]] | None = None,
        rules: Mapping[tuple[int, int, int], Iterable[int]] | None = None,
    ) -> bytes:
        """Table bytes with whole lookups, subtables and rules switched off."""
        d = bytearray(self.data)
        lookups = set(lookups)
        subtables = {i: js for i, js in (subtables or {}).items() if i not in lookups}
        self.patch_into(d, lookups, subtables, rules)
        return bytes(d)


def splice(sfnt: bytes, tables: Mapping[str, tuple[int, bytes]]) -> bytes:
    """Replace same-sized tables in place (HarfBuzz does not check checksums)."""
    out = bytearray(sfnt)
    for offset, data in tables.values():
        out[offset : offset + len(data)] = data
    return bytes(out)
