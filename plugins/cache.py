"""Files our plugins keep between builds: written atomically, read defensively.

A build can be interrupted at any moment (Ctrl-C, a full disk, two builds at
once), and a cache is only an optimisation: so every cache file is written to
a temporary file beside it and renamed into place, and every read treats a
missing, truncated, corrupt or foreign file as "no cache". One implementation
serves every plugin, so none of them can get this subtly wrong on its own.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

__all__ = ["KeyedCache", "harden_pelican_caches", "read_framed", "write_atomic", "write_framed"]

logger = logging.getLogger(__name__)


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace ``path`` with ``data`` in one rename; a reader sees old or new, never half.

    Raises ``OSError`` like ``open`` would; the temporary file never outlives a failure.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_framed(path: Path, body: bytes) -> None:
    """Write ``body`` behind its SHA-256, so a damaged file is noticed on reading."""
    write_atomic(path, hashlib.sha256(body).hexdigest().encode() + b"\n" + body)


def read_framed(path: Path) -> tuple[bytes | None, str]:
    """The body written by :func:`write_framed` and how reading went, for reports.

    The state is "loaded", "none" (no file), "unreadable (why)" or "corrupt";
    the body is None unless loaded.
    """
    try:
        head, _, body = path.read_bytes().partition(b"\n")
    except FileNotFoundError:
        return None, "none"
    except OSError as exc:
        return None, f"unreadable ({exc.strerror or exc})"
    if head != hashlib.sha256(body).hexdigest().encode():
        return None, "corrupt"
    return body, "loaded"


class KeyedCache:
    """A dict of build results in one pickle, valid only for one fingerprint.

    Follows Pelican's own switches: read when ``LOAD_CONTENT_CACHE`` is true,
    written when ``CACHE_CONTENT`` is true. Only the entries this build asked
    for or added are written back, so the file never accumulates stale ones.
    """

    def __init__(self, settings: dict[str, Any], name: str, fingerprint: str) -> None:
        self.path = Path(settings.get("CACHE_PATH") or "cache") / name
        self.fingerprint = fingerprint
        self.write = bool(settings.get("CACHE_CONTENT"))
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        if settings.get("LOAD_CONTENT_CACHE"):
            self.old = self._load()

    def _load(self) -> dict[str, Any]:
        body, _state = read_framed(self.path)
        if body is None:
            return {}
        try:
            fingerprint, entries = pickle.loads(body)
        except Exception as exc:  # pickled by other code: start again
            logger.debug("ignoring the cache %s (%s)", self.path, exc)
            return {}
        return dict(entries) if fingerprint == self.fingerprint else {}

    def get(self, key: str) -> Any:
        found = self.old.get(key)
        if found is not None:
            self.new[key] = found
        return found

    def put(self, key: str, value: Any) -> None:
        self.new[key] = value

    def save(self) -> None:
        if not self.write:
            return
        body = pickle.dumps((self.fingerprint, self.new), protocol=pickle.HIGHEST_PROTOCOL)
        try:
            write_framed(self.path, body)
        except OSError as exc:  # a read-only cache costs speed, not the build
            logger.debug("could not write the cache %s (%s)", self.path, exc)


def harden_pelican_caches() -> None:
    """Give Pelican's own content caches the same two promises (idempotent).

    Pelican writes ``CACHE_PATH/ArticlesGenerator-Readers`` and its siblings
    in place, so a build stopped while it writes (Ctrl-C, 1–2 s into a
    1,000-article build) leaves a truncated gzip file; the next build then
    died on Pelican's loading of it with an ``EOFError`` traceback, which
    Pelican does not catch, and kept dying until someone deleted the file.
    Here the file is written beside its place and renamed into it, and a
    file that cannot be read in full is an empty cache, as on a first build.
    """
    from pelican.cache import FileDataCacher

    if getattr(FileDataCacher, "_khabarnama_hardened", False):
        return
    load = FileDataCacher.__init__

    def __init__(self: Any, settings: Any, cache_name: str, caching: bool, loading: bool) -> None:
        try:
            load(self, settings, cache_name, caching, loading)
        except Exception as error:  # truncated or foreign: a first build's cache
            logger.info(
                "Pelican's cache %s could not be read (%s); starting it afresh",
                os.path.join(settings["CACHE_PATH"], cache_name),
                error,
            )
            load(self, settings, cache_name, caching, False)

    def save_cache(self: Any) -> None:
        if not self._cache_data_policy:
            return
        try:
            data = pickle.dumps(self._cache)
            if self.settings["GZIP_CACHE"]:
                # level 1, not gzip.open's 9: 0.03 s instead of 0.37 s for a
                # 1,000-article cache, on every build, for a file 40% larger
                data = gzip.compress(data, compresslevel=1)
            write_atomic(Path(self._cache_path), data)
        except (OSError, pickle.PicklingError, TypeError) as error:
            # what Pelican does: a cache that cannot be saved is not the build's failure
            logging.getLogger("pelican.cache").warning(
                "Could not save cache %s\n ... %s", self._cache_path, error
            )

    FileDataCacher.__init__ = __init__  # type: ignore[method-assign]
    FileDataCacher.save_cache = save_cache  # type: ignore[method-assign]
    FileDataCacher._khabarnama_hardened = True  # type: ignore[attr-defined]
