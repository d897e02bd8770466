"""Reading fonts and converting between WOFF2 and plain sfnt.

HarfBuzz (both the subsetter and the shaper) reads only plain sfnt, while the
site ships WOFF2; everything that crosses that line goes through here so the
failure messages are the same wherever a bad font is met.
"""

from __future__ import annotations

import hashlib
import importlib
import io
import os
import subprocess
import tempfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

SFNT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true")
OTS_MISSING = "opentype-sanitizer is not installed"


class FontError(Exception):
    """A font that cannot be used; the message says what to do."""


def brotli_available() -> bool:
    """WOFF2 needs Brotli both to read the theme's font and to write the subset."""
    try:
        importlib.import_module("brotli")
    except ImportError:
        return False
    return True


def ots_module():
    """The OpenType Sanitizer wrapper if installed: verification uses it."""
    try:
        return importlib.import_module("ots")
    except ImportError:
        return None


def to_sfnt(data: bytes, name: str) -> bytes:
    """Plain TrueType/OpenType bytes from sfnt, WOFF or WOFF2 data."""
    magic = data[:4]
    if magic in SFNT_MAGIC:
        return data
    if magic not in (b"wOF2", b"wOFF"):
        raise FontError(f"{name} is not a font (no sfnt, WOFF or WOFF2 signature)")
    if magic == b"wOF2" and not brotli_available():
        raise FontError(
            f"{name}: reading WOFF2 needs the Python package brotli — pip install brotli==1.2.1"
        )
    from fontTools.ttLib import TTFont

    try:
        font = TTFont(io.BytesIO(data), lazy=True, recalcTimestamp=False)
        font.flavor = None
        out = io.BytesIO()
        font.save(out, reorderTables=False)
    except Exception as exc:  # fontTools raises many kinds for damaged input
        raise FontError(
            f"{name} is not a readable font ({exc.__class__.__name__}: {exc}) — "
            f"replace it with an intact copy"
        ) from exc
    return out.getvalue()


def sfnt_to_woff2(sfnt: bytes) -> bytes:
    if not brotli_available():
        raise FontError("writing WOFF2 needs the Python package brotli — pip install brotli==1.2.1")
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(sfnt), lazy=True, recalcTimestamp=False)
    font.flavor = "woff2"
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()


def sanitize(data: bytes) -> tuple[bytes | None, str]:
    """Run OTS as browsers do; returns (sanitized sfnt, message).

    The sanitized output is what a browser actually hands to its shaper, so
    verification shapes that rather than our own decoding of the WOFF2.
    """
    ots = ots_module()
    if ots is None:
        return None, OTS_MISSING
    with tempfile.TemporaryDirectory(prefix="fontsubset-ots-") as tmp:
        src = os.path.join(tmp, "in.font")
        dst = os.path.join(tmp, "out.ttf")
        Path(src).write_bytes(data)
        try:
            proc = ots.sanitize(src, dst, capture_output=True)
        except (OSError, subprocess.SubprocessError) as exc:
            return None, f"could not run ots-sanitize: {exc}"
        message = (proc.stderr or b"").decode("utf-8", "replace").strip() or (
            proc.stdout or b""
        ).decode("utf-8", "replace").strip()
        if proc.returncode != 0 or not os.path.exists(dst):
            return None, message or f"ots-sanitize exited {proc.returncode}"
        return Path(dst).read_bytes(), message


@dataclass
class SourceFont:
    """The full font as found in the output, read once per build."""

    path: Path
    name: str
    data: bytes
    sha256: str = field(init=False)

    def __post_init__(self) -> None:
        self.sha256 = hashlib.sha256(self.data).hexdigest()

    @cached_property
    def sanitized(self) -> tuple[bytes | None, str]:
        return sanitize(self.data)

    @cached_property
    def sfnt(self) -> bytes:
        """The font as a browser sees it: OTS's output when OTS is installed.

        OTS decodes WOFF2 in C++ (~20 ms against ~150 ms for fontTools) and its
        output is exactly what the browser shapes, so it is both the faster
        and the more faithful input for subsetting and for the reference.
        """
        sanitized, message = self.sanitized
        if sanitized is not None:
            return sanitized
        if message == OTS_MISSING:
            return to_sfnt(self.data, self.name)
        raise FontError(
            f"{self.name} is rejected by the OpenType Sanitizer, so browsers would not use "
            f"it either: {message} — replace it with an intact copy"
        )

    @cached_property
    def face(self):
        import uharfbuzz as hb

        face = hb.Face(self.sfnt)
        if face.glyph_count <= 0:
            raise FontError(f"{self.name} has no glyphs; is it a font?")
        return face

    @cached_property
    def cmap(self) -> frozenset[int]:
        return frozenset(self.face.unicodes)

    @cached_property
    def glyph_names(self) -> list[str]:
        """Names by glyph id: how the lock names what a subset keeps, for reviewers."""
        import uharfbuzz as hb

        font = hb.Font(self.face)
        return [font.glyph_to_string(gid) for gid in range(self.face.glyph_count)]


def read_source(path: Path, name: str) -> SourceFont:
    """Read the full font; missing and unreadable files become FontError."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise FontError(
            f"{name} not found — check 'source' in FONTSUBSET_FONTS (a path inside "
            f"OUTPUT_PATH) and that the theme's static files include the font"
        ) from exc
    except OSError as exc:
        raise FontError(f"{name} is unreadable ({exc.strerror}) — fix its permissions") from exc
    if data[:4] not in (*SFNT_MAGIC, b"wOF2", b"wOFF"):
        raise FontError(
            f"{name} is not a font (no sfnt, WOFF or WOFF2 signature) — put the real "
            f"font file in the theme (a Git LFS pointer or an HTML error page?)"
        )
    return SourceFont(path, name, data)
