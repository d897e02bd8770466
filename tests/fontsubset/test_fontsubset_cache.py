"""The cache: unchanged text means no font work; bad entries are rebuilt."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from conftest import article_page, page

from khabarnama.fontsubset.collect import TextUnit
from khabarnama.fontsubset.plugin import run
from khabarnama.fontsubset.verify import RUN_SAMPLE, unit_key

PAGES = {"index.html": article_page()}

#: These tests exercise deriving a subset and its caches; with a lock (the
#: default) a second build verifies against it instead: test_fontsubset_sticky.py.
FONTSUBSET_SETTINGS = {"FONTSUBSET_LOCK_PATH": False}


def _entry_dir(settings: dict) -> Path:
    (manifest,) = Path(settings["CACHE_PATH"], "fontsubset").glob("*/manifest.json")
    return manifest.parent


def _deployed(settings: dict) -> bytes:
    (font,) = Path(settings["OUTPUT_PATH"], "theme/fonts").glob("*.woff2")
    return font.read_bytes()


def test_unchanged_rebuild_does_no_subsetting_and_no_shaping(make_site) -> None:
    first = run(make_site(PAGES))
    settings = make_site(PAGES)  # Pelican copies the theme again on every build
    second = run(settings)
    assert first["subset_runs"] == 1
    assert second["subset_runs"] == 0
    (entry,) = second["fonts"]
    assert entry["cache"] == "hit" and entry["verify"] == "cached" and entry["status"] == "subset"
    assert entry["subset_file"] == first["fonts"][0]["subset_file"]
    assert _deployed(settings) == (_entry_dir(settings) / "subset.woff2").read_bytes()


def test_changed_text_subsets_again(make_site) -> None:
    run(make_site(PAGES))
    report = run(make_site({**PAGES, "new.html": page("ur", "<p>ۓ ؟</p>")}))
    assert report["subset_runs"] == 1 and report["fonts"][0]["cache"] == "miss"


def test_same_code_points_new_words_reuses_subset_but_verifies(make_site) -> None:
    """codepoints: the subset depends on the code points only."""
    cp = {"FONTSUBSET_STRATEGY": "codepoints"}
    run(make_site({"a.html": page("ur", "<p>پاک روس</p>")}, **cp))
    report = run(make_site({"a.html": page("ur", "<p>روس پاک</p>")}, **cp))
    (entry,) = report["fonts"]
    assert entry["cache"] == "hit" and entry["verify"] == "ran" and report["subset_runs"] == 0


def test_corrupt_entry_is_detected_and_rebuilt(make_site, caplog: pytest.LogCaptureFixture) -> None:
    settings = make_site(PAGES)
    good = run(settings)
    entry_dir = _entry_dir(settings)
    (entry_dir / "subset.woff2").write_bytes(b"wOF2 garbage")
    caplog.set_level(logging.INFO)
    settings = make_site(PAGES)
    report = run(settings)
    assert report["subset_runs"] == 1 and report["fonts"][0]["cache"] == "rebuilt"
    assert "does not match the sha256" in caplog.text and "rebuilding" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert report["fonts"][0]["subset_file"] == good["fonts"][0]["subset_file"]
    assert _deployed(settings)[:4] == b"wOF2" and len(_deployed(settings)) > 1000


def test_unreadable_manifest_is_rebuilt(make_site, caplog: pytest.LogCaptureFixture) -> None:
    settings = make_site(PAGES)
    run(settings)
    (_entry_dir(settings) / "manifest.json").write_text("{not json")
    caplog.set_level(logging.INFO)
    report = run(make_site(PAGES))
    assert report["fonts"][0]["cache"] == "rebuilt" and "unreadable manifest" in caplog.text


def test_entry_from_an_older_plugin_version_is_rebuilt(
    make_site, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_site(PAGES)
    run(settings)
    manifest_path = _entry_dir(settings) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest.update(plugin_version="0.9.0", key="0" * 64)
    manifest_path.write_text(json.dumps(manifest))
    caplog.set_level(logging.INFO)
    report = run(make_site(PAGES))
    assert report["fonts"][0]["cache"] == "rebuilt" and report["subset_runs"] == 1
    assert "plugin version 0.9.0" in caplog.text
    assert json.loads(manifest_path.read_text())["plugin_version"] != "0.9.0"


def test_verification_can_be_switched_off(make_site) -> None:
    report = run(make_site(PAGES, FONTSUBSET_VERIFY=False))
    assert report["fonts"][0]["verify"] == "skipped" and report["fonts"][0]["status"] == "subset"


# -- issue 8: per-unit verdicts and per-page collection ------------------------

NEW_RUN = "<p>پاکستان اور روس کے وزرائے خارجہ نے ملاقات کی اور تعاون پر بات کی۔</p>"


def test_new_run_of_known_words_reuses_subset_and_its_verdicts(make_site) -> None:
    """An edit with no new word keeps the subset; only the new texts are shaped.

    Words here are the pieces the font is verified by (``separable.pieces``:
    a word with the space after it, or the last word of a run), so the first
    page has the run's words in reverse order plus the two pieces that order
    lacks ("پاکستان " and "کی۔")."""
    reverse = " ".join(NEW_RUN[3:-4].split()[::-1])
    pages = {"a.html": page("ur", f"<p>{reverse}</p><p>پاکستان کی۔</p>")}
    first = run(make_site(pages))
    assert first["fonts"][0]["verification"]["texts_shaped"] > 0
    report = run(make_site({**pages, "b.html": page("ur", NEW_RUN)}))
    (entry,) = report["fonts"]
    assert report["subset_runs"] == 0 and entry["cache"] == "hit"
    assert entry["status"] == "subset"
    # the new run is proven by its pieces, shaped last build; it is shaped
    # whole only if it falls in the fixed sample of runs
    sampled = unit_key(TextUnit("ur", NEW_RUN[3:-4]))[0] % RUN_SAMPLE == 0
    verification = entry["verification"]
    assert verification["texts_shaped"] == int(sampled)
    assert entry["verify"] == ("ran" if sampled else "cached")


def test_corrupt_verdict_store_means_shaping_everything_again(make_site) -> None:
    settings = make_site(PAGES)
    run(settings)
    (store,) = Path(settings["CACHE_PATH"], "fontsubset", "verified").glob("*.bin")
    store.write_bytes(store.read_bytes()[:-3] + b"xyz")
    report = run(make_site(PAGES))
    verification = report["fonts"][0]["verification"]
    assert report["fonts"][0]["verify"] == "ran" and verification["store"] == "corrupt"
    assert verification["texts_shaped"] == verification["texts"] > 0


def test_unchanged_pages_are_not_parsed_again(make_site) -> None:
    pages = {"a.html": page("ur", "<p>پاک روس</p>"), "b.html": article_page()}
    first = run(make_site(pages))
    assert first["pages_parsed"] == 2
    second = run(make_site({**pages, "a.html": page("ur", "<p>پاک چین</p>")}))
    assert second["pages_parsed"] == 1 and second["page_cache"] == "loaded"
    assert second["subset_runs"] == 1  # the new word is seen


def test_corrupt_page_cache_is_ignored(make_site) -> None:
    settings = make_site(PAGES)
    run(settings)
    cache = Path(settings["CACHE_PATH"], "fontsubset", "pages.pickle")
    cache.write_bytes(cache.read_bytes()[:-5] + b"\x00" * 5)
    report = run(make_site(PAGES))
    assert report["page_cache"] == "corrupt" and report["pages_parsed"] == 1
    assert report["fonts"][0]["status"] == "subset" and report["fonts"][0]["cache"] == "hit"
