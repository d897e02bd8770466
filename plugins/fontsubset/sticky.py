"""The main subset a site keeps from build to build: its lock.

Readers cache the subset under its hashed name; a subset re-derived on every
publish changed that name on most days and made returning readers download
more font than the full file. So the first build derives the main subset
and writes it here; later builds only *verify* the site's text against it
(text it cannot shape goes to supplements, ``supplement.py``), and it
changes only when text that cannot be wrapped needs more (it grows, never
shrinks behind readers' backs) or on ``make font-refresh``.

The lock is a folder holding, per font, the subset (``<stem>.woff2``) and a
text file a reviewer can read in a pull request (``<stem>.json``): the full
font's hash, the subset's hash, and the glyph names and characters it keeps.
Beside them, ``supplements/<stem>/`` holds the supplements made so far, each
naming its owner page and pieces. Committed to the repository
(``FONTSUBSET_LOCK_PATH``), a fresh clone or a CI runner does verification
only.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import write_atomic
from .separable import VERSION as SEPARABLE_VERSION

__all__ = ["Lock", "LockedSubset"]

FORMAT = 1
SUPPLEMENT_DIR = "supplements"


@dataclass
class LockedSubset:
    woff2: bytes
    glyph_map: list[int]
    codepoints: list[int]
    #: the full font and this subset shape a run as its space-ended pieces
    #: (``separable.py``), as proven when the lock was written: deciding it
    #: decompiles both fonts' layout tables, seconds a fresh clone need not spend
    separable: bool = False


class Lock:
    """Reads and writes the locked subsets in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @staticmethod
    def _stem(source: str) -> str:
        return posixpath.basename(source).rsplit(".", 1)[0]

    def paths(self, source: str) -> tuple[Path, Path]:
        stem = self._stem(source)
        return self.folder / f"{stem}.woff2", self.folder / f"{stem}.json"

    def supplements(self, source: str) -> Path:
        """The folder of the font's supplements (``supplement.py``), one
        ``cache.Cache`` entry each: made once, then committed with the lock."""
        return self.folder / SUPPLEMENT_DIR / self._stem(source)

    def load(self, source: str, source_sha256: str) -> tuple[LockedSubset | None, str]:
        """The locked subset of this exact font, or None and why not."""
        font_path, plan_path = self.paths(source)
        try:
            plan = json.loads(plan_path.read_text(encoding="utf-8"))
            woff2 = font_path.read_bytes()
        except FileNotFoundError:
            return None, "none"
        except (OSError, ValueError) as exc:
            return None, f"unreadable ({exc})"
        if not isinstance(plan, dict) or plan.get("format") != FORMAT:
            return None, "other format"
        if plan.get("source_sha256") != source_sha256:
            return None, "locked for another version of the font"
        if plan.get("subset_sha256") != hashlib.sha256(woff2).hexdigest():
            return None, "corrupt: the subset does not match its plan"
        glyph_map = plan.get("glyph_map")
        if not isinstance(glyph_map, list) or not all(isinstance(g, int) for g in glyph_map):
            return None, "corrupt: no glyph map"
        codepoints = [int(c[2:], 16) for c in plan.get("characters", [])]
        separable = plan.get("pieces_separable") == SEPARABLE_VERSION
        return LockedSubset(woff2, glyph_map, codepoints, separable), "loaded"

    def planned_sha256(self, source: str) -> str | None:
        """The locked subset's SHA-256 as its plan says, unchecked: a hint for
        templates (``plugin.preload_hints``), which the build confirms or
        corrects."""
        try:
            digest = json.loads(self.paths(source)[1].read_text(encoding="utf-8"))["subset_sha256"]
        except (OSError, ValueError, TypeError, KeyError):
            return None
        return digest if isinstance(digest, str) and len(digest) == 64 else None

    def save(
        self,
        source: str,
        source_sha256: str,
        subset: LockedSubset,
        glyph_names: list[str],
    ) -> None:
        font_path, plan_path = self.paths(source)
        plan: dict[str, Any] = {
            "format": FORMAT,
            "about": "Subset lock of the fontsubset plugin: `make font-refresh` re-derives it.",
            "source": source,
            "source_sha256": source_sha256,
            "subset_sha256": hashlib.sha256(subset.woff2).hexdigest(),
            "subset_bytes": len(subset.woff2),
            "characters": [f"U+{cp:04X}" for cp in sorted(subset.codepoints)],
            "glyphs": [glyph_names[g] for g in subset.glyph_map],
            "glyph_map": subset.glyph_map,
        }
        if subset.separable:
            plan["pieces_separable"] = SEPARABLE_VERSION
        write_atomic(font_path, subset.woff2)
        write_atomic(plan_path, json.dumps(plan, indent=1, ensure_ascii=False) + "\n")
