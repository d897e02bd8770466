"""The build's cache of per-file check results: one pickle under ``CACHE_PATH/content_checks/``.

Only the Pelican hook uses it (``make check`` always reads everything), and it
follows Pelican's own switches: read when ``LOAD_CONTENT_CACHE`` is true,
written when ``CACHE_CONTENT`` is true.

A file's entry is keyed by its bytes, its place (content-relative path, type,
shown path) and, for the whole file, a fingerprint of everything else the
per-file rules read: the settings they use, the font's character map, and the
source code of this plugin and of the glossary modules it calls, so an edited
rule can never be answered from an old result. The entry holds the file's
problems and the facts the cross-file rules need (front matter without the
text, language, links); those rules (duplicate slugs, links, the glossary's)
run on every build over cached and fresh facts alike. The glossary's own
report is cached the same way, keyed by every entry file's bytes and every
article's ``glossary_bind``/``glossary_ignore``.

A missing, unreadable or foreign file is an empty cache; only this build's
entries are written back.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FORMAT = "content-checks-1"
#: Settings the per-file rules read (see checker._Checker.check_document).
SETTINGS = (
    "TAG_SLUGS",
    "LOCALIZE_DIRECTIONS",
    "DEFAULT_LANG",
    "GLOSSARY_LANG",
    "GLOSSARY_PATH",
    "GLOSSARY_KINDS",
    "GLOSSARY_INDEX_URL",
    "GLOSSARY_ENTRY_URL",
    "MARKDOWN",
    "FORMATTED_FIELDS",
    "PATH",
)
_GLOSSARY_CODE = ("normalize.py", "entries.py")


def digest(*parts: bytes | str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def fingerprint(settings: dict[str, Any], root: Path, cmap: frozenset[int] | None) -> str:
    here = Path(__file__).resolve().parent
    code = [p.read_bytes() for p in sorted(here.glob("*.py"))]
    code += [(here.parent / "glossary" / name).read_bytes() for name in _GLOSSARY_CODE]
    urls = sorted(k for k in settings if k.endswith(("_URL", "_SAVE_AS")))
    used = repr([(key, settings.get(key)) for key in (*SETTINGS, *urls)])
    font = repr(sorted(cmap)) if cmap is not None else "no font"
    return digest(FORMAT, *code, used, str(root), font)


class CheckCache:
    def __init__(self, settings: dict[str, Any], fingerprint: str) -> None:
        self.path = Path(settings.get("CACHE_PATH") or "cache") / "content_checks" / "checks.pickle"
        self.fingerprint = fingerprint
        self.write = bool(settings.get("CACHE_CONTENT"))
        self.old: dict[str, Any] = {}
        self.new: dict[str, Any] = {}
        if settings.get("LOAD_CONTENT_CACHE"):
            self.old = self._load()

    def _load(self) -> dict[str, Any]:
        try:
            with open(self.path, "rb") as fh:
                data = pickle.load(fh)
            if data["format"] == FORMAT and data["fingerprint"] == self.fingerprint:
                return dict(data["entries"])
        except FileNotFoundError:
            pass
        except Exception as exc:  # corrupt, or written by other code: start again
            logger.debug("content_checks: ignoring the cache %s (%s)", self.path, exc)
        return {}

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
        data = {"format": FORMAT, "fingerprint": self.fingerprint, "entries": self.new}
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".checks-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError as exc:
            logger.debug("content_checks: could not write the cache %s (%s)", self.path, exc)
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
