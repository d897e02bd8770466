"""The search plugin's cached Pagefind bundles: checked before use, copied, never shared.

A cached bundle is an ordinary folder under CACHE_PATH: whatever happens to it
(an edit, a truncated or deleted file) must not reach the published site, and
editing it after a build must not change the site that build wrote.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from khabarnama.search.bundle import MANIFEST_FILE, cached_bundle, copy_bundle
from khabarnama.search.records import Record

META = {"title": "لاروف", "kind": "article", "lang": "ur", "path": "2021/a/"}
RECORDS = [
    Record("2021/a/", "article", "ur", "سرگئی لاروف کا دورہ", META),
    Record("glossary/b/", "entry", "en", "Sergey Lavrov", {**META, "path": "glossary/b/"}),
]


def largest_file(folder: Path) -> Path:
    return max((p for p in folder.rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize("damage", ["garbage", "truncated", "deleted", "manifest-lost", "extra"])
def test_a_damaged_cached_bundle_is_made_again(damage: str, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    folder, cached = cached_bundle(RECORDS, cache, "ur")
    assert not cached
    good = snapshot(folder)
    victim = largest_file(folder)
    if damage == "garbage":
        victim.write_bytes(b"\x00garbage" * 10)
    elif damage == "truncated":
        victim.write_bytes(victim.read_bytes()[:10])
    elif damage == "deleted":
        victim.unlink()
    elif damage == "manifest-lost":
        (folder / MANIFEST_FILE).unlink()
    else:
        (folder / "fragment" / "stray.pf_fragment").write_bytes(b"stray")
    again, cached = cached_bundle(RECORDS, cache, "ur")
    assert again == folder
    assert not cached, "a damaged bundle must be indexed again, not reused"
    assert snapshot(again) == good  # Pagefind's output is deterministic for the same records


def test_an_intact_cached_bundle_is_reused(tmp_path: Path) -> None:
    folder, _ = cached_bundle(RECORDS, tmp_path, "ur")
    assert cached_bundle(RECORDS, tmp_path, "ur") == (folder, True)
    assert json.loads((folder / MANIFEST_FILE).read_text())


def test_the_site_gets_copies_not_the_cache_files(tmp_path: Path) -> None:
    folder, _ = cached_bundle(RECORDS, tmp_path / "cache", "ur")
    site = tmp_path / "site" / "pagefind"
    copy_bundle(folder, site)
    published = snapshot(site)
    assert MANIFEST_FILE not in published
    for path in folder.rglob("*"):
        if path.is_file() and path.name != MANIFEST_FILE:
            shipped = site / path.relative_to(folder)
            assert path.stat().st_ino != shipped.stat().st_ino
            path.write_bytes(b"edited in the cache")  # in place, as an editor would
    assert snapshot(site) == published, "editing the cache changed the published site"


def test_a_relative_cache_folder_gets_the_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``CACHE_PATH`` is ``cache`` by default: relative to where make runs,
    not to wherever Pagefind itself runs."""
    monkeypatch.chdir(tmp_path)
    folder, cached = cached_bundle(RECORDS, Path("cache") / "search", "ur")
    assert not cached
    assert (tmp_path / folder / "pagefind-entry.json").is_file()
