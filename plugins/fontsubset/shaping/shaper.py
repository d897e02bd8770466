"""HarfBuzz shaping as a browser does it, plus a trace of every GSUB step.

A glyph that only exists between two lookups (``A → B`` in one lookup, ``B →
C`` in a later one) never shows in the final output, yet dropping it breaks
the chain; so the trace records every glyph the buffer holds at the end of
every GSUB lookup (uharfbuzz's buffer message callback), and which lookups
changed the buffer at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import uharfbuzz as hb

from .units import TextUnit

#: One shaped unit: (reference glyph id, cluster, x_adv, y_adv, x_off, y_off) per glyph.
Shaped = tuple[tuple[int, int, int, int, int, int], ...]

_NO_NAMES = hb.BufferSerializeFlags.NO_GLYPH_NAMES


@dataclass
class Trace:
    """What shaping one unit touched in the font it was shaped with."""

    shaped: Shaped
    #: glyph ids (of the traced font) present in the buffer at any GSUB step.
    glyphs: set[int] = field(default_factory=set)
    #: ("GSUB" | "GPOS", lookup index) of lookups that changed the buffer.
    changed: set[tuple[str, int]] = field(default_factory=set)
    #: (GSUB lookup index, glyphs before, glyphs after) for each lookup that
    #: changed the buffer: where transient glyphs are looked for.
    steps: list[tuple[int, frozenset[int], frozenset[int]]] = field(default_factory=list)


class Shaper:
    """A font held in memory, shaping units with fixed segment properties.

    ``glyph_map`` maps this font's glyph ids to the reference font's, so a
    subset's output compares with the full font's by glyph identity (names),
    not by its renumbered ids.
    """

    def __init__(
        self,
        sfnt: bytes,
        glyph_map: Sequence[int] | None = None,
        *,
        direction: str | None = "rtl",
        script: str | None = "Arab",
    ) -> None:
        self.sfnt = sfnt
        self.face = hb.Face(sfnt)
        self.font = hb.Font(self.face)
        count = self.face.glyph_count
        self.map: Sequence[int] = list(glyph_map) if glyph_map is not None else range(count)
        self.direction = direction
        self.script = script

    def _buffer(self, unit: TextUnit) -> hb.Buffer:
        buf = hb.Buffer()
        buf.add_str(unit.text)
        if self.direction is None or self.script is None:
            buf.guess_segment_properties()
        if self.direction is not None:
            buf.direction = self.direction
        if self.script is not None:
            buf.script = self.script
        buf.language = unit.lang
        return buf

    def _result(self, buf: hb.Buffer) -> Shaped:
        m = self.map
        return tuple(
            (m[i.codepoint], i.cluster, p.x_advance, p.y_advance, p.x_offset, p.y_offset)
            for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
        )

    def shape(self, unit: TextUnit, features: Mapping[str, bool] | None = None) -> Shaped:
        buf = self._buffer(unit)
        hb.shape(self.font, buf, dict(features) if features else None)
        return self._result(buf)

    def serialized(self, unit: TextUnit) -> str:
        """The shaped unit as HarfBuzz's own text form, in this font's glyph ids.

        Equal strings mean equal glyphs, clusters and positions, and the
        string is built in C: the search compares thousands of trial fonts
        with the same glyph order this way, at about half the cost of tuples.
        """
        buf = self._buffer(unit)
        hb.shape(self.font, buf)
        return buf.serialize(self.font, flags=_NO_NAMES)

    def raw(self, unit: TextUnit, features: Mapping[str, bool] | None = None) -> hb.Buffer:
        """The shaped buffer itself (this font's glyph ids), for callers that need more."""
        buf = self._buffer(unit)
        hb.shape(self.font, buf, dict(features) if features else None)
        return buf

    def trace(self, unit: TextUnit) -> Trace:
        buf = self._buffer(unit)
        trace = Trace(())
        state: dict[str, object] = {"table": "", "prev": None}
        glyphs = trace.glyphs

        def snapshot() -> tuple:
            if state["table"] == "GSUB":
                ids = tuple(i.codepoint for i in buf.glyph_infos)
                glyphs.update(ids)
                return ids
            return tuple(
                (p.x_advance, p.y_advance, p.x_offset, p.y_offset) for p in buf.glyph_positions
            )

        def on_message(message: str) -> bool:
            if message.startswith("start table "):
                state["table"] = message[12:16]
                state["prev"] = snapshot()
            elif message.startswith("end lookup ") and state["table"]:
                now = snapshot()
                if now != state["prev"]:
                    index = int(message.split()[2])
                    trace.changed.add((str(state["table"]), index))
                    if state["table"] == "GSUB":
                        before = frozenset(state["prev"])  # type: ignore[arg-type]
                        trace.steps.append((index, before, frozenset(now)))
                state["prev"] = now
            elif message.startswith("end table "):
                state["table"] = ""
            return True

        buf.set_message_func(on_message)
        hb.shape(self.font, buf)
        trace.shaped = self._result(buf)
        glyphs.update(i.codepoint for i in buf.glyph_infos)
        return trace
