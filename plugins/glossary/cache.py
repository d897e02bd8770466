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

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..cache import KeyedCache

__all__ = ["fingerprint", "link_cache", "plan_key"]

FORMAT = "glossary-links-2"
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


def plan_key(body: str, binds: Any, ignores: Any) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(repr((binds, ignores)).encode("utf-8", "surrogatepass"))
    digest.update(body.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def link_cache(settings: dict[str, Any], fingerprint: str) -> KeyedCache:
    """Link plans of this fingerprint (``get``/``put`` by :func:`plan_key`)."""
    return KeyedCache(settings, "glossary/links.pickle", fingerprint)
