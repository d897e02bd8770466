"""The build's cache of per-file check results: one pickle under ``CACHE_PATH/content_checks/``.

Only the Pelican hook uses it (``make check`` always reads everything), and it
follows Pelican's own switches: read when ``LOAD_CONTENT_CACHE`` is true,
written when ``CACHE_CONTENT`` is true.

A file's entry is keyed by its bytes, its place (content-relative path, type,
shown path) and, for the whole file, a fingerprint of everything else the
rules read: the settings they use (and those Pelican's reader uses for the
glossary entries), the font's character map, and the source code of this
plugin and of the whole glossary plugin it calls, so an edited rule can never
be answered from an old result. The entry holds the file's problems and the
facts the cross-file rules need (front matter without the text, language,
links); those rules (duplicate slugs, links) run on every build over cached
and fresh facts alike. The glossary's rules are cached in two parts
(``checker.check_glossary``): what the entries decide, keyed by every entry
file's path and bytes; and each article's findings, keyed by that and the
article's own key, so a new article is scanned alone and an edited entry
has every article scanned again.

Reading, writing and invalidation are ``khabarnama.cache.KeyedCache``'s.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..cache import KeyedCache

FORMAT = "content-checks-3"
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
    # what Pelican's reader makes of a glossary entry (entries.load_entries)
    "READERS",
    "FILENAME_METADATA",
    "PATH_METADATA",
    "EXTRA_PATH_METADATA",
    "DEFAULT_METADATA",
    "DEFAULT_DATE",
    "DEFAULT_CATEGORY",
    "TIMEZONE",
    "DEFAULT_DATE_FORMAT",
    "DATE_FORMATS",
    "SLUGIFY_SOURCE",
    "SLUG_REGEX_SUBSTITUTIONS",
    "SLUGIFY_USE_UNICODE",
    "SLUGIFY_PRESERVE_CASE",
)


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
    code += [p.read_bytes() for p in sorted((here.parent / "glossary").glob("*.py"))]
    urls = sorted(
        k for k in settings if k.endswith(("_URL", "_SAVE_AS")) or k.startswith("GLOSSARY_")
    )
    used = repr([(key, settings.get(key)) for key in (*SETTINGS, *urls)])
    font = repr(sorted(cmap)) if cmap is not None else "no font"
    return digest(FORMAT, *code, used, str(root), font)


def check_cache(settings: dict[str, Any], fingerprint: str) -> KeyedCache:
    return KeyedCache(settings, "content_checks/checks.pickle", fingerprint)
