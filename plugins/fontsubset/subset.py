"""Subsetting strategies: given the full font and what the site renders, make a
smaller font that shapes every collected text exactly like the full one.

The pipeline only talks to the ``Strategy`` protocol, so a shaping-aware
strategy (one that keeps only the glyphs HarfBuzz actually produces for the
collected text units) can be added beside ``CodepointStrategy`` without
touching collection, verification, caching or wiring.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Protocol

from ..cache import read_framed, write_framed
from .collect import TextUnit, words
from .fontfile import FontError, SourceFont, sfnt_to_woff2
from .shaping.core import (
    DROP_TABLES,
    NAME_IDS,
    ShapingError,
    ShapingOptions,
    hb_subset,
    subset_shaping,
)


@dataclass(frozen=True)
class SubsetRequest:
    """Everything a strategy may base its choice of glyphs on."""

    codepoints: tuple[int, ...]
    #: runs (text between block boundaries) and segments (between any element
    #: boundaries), in the language of their element
    units: tuple[TextUnit, ...]
    #: the source font shapes a run as its space-ended pieces (``separable``):
    #: these pieces of the units then stand for the runs they make up
    separable: bool = False
    pieces: tuple[TextUnit, ...] = ()


@dataclass
class SubsetResult:
    woff2: bytes
    #: glyph id in the subset → glyph id in the source: names and metrics are
    #: compared through it, since the subset carries no glyph names.
    glyph_map: list[int]
    codepoints: list[int]
    glyphs_total: int
    #: strategy-specific figures for the report
    stats: dict[str, Any] = field(default_factory=dict)


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

    def cache_material(self, request: SubsetRequest) -> dict[str, Any]:
        return {
            "strategy": self.name,
            "engine": "harfbuzz",  # kept so that existing cache entries stay valid
            "engine_version": version("uharfbuzz"),
            "fonttools": version("fonttools"),
            "name_ids": list(NAME_IDS),
            "drop_tables": list(DROP_TABLES),
            "codepoints": list(request.codepoints),
        }

    def subset(self, source: SourceFont, request: SubsetRequest) -> SubsetResult:
        wanted = set(request.codepoints) & source.cmap
        try:
            sfnt, glyph_map = hb_subset(source.sfnt, set(), wanted, closure=True)
        except ShapingError as exc:
            raise FontError(f"{source.name}: HarfBuzz could not subset this font") from exc
        import uharfbuzz as hb

        kept = sorted(hb.Face(sfnt).unicodes)
        return SubsetResult(sfnt_to_woff2(sfnt), glyph_map, kept, source.face.glyph_count)


#: Runs of at most this many words are traced (they drive the search, like
#: words); longer runs are only shaped to verify, and traced only if they
#: then shape differently from the full font.
TRACE_MAX_WORDS = 4


def shaping_work(request: SubsetRequest) -> tuple[list[TextUnit], list[TextUnit]]:
    """(traced, verify-only) units: words and short runs; long runs.

    For a font that shapes runs piece by piece (``separable``), the pieces
    replace runs and words: they repeat like words, and proving them proves
    the runs.
    """
    if request.separable:
        # a word before a space and the same word at the end of a run nearly
        # always shape alike: the bare one is only verified (and traced if
        # it differs), which halves what the search reshapes per trial
        spaced = {u for u in request.pieces if u.text.endswith(" ")}
        traced, checked = [], []
        for unit in request.pieces:
            twin = TextUnit(unit.lang, unit.text + " ") in spaced
            (checked if twin else traced).append(unit)
        return traced, checked
    units = request.units
    traced = set(words(units))
    checked = set()
    for unit in units:
        if len(unit.text.split(" ")) <= TRACE_MAX_WORDS:
            traced.add(unit)
        else:
            checked.add(unit)
    return sorted(traced), sorted(checked - traced)


class ShapingStrategy:
    """Keep only what HarfBuzz draws for the site's text, plus what unseen
    text needs to join and carry its marks (``shaping/README.md``).

    The search's state (per-unit traces, the glyphs and layout pieces it
    removed) is kept per font under ``<cache>/shaping-state/``, so a build
    with new text starts from the last one and only the new text costs work.
    """

    name = "shaping"
    STATE_DIR = "shaping-state"

    #: ``subset(..., promote=units)`` traces units the verification found
    #: shaping differently (long runs are only verified, by the plugin).
    supports_promotion = True

    def __init__(self, cache_root: Path | None = None, check_runs: bool = False) -> None:
        self.cache_root = cache_root
        #: shape long runs inside the strategy too: when the plugin does not
        #: verify (FONTSUBSET_VERIFY = False), the strategy still must
        self.check_runs = check_runs
        self.options = ShapingOptions()

    def cache_material(self, request: SubsetRequest) -> dict[str, Any]:
        """The traced units decide the subset; long runs, only verified, do not
        (unless this strategy checks them itself): an edit that adds no new
        word or short run reuses the subset, and the plugin verifies the new
        runs against it (promoting any that differ)."""
        traced, checked = shaping_work(request)
        units = [*traced, *checked] if self.check_runs else traced
        return {
            "strategy": self.name,
            "uharfbuzz": version("uharfbuzz"),
            "fonttools": version("fonttools"),
            "options": repr(self.options),
            "trace_max_words": TRACE_MAX_WORDS,
            "check_runs": self.check_runs,
            "separable": request.separable,
            "codepoints": list(request.codepoints),
            "units": [list(u) for u in units],
        }

    def _state_path(self, source: SourceFont) -> Path | None:
        if self.cache_root is None:
            return None
        return self.cache_root / self.STATE_DIR / f"{source.sha256[:32]}.json.gz"

    def load_state(self, source: SourceFont) -> tuple[dict[str, Any] | None, str]:
        """The last build's search state, or None and why ("none", "corrupt: …")."""
        path = self._state_path(source)
        if path is None:
            return None, "none"
        body, state_of_file = read_framed(path)
        if body is None:
            return None, state_of_file
        try:
            state = json.loads(gzip.decompress(body))
            if not isinstance(state, dict):
                return None, "corrupt: not an object"
        except (OSError, ValueError, EOFError) as exc:
            return None, f"corrupt: {exc.__class__.__name__}"
        return state, "loaded"

    def save_state(self, source: SourceFont, state: dict[str, Any]) -> None:
        path = self._state_path(source)
        if path is None:
            return
        body = gzip.compress(json.dumps(state, ensure_ascii=False).encode(), mtime=0)
        write_framed(path, body)

    def subset(
        self, source: SourceFont, request: SubsetRequest, promote: tuple[TextUnit, ...] = ()
    ) -> SubsetResult:
        traced, checked = shaping_work(request)
        previous, state_status = self.load_state(source)
        # runs the verification once found shaping apart from their words
        # stay traced in later builds
        earlier = {TextUnit(lang, text) for text, lang in (previous or {}).get("promoted", [])}
        promoted = (set(promote) | earlier) & set(checked)
        if promoted:
            traced = sorted(set(traced) | promoted)
            checked = [u for u in checked if u not in promoted]
        if not self.check_runs:
            checked = []
        # every character of the site, the space between words included
        extra = set(request.codepoints) - {ord(c) for u in traced for c in u.text}
        options = self.options
        if extra:
            from dataclasses import replace

            options = replace(options, extra_codepoints=tuple(sorted(extra)))
        try:
            result = subset_shaping(
                source.sfnt,
                traced,
                verify_units=checked,
                options=options,
                previous=previous,
            )
        except ShapingError as exc:
            raise FontError(f"{source.name}: the shaping strategy failed: {exc}") from exc
        state = dict(result.state)
        state["promoted"] = sorted(
            {(u.text, u.lang) for u in promoted} | {tuple(p) for p in state.get("promoted", [])}
        )
        try:
            self.save_state(source, state)
        except OSError:
            state_status += ", not saved"
        stats = {
            k: v for k, v in result.stats.items() if k not in ("tables", "woff2_bytes", "strategy")
        }
        stats["state"] = state_status
        return SubsetResult(
            result.woff2, result.glyph_map, result.codepoints, source.face.glyph_count, stats
        )


def make_strategy(name: str, cache_root: Path | None = None, verify: bool = True) -> Strategy:
    if name == "codepoints":
        return CodepointStrategy()
    if name == "shaping":
        return ShapingStrategy(cache_root, check_runs=not verify)
    raise ValueError(f"unknown strategy {name!r}")
