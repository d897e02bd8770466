"""The glossary's linking cache: one pickle under ``CACHE_PATH/glossary/``.

It follows Pelican's own switches: it is read when ``LOAD_CONTENT_CACHE`` is
true and written when ``CACHE_CONTENT`` is true (both off in
``pelicanconf.py``, so ``make html`` and the tests never see it).

What it keeps is a :class:`~.linker.LinkPlan` per article (offsets, slugs and
mention text, no HTML), under a key made of the article's unlinked HTML, its
``glossary_bind``/``glossary_ignore`` rules and a fingerprint of everything
else linking depends on: every entry's names and slug, ``GLOSSARY_LINK``, and
the source code of the linking modules themselves (so editing the matcher
can never serve a stale plan). URLs are not part of the key: they are applied
to the plan on every build. A missing, unreadable or foreign file is an empty
cache; only this build's plans are written back, so it never grows stale.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .linker import LinkPlan

__all__ = ["LinkCache", "fingerprint"]

logger = logging.getLogger(__name__)

FORMAT = "glossary-links-1"
#: Modules whose code decides where links go.
_CODE = ("linker.py", "matcher.py", "normalize.py", "cache.py")


def fingerprint(names: Iterable[tuple[str, str]], mode: str) -> str:
    """Everything linking depends on besides the article: names → slugs, mode, code."""
    digest = hashlib.blake2b(digest_size=16)
    here = Path(__file__).resolve().parent
    for module in _CODE:
        digest.update((here / module).read_bytes())
    digest.update(repr((mode, sorted(names))).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


class LinkCache:
    def __init__(self, settings: dict[str, Any], fingerprint: str) -> None:
        self.path = Path(settings.get("CACHE_PATH") or "cache") / "glossary" / "links.pickle"
        self.fingerprint = fingerprint
        self.write = bool(settings.get("CACHE_CONTENT"))
        self.old: dict[str, LinkPlan] = {}
        self.new: dict[str, LinkPlan] = {}
        if settings.get("LOAD_CONTENT_CACHE"):
            self.old = self._load()

    def _load(self) -> dict[str, LinkPlan]:
        try:
            with open(self.path, "rb") as fh:
                data = pickle.load(fh)
            if data["format"] == FORMAT and data["fingerprint"] == self.fingerprint:
                return dict(data["plans"])
        except FileNotFoundError:
            pass
        except Exception as exc:  # corrupt or from another version: rebuild it
            logger.debug("glossary: ignoring the linking cache %s (%s)", self.path, exc)
        return {}

    @staticmethod
    def key(body: str, binds: Any, ignores: Any) -> str:
        digest = hashlib.blake2b(digest_size=16)
        digest.update(repr((binds, ignores)).encode("utf-8", "surrogatepass"))
        digest.update(body.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def get(self, key: str) -> LinkPlan | None:
        plan = self.old.get(key)
        if plan is not None:
            self.new[key] = plan
        return plan

    def put(self, key: str, plan: LinkPlan) -> None:
        self.new[key] = plan

    def save(self) -> None:
        if not self.write:
            return
        data = {"format": FORMAT, "fingerprint": self.fingerprint, "plans": self.new}
        tmp = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".links-")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        except OSError as exc:
            logger.debug("glossary: could not write the linking cache %s (%s)", self.path, exc)
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
