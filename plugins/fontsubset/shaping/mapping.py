"""Name a subset's layout pieces by the source font's indices.

HarfBuzz's subsetter drops the lookups, subtables, rule sets and rules that
reference glyphs outside the kept set, so the same rule has different
indices in two subsets with different glyph sets. Pruning decisions are
remembered between builds by *source* paths — ``("L", i)``, ``("S", i, j)``,
``("K", i, j, k)``, ``("R", i, j, k, r)`` with ``i`` … ``r`` indices in the
full font — so the next build can start from them (see ``core``).

The subsetter keeps relative order, so each level is matched as a
subsequence: a subset piece matches the next source piece of the same kind
whose glyphs (mapped back to source ids) contain its own. A wrong match can
only make the next build try a wrong removal, which its verification
rejects; it never makes a subset inexact.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .layout import LayoutTable, RuleSet, Subtable

Path = tuple


def _subsequence(
    small: Sequence[Any], large: Sequence[Any], fits: Callable[[Any, Any], bool]
) -> dict[int, int]:
    out: dict[int, int] = {}
    at = 0
    for j, item in enumerate(small):
        for i in range(at, len(large)):
            if fits(item, large[i]):
                out[j] = i
                at = i + 1
                break
    return out


class PieceMap:
    """Subset piece paths ↔ source piece paths, for one table."""

    def __init__(self, subset: LayoutTable, source: LayoutTable, glyph_map: Sequence[int]) -> None:
        self.to_source: dict[Path, Path] = {}
        if not subset.present or not source.present:
            return
        gm = glyph_map

        def mapped(glyphs: set[int] | None) -> set[int] | None:
            return None if glyphs is None else {gm[g] for g in glyphs if g < len(gm)}

        def lookup_fits(a: Any, b: Any) -> bool:
            return (
                a.type == b.type
                and (a.flag & 0xFF0F) == (b.flag & 0xFF0F)
                and len(a.subtables) <= len(b.subtables)
                and mapped(a.coverage) <= b.coverage
            )

        def sub_fits(a: Subtable, b: Subtable) -> bool:
            if a.type != b.type or a.format != b.format or len(a.needs) != len(b.needs):
                return False
            if not mapped(a.coverage) <= b.coverage:
                return False
            return all(mapped(x) <= y for x, y in zip(a.needs, b.needs, strict=True))

        def rule_fits(a: list, b: list) -> bool:
            if len(a) != len(b):
                return False
            for x, y in zip(a, b, strict=True):
                if (x is None) != (y is None):
                    return False
                if x is not None and not mapped(x) <= y:
                    return False
            return True

        for j, i in _subsequence(subset.lookups, source.lookups, lookup_fits).items():
            self.to_source[("L", j)] = ("L", i)
            a_subs, b_subs = subset.lookups[j].subtables, source.lookups[i].subtables
            for sj, si in _subsequence(a_subs, b_subs, sub_fits).items():
                self.to_source[("S", j, sj)] = ("S", i, si)
                self._rulesets(j, sj, i, si, a_subs[sj], b_subs[si], mapped, rule_fits)
        self.from_source = {v: k for k, v in self.to_source.items()}

    def _rulesets(
        self,
        j: int,
        sj: int,
        i: int,
        si: int,
        a: Subtable,
        b: Subtable,
        mapped: Callable[[set[int] | None], set[int] | None],
        rule_fits: Callable[[list, list], bool],
    ) -> None:
        by_first: list[tuple[int, RuleSet]] = [
            (k, rs) for k, rs in enumerate(b.rulesets) if rs is not None
        ]
        used: set[int] = set()
        for k, rs in enumerate(a.rulesets):
            if rs is None or not rs.first:
                continue
            first = mapped(rs.first) or set()
            match = next(
                (
                    (bk, brs)
                    for bk, brs in by_first
                    if bk not in used and first <= brs.first and brs.count >= rs.count
                ),
                None,
            )
            if match is None:
                continue
            bk, brs = match
            used.add(bk)
            self.to_source[("K", j, sj, k)] = ("K", i, si, bk)
            for r, br in _subsequence(rs.needs, brs.needs, rule_fits).items():
                self.to_source[("R", j, sj, k, r)] = ("R", i, si, bk, br)

    def source(self, piece: Path) -> Path | None:
        return self.to_source.get(tuple(piece))

    def subset(self, piece: Sequence[Any]) -> Path | None:
        return self.from_source.get(tuple(piece))
