"""The pipeline: collect → subset (strategy) → verify → wire → report.

Everything a build needs is created inside ``run`` and dropped at its end, so
``pelican --autoreload`` runs each build from a clean slate.
"""

from __future__ import annotations

import contextlib
import posixpath
import time
import unicodedata
from collections.abc import MutableMapping, Sequence
from pathlib import Path
from typing import Any

from pelican import signals

from ..problems import BuildError
from ..problems import install as install_problem_reporting
from . import css, workers
from .cache import Cache, Entry
from .collect import Collection, EarlyParser, FontText, TextUnit, collect
from .fontfile import FontError, SourceFont, brotli_available, read_source
from .report import Log, font_line, write_report
from .separable import piece_separable
from .settings import PLUGIN_VERSION, Config, FontSpec, load_config
from .sticky import Lock, LockedSubset
from .subset import Strategy, SubsetRequest, make_strategy
from .supplement import Supplement, build_supplement, plan_rare, rare_pieces
from .verify import (
    PIECES_PROVE_RUNS,
    Reference,
    Verdict,
    check,
    covered,
    prepare_reference,
    shaping_units,
)
from .wire import FontPlan, hashed_filename, refers_to, wire

#: A block is "claimed" by a font without a unicode-range when the font maps
#: at least this share of it: the Arabic blocks, not Basic Latin for a space.
CLAIM_SHARE = 0.25
MAX_PAGES_NAMED = 5
#: Texts the verification may hand back to a shaping strategy to trace.
MAX_PROMOTED = 10_000
#: Per-page collection cache, inside FONTSUBSET_CACHE_PATH.
PAGE_CACHE_FILE = "pages.pickle"
#: Under the cache: whether each source font shapes runs as their pieces.
SEPARABLE_DIR = "separable"
#: Set for templates at ``initialized``: ``preload_hints``.
PRELOAD_SETTING = "PRELOAD_FONT_FILES"
#: What a cache entry's manifest keeps besides its key and checksums.
STORED_FIELDS = (
    "source",
    "source_sha256",
    "source_bytes",
    "glyph_map",
    "glyphs_total",
    "codepoints",
    "absent",
    "claimed_blocks",
)


def register() -> None:
    install_problem_reporting()
    signals.initialized.connect(initialized)
    signals.content_written.connect(content_written)
    signals.finalized.connect(finalized)


#: This build's pages parsed as they are written (``collect.EarlyParser``).
_early: EarlyParser | None = None


def initialized(pelican: Any) -> None:
    """Fill defaults early so templates can read FONTSUBSET_FONTS (the shared
    mapping), and get ready to read pages as Pelican writes them."""
    global _early
    if _early is not None:  # a build that stopped before finalized
        _early.close()
    _early = None
    config, problems = load_config(pelican.settings)
    if problems.errors:  # before Pelican writes anything
        raise BuildError(problems.errors)
    pelican.settings[PRELOAD_SETTING] = preload_hints(config)
    # one worker beside Pelican, which keeps a core busy rendering
    if workers.count() > 1 and workers.context() is not None:
        _early = EarlyParser(config.fonts, config.cache_path / PAGE_CACHE_FILE)


def preload_hints(config: Config) -> dict[str, str]:
    """Each font's source → the file its lock says will be deployed.

    Templates that preload a font can name the locked subset at once
    (``PRELOAD_FONT_FILES.get(source, source)``): the pages then already say
    what ``wire`` would write, and it rewrites none of them. A wrong hint (the
    lock changes in this build) costs only that rewrite."""
    if not _sticky(config):
        return {}
    lock = Lock(config.lock_path)
    hints = {}
    for spec in config.fonts:
        digest = lock.planned_sha256(spec.source)
        if digest is not None:
            name = hashed_filename(spec.source, digest)
            hints[spec.source] = posixpath.join(posixpath.dirname(spec.source), name)
    return hints


def content_written(path: str, context: Any = None) -> None:
    if _early is not None:
        _early.written(path)


def finalized(pelican: Any) -> None:
    global _early
    early, _early = _early, None
    report = run(pelican.settings, early)
    if report["problems"]:
        count = report["problems"]
        raise BuildError([], f"fontsubset: {count} problem{'s' * (count != 1)}, build stopped")


def run(settings: MutableMapping[str, Any], early: EarlyParser | None = None) -> dict[str, Any]:
    """Process the output named by ``settings``; returns the report it wrote."""
    started = time.perf_counter()
    log = Log()
    config, problems = load_config(settings)
    for message in problems.errors:
        log.error("%s", message)
    output = config.output_path

    # an invalid cache path (inside the output, say) is not written to
    page_cache = None if problems.errors else config.cache_path / PAGE_CACHE_FILE
    if early is not None and page_cache is None:
        early.close()
        early = None
    collection = collect(
        output, config.fonts, config.extra_text, page_cache, workers.count(), early
    )
    plans: list[FontPlan] = []
    entries: list[dict[str, Any]] = []
    blocked = ""
    if problems.errors:
        blocked = "settings are invalid (see the errors above)"
    elif not brotli_available():
        blocked = (
            "the Python package brotli is not installed, and WOFF2 needs it — "
            "pip install brotli==1.2.1"
        )
    strategy = None if blocked else make_strategy(config.strategy, config.cache_path, config.verify)
    cache = Cache(config.cache_path)
    for spec in config.fonts:
        font_started = time.perf_counter()
        entry: dict[str, Any] = {"font": spec.label, "family": spec.family, "source": spec.source}
        if blocked:
            plan = FontPlan(spec, "failed", reason=blocked)
        else:
            try:
                plan = _process(spec, config, collection, cache, strategy, entry, log)
            except FontError as exc:
                plan = FontPlan(spec, "failed", reason=str(exc))
            except Exception as exc:  # never leave the full font behind on a bug
                plan = FontPlan(
                    spec, "failed", reason=f"internal error {exc.__class__.__name__}: {exc}"
                )
        entry["seconds"] = time.perf_counter() - font_started
        plans.append(plan)
        entries.append(entry)

    rewritten = wire(output, plans, collection, log)
    for plan, entry in zip(plans, entries, strict=True):
        _report_font(plan, entry, log)

    report = {
        "plugin_version": PLUGIN_VERSION,
        "output_path": str(output),
        "pages": len(collection.pages),
        "collect_seconds": collection.seconds,
        "pages_parsed": collection.parsed,
        "pages_rewritten": rewritten,
        "page_cache": collection.cache,
        "subset_runs": sum(1 for e in entries if e.get("subsetted")),
        "fonts": entries,
        "seconds": time.perf_counter() - started,
    }
    problem = write_report(config.report_path, report)
    if problem:
        log.warning("fontsubset: could not write the report: %s", problem)
    report["problems"] = log.emit()
    return report


def _report_font(plan: FontPlan, entry: dict[str, Any], log: Log) -> None:
    """The font's outcome, once wired, in the report and the build log."""
    entry["status"] = plan.status
    if plan.status == "subset":
        entry["subset_file"] = str(Path(plan.spec.source).parent / plan.filename)
        entry["unicode_range"] = css.format_unicode_range(plan.range_codepoints)
        entry["pages_with_preload"] = len(plan.pages)
    else:
        entry["reason"] = plan.reason
    if plan.status == "failed":
        log.error(
            "fontsubset: %s (%s): %s — the font was removed from the output, "
            "pages fall back to system fonts",
            plan.spec.label,
            plan.spec.setting,
            plan.reason,
        )
    else:
        msg, args = font_line(entry)
        log.info(msg, *args)


def _declared_range(spec: FontSpec, output: Path) -> list[tuple[int, int]] | None:
    """The unicode-range the theme declares: the setting, else the @font-face's."""
    if spec.unicode_range is not None:
        return css.parse_unicode_range(spec.unicode_range)
    try:
        sheet = (output / spec.stylesheet).read_text(encoding="utf-8")
    except OSError as exc:
        raise FontError(
            f"stylesheet {output / spec.stylesheet} is unreadable ({exc.strerror}) — "
            f"set the right path in {spec.setting}['stylesheet']"
        ) from exc
    base = posixpath.dirname(spec.stylesheet)
    for face in css.font_faces(sheet):
        if any(refers_to(u, base, spec.source) for u in face.urls()):
            value = face.get("unicode-range")
            if value is None:
                return None
            try:
                return css.parse_unicode_range(value)
            except ValueError as exc:
                raise FontError(f"{output / spec.stylesheet}: {exc}") from exc
    return None


def _claimed_blocks(cmap: frozenset[int]) -> list[tuple[int, int]]:
    from fontTools.unicodedata import Blocks

    claimed = []
    starts = Blocks.RANGES
    for i, (start, name) in enumerate(zip(starts, Blocks.VALUES, strict=True)):
        end = (starts[i + 1] if i + 1 < len(starts) else 0x110000) - 1
        if name == "No_Block":
            continue
        covered = sum(1 for cp in cmap if start <= cp <= end)
        if covered and covered >= CLAIM_SHARE * (end - start + 1):
            claimed.append((start, end))
    return claimed


def _process(
    spec: FontSpec,
    config: Config,
    collection: Collection,
    cache: Cache,
    strategy: Strategy,
    entry: dict[str, Any],
    log: Log,
) -> FontPlan:
    output = config.output_path
    text: FontText = collection.fonts[spec.index]
    codepoints = text.codepoints()
    declared = _declared_range(spec, output)
    rendered = [cp for cp in codepoints if chr(cp) != " "]
    if declared is not None:
        rendered = [cp for cp in rendered if css.in_ranges(cp, declared)]
    entry.update(cache="none", subsetted=False, verify="skipped", strategy={"name": strategy.name})
    if not rendered:
        return FontPlan(spec, "unused", reason="no page renders text in this font")

    source = read_source(output / spec.source, str(output / spec.source))
    lock = Lock(config.lock_path) if _sticky(config) else None
    locked, entry["lock"] = lock.load(spec.source, source.sha256) if lock else (None, "off")
    # a lock records that the font's runs shape as their pieces
    separable = (locked is not None and locked.separable) or piece_separable(
        source.sfnt, source.sha256, config.cache_path / SEPARABLE_DIR
    )
    if not separable:  # supplements rely on pieces shaping alone as in the run
        lock, locked, entry["lock"] = None, None, "off"
    units = tuple(sorted(text.units | text.segments))
    pieces = tuple(sorted(text.pieces)) if separable else ()
    request = SubsetRequest(tuple(codepoints), units, separable, pieces)
    lang = spec.lang[0]
    # the sticky path: verify against the locked subset, serve rare words apart
    if locked is not None:
        outcome = _verify_locked(
            spec, config, collection, source, cache, locked, request, entry, declared, log
        )
        if isinstance(outcome, FontPlan):
            return outcome
        entry["lock_outgrown"] = outcome
        log.info("fontsubset: %s: the locked subset is re-derived: %s", spec.label, outcome)

    cached, fresh = _cached_or_subset(spec, source, request, strategy, cache, entry, log)
    absent = set(cached.manifest["absent"])
    wanted = sorted(set(codepoints) - absent)
    if config.verify:
        checked = shaping_units(units, wanted, lang, pieces if separable else None)
        reference = prepare_reference(source, checked, units if separable else ())
        verified, verdict, known_state = _verify_promoting(
            strategy, source, request, cache, cached, reference, wanted, entry
        )
        fresh = fresh or verified is not cached
        cached = verified
        if not verdict.ok:
            return _failed_verification(spec, entry, verdict)
        entry["verify"] = "cached" if verdict.counts.get("texts_shaped") == 0 else "ran"
        entry["verification"] = {
            "ots": verdict.ots,
            "seconds": verdict.seconds,
            "store": known_state,
            **verdict.counts,
        }
        if lock is not None:
            proven = PIECES_PROVE_RUNS in verdict.verified  # the subset's runs, too
            _save_lock(lock, spec, source, cached, proven, entry, log)
    if fresh:
        try:
            cached = cache.store(
                cached.directory.name,
                cached.key,
                cached.woff2,
                {k: v for k, v in cached.manifest.items() if k in STORED_FIELDS},
            )
        except OSError as exc:
            log.warning(
                "fontsubset: cannot write cache %s (%s); next build subsets again",
                cache.root,
                exc.strerror or exc,
            )
    if config.verify and verdict.counts.get("texts_shaped"):
        with contextlib.suppress(OSError):  # a cache, not the build
            cache.record_units(source.sha256, cached.woff2, verdict.verified)
    return _finish(spec, entry, cached.manifest, cached.woff2, source, declared, text, log)


def _cached_or_subset(
    spec: FontSpec,
    source: SourceFont,
    request: SubsetRequest,
    strategy: Strategy,
    cache: Cache,
    entry: dict[str, Any],
    log: Log,
) -> tuple[Entry, bool]:
    """The cache's subset for this request, else a fresh one (True: to store)."""
    entry_id, key = Cache.keys(source.sha256, strategy.cache_material(request))
    cached, stale = cache.lookup(entry_id, key)
    if stale:
        log.info(
            "fontsubset: cache entry %s is unusable (%s); rebuilding it",
            cache.root / entry_id,
            stale,
        )
    if cached is not None:
        entry["cache"] = "hit"
        return cached, False
    entry["cache"] = "rebuilt" if stale else "miss"
    result = strategy.subset(source, request)
    entry["subsetted"] = True
    entry["strategy"] = {"name": strategy.name, **result.stats}
    manifest = _manifest(
        spec, source, request.codepoints, result.glyph_map, result.codepoints, result.glyphs_total
    )
    return Entry(cache.root / entry_id, key, result.woff2, manifest), True


def _verify_promoting(
    strategy: Strategy,
    source: SourceFont,
    request: SubsetRequest,
    cache: Cache,
    cached: Entry,
    reference: Reference,
    wanted: list[int],
    entry: dict[str, Any],
) -> tuple[Entry, Verdict, str]:
    """Verify ``cached``; runs only verified (not traced) that shape
    differently are handed back to a strategy that can trace them, which
    resumes its search, until the subset passes or nothing new differs."""
    verdict, known_state = _verify(reference, cached, source, cache, wanted)
    promoted: set[TextUnit] = set()
    while (
        not verdict.ok
        and getattr(strategy, "supports_promotion", False)
        and set(verdict.differing) - promoted
        and len(promoted) < MAX_PROMOTED
    ):
        promoted |= set(verdict.differing)
        result = strategy.subset(source, request, promote=tuple(sorted(promoted)))
        entry["subsetted"] = True
        result.stats["promoted_by_verification"] = len(promoted)
        entry["strategy"] = {"name": strategy.name, **result.stats}
        cached = Entry(
            cached.directory,
            cached.key,
            result.woff2,
            {**cached.manifest, "glyph_map": result.glyph_map, "codepoints": result.codepoints},
        )
        verdict, known_state = _verify(reference, cached, source, cache, wanted)
    return cached, verdict, known_state


def _save_lock(
    lock: Lock,
    spec: FontSpec,
    source: SourceFont,
    cached: Entry,
    separable: bool,
    entry: dict[str, Any],
    log: Log,
) -> None:
    """Lock the verified subset, so later builds keep it (``sticky.py``)."""
    manifest = cached.manifest
    try:
        lock.save(
            spec.source,
            source.sha256,
            LockedSubset(cached.woff2, manifest["glyph_map"], manifest["codepoints"], separable),
            source.glyph_names,
        )
        entry["lock"] = "written"
        log.info("fontsubset: %s: locked the subset in %s (commit it)", spec.label, lock.folder)
    except OSError as exc:
        log.warning("fontsubset: cannot write the lock %s (%s)", lock.folder, exc)


def _manifest(
    spec: FontSpec,
    source: SourceFont,
    codepoints: Sequence[int],
    glyph_map: list[int],
    kept: list[int],
    glyphs_total: int,
) -> dict[str, Any]:
    """What the cache and the report keep about a subset of ``source``."""
    cmap = source.cmap  # decodes the font: FontError if it is not one
    return {
        "source": spec.source,
        "source_sha256": source.sha256,
        "source_bytes": len(source.data),
        "glyph_map": glyph_map,
        "glyphs_total": glyphs_total,
        "codepoints": kept,
        "absent": sorted(set(codepoints) - cmap),
        "claimed_blocks": _claimed_blocks(cmap),
    }


def _finish(
    spec: FontSpec,
    entry: dict[str, Any],
    manifest: dict[str, Any],
    woff2: bytes,
    source: SourceFont,
    declared: list[tuple[int, int]] | None,
    text: FontText,
    log: Log,
) -> FontPlan:
    """Report characters the font lacks and the subset's figures; the plan to wire."""
    absent = set(manifest["absent"])
    claimed = declared if declared is not None else [tuple(r) for r in manifest["claimed_blocks"]]
    missing = sorted(cp for cp in absent if css.in_ranges(cp, claimed))
    for cp in missing:
        pages = text.pages_with(chr(cp))
        where = ", ".join(pages[:MAX_PAGES_NAMED]) or "FONTSUBSET_EXTRA_TEXT or CSS content"
        if len(pages) > MAX_PAGES_NAMED:
            where += f" and {len(pages) - MAX_PAGES_NAMED} more"
        log.warning(
            "fontsubset: %s has no glyph for U+%04X %s, used on %s — it will come from a "
            "fallback font and can break joining; use another character or font",
            spec.label,
            cp,
            unicodedata.name(chr(cp), "<unnamed>"),
            where,
        )
    entry["missing"] = [f"U+{cp:04X}" for cp in missing]

    kept = manifest["codepoints"]
    range_cps = [cp for cp in kept if declared is None or css.in_ranges(cp, declared)]
    entry.update(
        source_bytes=len(source.data),
        subset_bytes=len(woff2),
        glyphs_kept=len(manifest["glyph_map"]),
        glyphs_total=manifest["glyphs_total"],
        codepoints=len(kept),
    )
    if not range_cps:
        return FontPlan(spec, "unused", reason="the font has none of the characters pages use")
    return FontPlan(spec, "subset", woff2=woff2, range_codepoints=range_cps)


def _sticky(config: Config) -> bool:
    """Only a verified shaping subset (of a piece-separable font) can stay put."""
    return config.lock_path is not None and config.strategy == "shaping" and config.verify


def _verify_locked(
    spec: FontSpec,
    config: Config,
    collection: Collection,
    source: SourceFont,
    cache: Cache,
    locked: LockedSubset,
    request: SubsetRequest,
    entry: dict[str, Any],
    declared: list[tuple[int, int]] | None,
    log: Log,
) -> FontPlan | str:
    """The plan with the locked subset and supplements, or why the lock must grow."""
    text = collection.fonts[spec.index]
    manifest = _manifest(
        spec,
        source,
        request.codepoints,
        locked.glyph_map,
        locked.codepoints,
        source.face.glyph_count,
    )
    wanted = sorted(set(request.codepoints) & source.cmap)
    checked = shaping_units(request.units, wanted, spec.lang[0], request.pieces)
    reference = prepare_reference(source, checked, request.units)
    main = Entry(cache.root, "locked", locked.woff2, manifest)
    # the lock says the subset's runs shape as pieces; None: decide it
    separable = locked.separable or None
    verdict, known_state = _verify(reference, main, source, cache, wanted, separable)
    entry.update(
        cache="locked", verify="cached" if not verdict.counts.get("texts_shaped") else "ran"
    )
    entry["verification"] = {"ots": verdict.ots, "store": known_state, **verdict.counts}
    if verdict.broken:
        return "; ".join(verdict.problems[:3])
    if verdict.counts.get("texts_shaped"):
        with contextlib.suppress(OSError):  # a cache, not the build
            cache.record_units(source.sha256, locked.woff2, verdict.verified)
    supplements: list[Supplement] = []
    pages: dict[str, set[tuple[str, str]]] = {}
    # supplements are part of the lock, so that a fresh clone only verifies
    # them; every one the site uses is kept, the others go
    store = Cache(Lock(config.lock_path).supplements(spec.source), keep=None)
    used: set[str] = set()
    made: list[str] = []
    if not verdict.ok:
        rare, unexplained = rare_pieces(verdict.differing, verdict.missing, request.pieces)
        if unexplained:
            return f"{unexplained[0].text[:40]!r} shapes apart from its pieces"
        found = plan_rare(
            config.output_path, spec, collection.fonts[spec.index], rare, verdict.missing
        )
        if found.unwrappable:
            return found.unwrappable
        try:
            for owner, owned in sorted(found.owners.items()):
                supplements.append(_supplement(source, store, owner, owned, used, made))
        except FontError as exc:  # the main subset then covers these words itself
            return str(exc)
        pages = found.pages
    with contextlib.suppress(OSError):
        store.prune_unused(used)
    if made:
        log.info(
            "fontsubset: %s: supplements for %s added to %s (commit it)",
            spec.label,
            ", ".join(made),
            store.root,
        )
    entry["supplements"] = {
        "files": len(supplements),
        "made": len(made),
        "pages": len(pages),
        "pieces": sum(len(s.pieces) for s in supplements),
        "bytes": sum(len(s.woff2) for s in supplements),
    }
    plan = _finish(spec, entry, manifest, locked.woff2, source, declared, text, log)
    plan.supplements = supplements
    plan.wrapped_pages = pages
    if declared:
        plan.supplement_range = ", ".join(
            f"U+{lo:04X}" if lo == hi else f"U+{lo:04X}-{hi:04X}" for lo, hi in declared
        )
    return plan


def _supplement(
    source: SourceFont,
    store: Cache,
    owner: str,
    owned: list[TextUnit],
    used: set[str],
    made: list[str],
) -> Supplement:
    """The owner's supplement from the lock, else made, proven and added to
    it (the owner goes into ``made``); its entry's id goes into ``used``."""
    material = {"supplement": sorted(owned)}
    entry_id, key = Cache.keys(source.sha256, material)
    used.add(entry_id)
    found, _stale = store.lookup(entry_id, key, required=("glyph_map",))
    if found is not None:
        return Supplement(owner, tuple(sorted(owned)), found.woff2, found.manifest["glyph_map"])
    supplement = build_supplement(source, owner, owned)
    made.append(owner)
    # the owner and its pieces say in a pull request why the file is there
    fields = {"glyph_map": supplement.glyph_map, "owner": owner}
    fields["pieces"] = [unit.text for unit in supplement.pieces]
    with contextlib.suppress(OSError):
        store.store(entry_id, key, supplement.woff2, fields)
    return supplement


def _verify(
    reference: Reference,
    cached: Entry,
    source: SourceFont,
    cache: Cache,
    wanted: list[int],
    separable: bool | None = None,
) -> tuple[Verdict, str]:
    """Check ``cached``'s subset; units verified against the same bytes are not
    shaped again, and when every unit was, nothing is redone (the structural
    checks and OTS ran when those verdicts were stored)."""
    known, state = cache.verified_units(source.sha256, cached.woff2)
    if known and covered(reference, known):
        texts = len(reference.units)
        counts = {"texts": texts, "texts_shaped": 0, "texts_verified_earlier": texts}
        return Verdict(counts=counts, ots="passed earlier", verified=known), state
    glyph_map = cached.manifest["glyph_map"]
    verdict = check(
        reference, cached.woff2, glyph_map, wanted, known, workers.count(), separable=separable
    )
    return verdict, state


def _failed_verification(spec: FontSpec, entry: dict[str, Any], verdict: Verdict) -> FontPlan:
    entry["verify"] = "failed"
    entry["problems"] = verdict.problems
    return FontPlan(
        spec,
        "failed",
        reason="the subset does not render like the full font: " + "; ".join(verdict.problems),
    )
