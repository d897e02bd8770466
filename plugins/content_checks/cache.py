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

Reading, writing and invalidation are ``khabarnama.cache.KeyedCache``'s.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..cache import KeyedCache

FORMAT = "content-checks-2"
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


def check_cache(settings: dict[str, Any], fingerprint: str) -> KeyedCache:
    return KeyedCache(settings, "content_checks/checks.pickle", fingerprint)
