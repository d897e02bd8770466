"""The Pagefind bundle: records → one HTML file each → one Pagefind run, cached.

Pagefind's Python API sleeps 0.1 s per response it reads, so adding records
one call at a time costs 0.1 s per record (two minutes at 1,000 articles).
Instead every record becomes a small HTML page in a temporary folder —

* the **folded** text in ``<body>``, the only text Pagefind indexes;
* every metadata value (the original title, summary, dates, path) in a
  ``<meta data-pagefind-meta="key[content]" content="…">``, so the results
  show exactly what the custom records showed, never the folded text;
* at ``<path>/index.html``, so Pagefind gives it the record's URL ``/<path>``

— and the Pagefind binary indexes the folder in one run (``index_folder``).

The bundle depends on nothing but the records, ``fold()``, the index
language and the binary, so it is kept in ``CACHE_PATH/search/<key>/`` (the ``KEEP`` most
recently used) and copied into the output when the key matches: an unchanged
site is not indexed again. Each cached bundle carries the SHA-256 of its files;
one that no longer matches is indexed again rather than shipped.
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from ..glossary import normalize
from .records import Record
from .textcache import CachedText, folded_text

__all__ = [
    "BundleError",
    "bundle_key",
    "cached_bundle",
    "copy_bundle",
    "evict",
    "index_shards",
    "page_html",
    "page_path",
    "shards",
    "write_bundle",
]

#: Under SEARCH_OUTPUT_PATH: the bundles of a sharded index (``shards``).
SHARDS_FOLDER = "shards"

#: Bump when page_html() or the Pagefind command changes: cached bundles then miss.
FORMAT = "3"
#: Bundles kept in the cache, most recently used first.
KEEP = 3
#: Every bundle has this file; a bundle folder only gets its name once complete.
ENTRY_FILE = "pagefind-entry.json"
#: Beside Pagefind's files in a cached bundle: each file's SHA-256, written
#: before the bundle gets its name, checked before it is used, never copied.
MANIFEST_FILE = ".khabarnama-sha256.json"


class BundleError(Exception):
    """Pagefind could not be run or failed; the message says why."""


def pagefind_executable() -> Path:
    """The binary the Python API would run (``PAGEFIND_BINARY_PATH`` or ``pagefind_bin``)."""
    from pagefind.service import get_executable  # late: only builds that search need it

    executable = get_executable()
    if executable is None:
        raise BundleError("no pagefind binary (install pagefind[bin] from requirements)")
    return executable


def page_path(record: Record) -> str:
    """Where the record's page goes inside the site folder (Pagefind drops ``index.html``)."""
    path = record.path.lstrip("/")
    if path == "" or path.endswith("/"):
        return path + "index.html"
    if path.endswith((".html", ".htm")):
        return path
    return path + "/index.html"  # an extensionless URL: served as a folder


def page_html(record: Record, folded: str, language: str) -> str:
    """The page Pagefind indexes for ``record``: folded text, original metadata."""
    metas = "".join(
        f'<meta data-pagefind-meta="{html.escape(key)}[content]" content="{html.escape(value)}">'
        for key, value in record.meta.items()
    )
    return (
        f'<!DOCTYPE html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
        f"{metas}</head><body>{html.escape(folded, quote=False)}</body></html>\n"
    )


def fold_fingerprint() -> str:
    """A hash of ``glossary/normalize.py``: a change to ``fold()`` invalidates bundles.

    (``fold()`` also depends on the Unicode database, hashed by ``bundle_key``.)
    """
    source = Path(normalize.__file__).read_bytes()
    return hashlib.sha256(source).hexdigest()


def bundle_key(records: Sequence[Record], language: str, executable: Path) -> str:
    """A hash of everything the bundle depends on: records, fold(), language, binary.

    It hashes the records' original text rather than the folded text, so an
    unchanged site costs no folding at all.
    """
    digest = hashlib.sha256()
    stat = executable.stat()
    head = [FORMAT, language, fold_fingerprint(), unicodedata.unidata_version]
    head += [str(executable), stat.st_size, stat.st_mtime_ns]
    digest.update(json.dumps(head).encode())
    for record in records:
        item = [record.path, record.kind, record.lang, record.text, record.meta]
        digest.update(json.dumps(item, ensure_ascii=False, sort_keys=True).encode())
        digest.update(b"\n")
    return digest.hexdigest()[:32]


def write_bundle(
    records: Sequence[Record],
    dest: Path,
    language: str,
    fold: Callable[[str], str] | None = None,
) -> None:
    """Index ``records`` with one Pagefind run over a folder; the bundle ends up in ``dest``.

    ``fold`` is ``normalize.fold`` or a cache of it (``textcache.folded_text``):
    folding a thousand articles again for five new ones is most of the
    Python work of a new bundle, and it competes with Pelican for the GIL.
    """
    with tempfile.TemporaryDirectory(prefix="search-") as tmp:
        site = Path(tmp) / "site"
        site.mkdir()
        seen: dict[str, str] = {}
        for record in records:
            relative = page_path(record)
            if relative in seen:
                raise BundleError(f"two records for the URL /{record.path}: {seen[relative]}")
            seen[relative] = record.path
            target = site / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            folded = fold(record.text) if fold is not None else record.folded()
            target.write_text(page_html(record, folded, language), encoding="utf-8")
        index_folder(site, dest, language)
        if not (dest / ENTRY_FILE).exists():
            raise BundleError(f"Pagefind wrote no {ENTRY_FILE}")


def index_folder(site: Path, dest: Path, language: str) -> None:
    """One Pagefind index of the HTML pages under ``site``, all in ``language``.

    One index rather than one per language: Pagefind's browser side loads the
    index of the page's ``lang`` and falls back to the largest one, so a
    single index lets the Urdu and the English search pages both find Urdu
    articles and English entries. The language only selects stemming, and
    Pagefind has no Urdu stemmer; English glossary names need none.

    The binary's command line, not its Python API: the API polls for every
    answer with 0.1 s sleeps, and the same index took 2.2 s through it
    against 1.6 s on the command line (1,236 records; the files are equal).
    """
    # absolute: the binary runs in another folder, and CACHE_PATH is relative by default
    command = [str(pagefind_executable()), "--site", str(site.absolute())]
    command += ["--output-path", str(dest.absolute())]
    command += ["--force-language", language]
    try:
        # run beside the folder: the binary would read a pagefind.yml in its working folder
        done = subprocess.run(
            command, cwd=site.parent, capture_output=True, text=True, errors="replace"
        )
    except OSError as error:
        raise BundleError(f"{command[0]} could not be run: {error.strerror or error}") from error
    if done.returncode != 0:
        said = (done.stderr.strip() or done.stdout.strip()).splitlines()
        raise BundleError(
            f"{command[0]} failed (exit {done.returncode}): {said[-1] if said else ''}"
        )


def shards(records: Sequence[Record], limit: int) -> dict[str, list[Record]]:
    """Records per Pagefind bundle: all in one (key ``""``) up to ``limit``,
    else articles by year, glossary entries in the primary bundle.

    Pagefind holds a whole index in memory while it builds it (about 2.5 GB
    for 12,000 records), so a large site is indexed a year at a time and the
    browser merges the bundles (``mergeIndex``). Years are stable keys: an
    edit re-indexes its own year, and past years come from the cache.
    """
    if len(records) <= limit:
        return {"": list(records)}
    groups: dict[str, list[Record]] = {}
    for record in records:
        year = (record.meta.get("date") or "")[:4] if record.kind == "article" else ""
        groups.setdefault(year or ("undated" if record.kind == "article" else ""), []).append(
            record
        )
    if "" not in groups:  # no entries: the newest year is the primary bundle
        groups[""] = groups.pop(max(groups))
    return dict(sorted(groups.items()))


def cached_bundle(
    records: Sequence[Record],
    cache: Path,
    language: str,
    evict_old: bool = True,
    fold: Callable[[str], str] | None = None,
) -> tuple[Path, bool]:
    """(folder holding the bundle of ``records``, whether it came from the cache).

    A new bundle is written beside the cached ones and renamed into place once
    complete, so an interrupted build never leaves a half bundle that a later
    build would take for whole. The ``KEEP`` most recently used bundles are
    kept (a site and its test fixtures take turns without evicting each other).
    """
    key = bundle_key(records, language, pagefind_executable())
    folder = cache / key
    if (folder / ENTRY_FILE).exists():
        if intact(folder):
            folder.touch()  # most recently used
            return folder, True
        # edited, truncated or half-deleted since it was made: made again
        shutil.rmtree(folder, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=".partial-", dir=cache))
    try:
        write_bundle(records, partial / "bundle", language, fold)
        write_manifest(partial / "bundle")
        try:
            (partial / "bundle").rename(folder)
        except OSError:
            if not (folder / ENTRY_FILE).exists():  # else: a parallel build stored it first
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    if evict_old:
        evict(cache, keep={folder})
    return folder, False


def _checksums(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != MANIFEST_FILE
    }


def write_manifest(folder: Path) -> None:
    """Record every file of a finished bundle, so that a later build can tell it intact."""
    (folder / MANIFEST_FILE).write_text(json.dumps(_checksums(folder), sort_keys=True))


def intact(folder: Path) -> bool:
    """Whether a cached bundle still holds exactly the files it was made with.

    The cache is an ordinary folder: a person, a disk or a crashed copy may
    change it. Reading it all costs a few milliseconds per thousand records;
    shipping a garbage index would break search for every reader.
    """
    try:
        expected = json.loads((folder / MANIFEST_FILE).read_text())
        return isinstance(expected, dict) and _checksums(folder) == expected
    except (OSError, ValueError):
        return False


def evict(cache: Path, keep: set[Path]) -> None:
    """Remove all but the bundles in ``keep`` and the ``KEEP`` most recently used others."""
    bundles = [p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")]
    others = sorted(
        (p for p in bundles if p not in keep), key=lambda p: p.stat().st_mtime_ns, reverse=True
    )
    for old in others[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)


def copy_bundle(source: Path, output: Path, leave_out: Iterable[str] = ()) -> None:
    """Replace ``output`` with a copy of the bundle, without the files in ``leave_out``.

    Copied, never hard-linked: a linked file is the cache's file, so editing
    or repairing the cache would edit the published site (and a site synced
    elsewhere with hard links preserved would share it too).
    """
    if output.exists():
        shutil.rmtree(output)  # no stale fragments from an earlier build
    skip = {*leave_out, MANIFEST_FILE}
    shutil.copytree(source, output, ignore=lambda _folder, names: skip.intersection(names))


def index_shards(
    shards: dict[str, list[Record]],
    cache: Path,
    output: Path,
    language: str,
    leave_out: tuple[str, ...],
    cache_settings: dict[str, Any],
) -> int:
    """Make (or take from the cache) every shard's bundle and copy it into ``output``;
    how many had to be indexed.

    The primary bundle (key ``""``) goes to ``output`` itself, the others to
    ``shards/<key>/`` inside it, one after another, so Pagefind holds one
    shard's index in memory at a time.
    """
    used = set()
    folds: list[CachedText] = []  # loaded only when a bundle must be made

    def fold(text: str) -> str:
        if not folds:
            folds.append(folded_text(cache_settings))
        return folds[0](text)

    indexed = 0
    for key, records in sorted(shards.items()):  # "" (primary) first
        bundle, cached = cached_bundle(records, cache, language, False, fold)
        used.add(bundle)
        indexed += not cached
        copy_bundle(bundle, output / SHARDS_FOLDER / key if key else output, leave_out)
    evict(cache, keep=used)
    for folded in folds:
        folded.save()
    return indexed
