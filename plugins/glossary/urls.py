"""An article's URL, computed once per build instead of on every access.

Pelican's ``Content.url`` is a property that expands the URL settings and the
source path on each read (about 40 µs), and a 1,000-article site asks for the
same article's URL thousands of times: each glossary mention, each JSON-LD
reference, each search record. Once every generator has its context nothing
changes a URL any more, so the first answer is kept on the object, tagged
with the build it belongs to: Pelican's reader cache pickles content objects,
and a URL kept from an earlier build (other settings) must never be reused.
"""

from __future__ import annotations

import contextlib
from typing import Any

__all__ = ["new_build", "url_of"]

_ATTR = "_khabarnama_url"
#: Identity of the current build; an unpickled copy is never this object.
_build: list[object] = [object()]


def new_build() -> None:
    """Forget every URL kept so far (called when a build starts)."""
    _build[0] = object()


def url_of(content: Any) -> str:
    """``content.url``, read once per build and object."""
    known = getattr(content, "__dict__", {}).get(_ATTR)
    if known is not None and known[0] is _build[0]:
        return known[1]
    url = content.url
    with contextlib.suppress(AttributeError, TypeError):
        content.__dict__[_ATTR] = (_build[0], url)
    return url
