"""Subsetting strategies: given the full font and what the site renders, make a
smaller font that shapes every collected text exactly like the full one.

The pipeline only talks to the ``Strategy`` protocol, so a shaping-aware
strategy (one that keeps only the glyphs HarfBuzz actually produces for the
collected text units) can be added beside ``CodepointStrategy`` without
touching collection, verification, caching or wiring.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, Protocol

from .collect import TextUnit
from .fontfile import FontError, SourceFont, sfnt_to_woff2

#: Name records kept: copyright and licence (the OFL asks that they travel with
#: the font), plus family/style/full/version/PostScript names for debugging.
#: Dropped: unique ID, trademark, designer, description, STAT axis names...
NAME_IDS = (0, 1, 2, 4, 5, 6, 13, 14)

#: Tables browsers ignore for a static font, on top of each engine's defaults.
DROP_TABLES = ("STAT", "DSIG")


@dataclass(frozen=True)
class SubsetRequest:
    """Everything a strategy may base its choice of glyphs on."""

    codepoints: tuple[int, ...]
    units: tuple[TextUnit, ...]


@dataclass
class SubsetResult:
    woff2: bytes
    #: glyph id in the subset → glyph id in the source: names and metrics are
    #: compared through it, since the subset carries no glyph names.
    glyph_map: list[int]
    codepoints: list[int]
    glyphs_total: int


class Strategy(Protocol):
    name: str

    def cache_material(self, request: SubsetRequest) -> dict[str, Any]:
        """JSON-able inputs that, with the font bytes, determine the output."""
        ...

    def subset(self, source: SourceFont, request: SubsetRequest) -> SubsetResult: ...


class CodepointStrategy:
    """Keep every glyph reachable from the collected code points.

    Layout closure over *all* features and scripts keeps every alternate,
    ligature and mark a Nastaliq word may need, which is why shaping is
    unchanged; only what browsers never use (hinting, glyph names, most name
    records, STAT) is dropped.
    """

    name = "codepoints"

    def __init__(self, engine: str = "harfbuzz") -> None:
        if engine not in ("harfbuzz", "fonttools"):
            raise ValueError(f"unknown subsetter {engine!r}")
        self.engine = engine

    def cache_material(self, request: SubsetRequest) -> dict[str, Any]:
        engine_version = version("uharfbuzz" if self.engine == "harfbuzz" else "fonttools")
        return {
            "strategy": self.name,
            "engine": self.engine,
            "engine_version": engine_version,
            "fonttools": version("fonttools"),
            "name_ids": list(NAME_IDS),
            "drop_tables": list(DROP_TABLES),
            "codepoints": list(request.codepoints),
        }

    def subset(self, source: SourceFont, request: SubsetRequest) -> SubsetResult:
        wanted = sorted(set(request.codepoints) & source.cmap)
        if self.engine == "harfbuzz":
            sfnt, glyph_map = _harfbuzz(source, wanted)
        else:
            sfnt, glyph_map = _fonttools(source, wanted)
        import uharfbuzz as hb

        kept = sorted(hb.Face(sfnt).unicodes)
        return SubsetResult(sfnt_to_woff2(sfnt), glyph_map, kept, source.face.glyph_count)


def _tag(tag: str) -> int:
    return int.from_bytes(tag.encode("ascii"), "big")


def _harfbuzz(source: SourceFont, codepoints: list[int]) -> tuple[bytes, list[int]]:
    import uharfbuzz as hb

    inp = hb.SubsetInput()
    inp.unicode_set.update(codepoints)
    for tags in (inp.layout_feature_tag_set, inp.layout_script_tag_set):
        tags.clear()
        tags.invert()  # an inverted empty set means "all"
    inp.name_id_set.clear()
    inp.name_id_set.update(NAME_IDS)
    for tag in DROP_TABLES:
        inp.drop_table_tag_set.add(_tag(tag))
    inp.flags = hb.SubsetFlags.NO_HINTING
    plan = hb.SubsetPlan(source.face, inp)
    mapping = plan.new_to_old_glyph_mapping
    face = plan.execute()
    if face is None:
        raise FontError(f"{source.name}: HarfBuzz could not subset this font")
    glyph_map = [mapping[gid] for gid in range(face.glyph_count)]
    return face.blob.data, glyph_map


def _fonttools(source: SourceFont, codepoints: list[int]) -> tuple[bytes, list[int]]:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.layout_features = ["*"]
    options.layout_scripts = ["*"]
    options.layout_closure = True
    options.hinting = False
    options.glyph_names = False
    options.name_IDs = list(NAME_IDS)
    options.drop_tables = [*options.drop_tables, *DROP_TABLES]
    options.notdef_outline = False
    options.ignore_missing_unicodes = True
    font = TTFont(io.BytesIO(source.sfnt), recalcTimestamp=False)
    order = {name: gid for gid, name in enumerate(font.getGlyphOrder())}
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    glyph_map = [order[name] for name in font.getGlyphOrder()]
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue(), glyph_map


def make_strategy(name: str, engine: str) -> Strategy:
    if name == "codepoints":
        return CodepointStrategy(engine)
    raise ValueError(f"unknown strategy {name!r}")
