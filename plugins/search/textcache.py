"""What a build of the search index may keep from the last one: text, not HTML.

Each build turns every article's HTML into plain text (``records.html_text``)
and, when the index must be made again, folds every record's text
(``normalize.fold``). Both are pure functions of their input, and a daily
publish changes a handful of articles out of a thousand, so their results are
kept under ``CACHE_PATH/search/`` (``KeyedCache``: read with
``LOAD_CONTENT_CACHE``, written with ``CACHE_CONTENT``, a damaged file is an
empty cache), keyed by a hash of the input. The fingerprint holds the code of
both functions, the HTML parser's version and the Unicode database, so an
upgrade never serves text made by other rules.

The folding table that the search page carries is derived from ``fold()``
for every BMP character, which costs a fifth of a second; it is kept the same
way, under the same fingerprint.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import selectolax

from ..cache import KeyedCache
from ..glossary import normalize
from . import foldtable, records

__all__ = ["cached_fold_payload", "folded_text", "html_texts"]

FORMAT = "search-text-1"


def fingerprint() -> str:
    """The code and data the cached text depends on."""
    digest = hashlib.blake2b(digest_size=16)
    for module in (records, normalize, foldtable):
        digest.update(Path(module.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    version = getattr(selectolax, "__version__", "")
    digest.update(repr((FORMAT, version, unicodedata.unidata_version)).encode())
    return digest.hexdigest()


def _key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


class CachedText:
    """``function(text)`` answered from a ``KeyedCache`` when the same text was seen."""

    def __init__(self, settings: dict[str, Any], name: str, function: Callable[[str], str]):
        self.cache = KeyedCache(settings, name, fingerprint())
        self.function = function

    def __call__(self, text: str | None) -> str:
        if not text:
            return self.function(text or "")
        key = _key(text)
        found = self.cache.get(key)
        if not isinstance(found, str):
            found = self.function(text)
            self.cache.put(key, found)
        return found

    def save(self) -> None:
        self.cache.save()


def html_texts(settings: dict[str, Any]) -> CachedText:
    """``records.html_text`` with the text of unchanged HTML kept between builds."""
    return CachedText(settings, "search/text.pickle", records.html_text)


def folded_text(settings: dict[str, Any]) -> CachedText:
    """``normalize.fold`` with the folding of unchanged records kept between builds."""
    return CachedText(settings, "search/folded.pickle", normalize.fold)


def cached_fold_payload(settings: dict[str, Any]) -> dict[str, Any]:
    """``foldtable.fold_payload()``, made once per fingerprint instead of once per build."""
    cache = KeyedCache(settings, "search/foldtable.pickle", fingerprint())
    payload = cache.get("payload")
    if not isinstance(payload, dict):
        payload = foldtable.fold_payload()
        cache.put("payload", payload)
    cache.save()
    return payload
