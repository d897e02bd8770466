"""On-disk cache of subsets, so a rebuild with unchanged text does no font work.

An entry lives in a directory named after what was asked (font bytes, strategy
inputs); its manifest records the full key, which also covers the plugin and
library versions. A manifest whose key differs was made by another version; a
WOFF2 whose hash differs from the manifest's is corrupt. Both are rebuilt.
Verdicts live beside the entries, in ``verified/<id>.bin``: per (font bytes,
subset bytes, plugin and HarfBuzz versions), the keys of the text units that
shaped exactly like the full font, so a rebuild shapes only new units and an
unchanged site none.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache import read_framed, write_atomic, write_framed
from .settings import PLUGIN_VERSION

CACHE_FORMAT = 1
KEEP_ENTRIES = 32
KEEP_VERDICTS = 8
VERDICT_DIR = "verified"
UNIT_KEY_BYTES = 16


def digest(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class Entry:
    directory: Path
    key: str
    woff2: bytes
    manifest: dict[str, Any] = field(default_factory=dict)


#: What a main subset's manifest must hold to be used.
MAIN_FIELDS = ("glyph_map", "codepoints", "absent", "glyphs_total")


class Cache:
    """Subsets by (font, material); ``keep``: how many entries outlive their
    last use (None: all, for entries the caller prunes by use)."""

    def __init__(self, root: Path, keep: int | None = KEEP_ENTRIES) -> None:
        self.root = root
        self.keep = keep

    @staticmethod
    def keys(font_sha256: str, material: dict[str, Any]) -> tuple[str, str]:
        """(directory id, full key): the id ignores versions so that an entry
        from an older plugin is *found* and reported, not silently orphaned."""
        lookup = digest({"font": font_sha256, "material": material})
        key = digest(
            {
                "font": font_sha256,
                "material": material,
                "plugin": PLUGIN_VERSION,
                "format": CACHE_FORMAT,
            }
        )
        return lookup[:32], key

    def lookup(
        self, entry_id: str, key: str, required: tuple[str, ...] = MAIN_FIELDS
    ) -> tuple[Entry | None, str | None]:
        """The entry, or None with the reason it cannot be used (None: absent)."""
        directory = self.root / entry_id
        manifest_path = directory / "manifest.json"
        if not manifest_path.exists():
            return None, None
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            if not isinstance(manifest, dict):
                raise ValueError("manifest is not an object")
        except (OSError, ValueError) as exc:
            return None, f"unreadable manifest ({exc})"
        if manifest.get("key") != key:
            return None, (
                f"made by plugin version {manifest.get('plugin_version', '?')} "
                f"(this is {PLUGIN_VERSION}) or with other library versions"
            )
        try:
            woff2 = (directory / "subset.woff2").read_bytes()
        except OSError as exc:
            return None, f"subset.woff2 unreadable ({exc.strerror})"
        if hashlib.sha256(woff2).hexdigest() != manifest.get("woff2_sha256"):
            return None, "subset.woff2 does not match the sha256 in its manifest"
        for name in required:
            if name not in manifest:
                return None, f"manifest lacks {name!r}"
        try:
            os.utime(manifest_path)  # recently used entries survive pruning
        except OSError:
            pass
        return Entry(directory, key, woff2, manifest), None

    def store(self, entry_id: str, key: str, woff2: bytes, fields: dict[str, Any]) -> Entry:
        directory = self.root / entry_id
        if directory.exists():
            shutil.rmtree(directory, ignore_errors=True)
        manifest = {
            **fields,
            "key": key,
            "plugin_version": PLUGIN_VERSION,
            "format": CACHE_FORMAT,
            "woff2_sha256": hashlib.sha256(woff2).hexdigest(),
            "woff2_bytes": len(woff2),
        }
        write_atomic(directory / "subset.woff2", woff2)
        self._write_manifest(directory, manifest)
        self._prune()
        return Entry(directory, key, woff2, manifest)

    def _write_manifest(self, directory: Path, manifest: dict[str, Any]) -> None:
        data = json.dumps(manifest, indent=1, sort_keys=True).encode("utf-8")
        write_atomic(directory / "manifest.json", data)

    def _prune(self) -> None:
        if self.keep is None:
            return
        entries = []
        for child in self.root.iterdir():
            manifest = child / "manifest.json"
            if child.is_dir() and manifest.exists():
                entries.append((manifest.stat().st_mtime, child))
        for _, child in sorted(entries, reverse=True)[self.keep :]:
            shutil.rmtree(child, ignore_errors=True)

    def prune_unused(self, used: set[str]) -> None:
        """Remove every entry but ``used`` (ids): what this build did not need."""
        if not self.root.is_dir():
            return
        for child in self.root.iterdir():
            if child.name not in used and (child / "manifest.json").exists():
                shutil.rmtree(child, ignore_errors=True)

    # -- verdicts: units verified against one (font, subset) pair ------------

    def _verdict_path(self, font_sha256: str, woff2: bytes) -> Path:
        from importlib.metadata import version

        name = digest(
            {
                "font": font_sha256,
                "subset": hashlib.sha256(woff2).hexdigest(),
                "plugin": PLUGIN_VERSION,
                "uharfbuzz": version("uharfbuzz"),
                "format": CACHE_FORMAT,
            }
        )
        return self.root / VERDICT_DIR / f"{name[:32]}.bin"

    def verified_units(self, font_sha256: str, woff2: bytes) -> tuple[set[bytes], str]:
        """Keys of units verified against exactly these bytes, and the store's state."""
        path = self._verdict_path(font_sha256, woff2)
        body, state = read_framed(path)
        if body is None or len(body) % UNIT_KEY_BYTES:
            return set(), state if body is None else "corrupt"
        with contextlib.suppress(OSError):
            os.utime(path)
        n = UNIT_KEY_BYTES
        return {body[i : i + n] for i in range(0, len(body), n)}, "loaded"

    def record_units(self, font_sha256: str, woff2: bytes, keys: set[bytes]) -> None:
        """Store the verified keys (replacing what was stored for this pair)."""
        path = self._verdict_path(font_sha256, woff2)
        body = b"".join(sorted(keys))
        write_framed(path, body)
        stored = sorted(((p.stat().st_mtime, p) for p in path.parent.glob("*.bin")), reverse=True)
        for _, old in stored[KEEP_VERDICTS:]:
            with contextlib.suppress(OSError):
                old.unlink()
