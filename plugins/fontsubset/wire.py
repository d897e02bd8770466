"""Put the subsets into the built site and take the full fonts out.

Order matters for safety: every @font-face is located before anything is
written, so a font whose rule cannot be found fails *before* it half-ships;
failed and unused fonts lose their @font-face and preloads and the full file
is deleted, so the site falls back to system fonts rather than pointing at a
missing file or shipping the full font. A final scan proves it.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from . import css
from .collect import Collection
from .report import Log
from .settings import FontSpec
from .supplement import Supplement, style_block, supplement_filename, wrap_page

TEXT_SUFFIXES = frozenset(
    {
        ".html",
        ".htm",
        ".css",
        ".js",
        ".mjs",
        ".json",
        ".xml",
        ".txt",
        ".svg",
        ".webmanifest",
        ".map",
    }
)
FONT_SUFFIXES = (".woff2", ".woff", ".ttf", ".otf")

_LINK = re.compile(r"<link\b[^>]*>", re.I)
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?""")


@dataclass
class FontPlan:
    """What happens to one font; ``status`` is subset, unused or failed."""

    spec: FontSpec
    status: str
    woff2: bytes = b""
    #: Code points the subset's unicode-range declares (kept ∩ declared range).
    range_codepoints: list[int] = field(default_factory=list)
    reason: str = ""
    filename: str = ""
    pages: list[str] = field(default_factory=list)
    #: fonts for the words the (locked) subset cannot shape, one per owner page
    supplements: list[Supplement] = field(default_factory=list)
    #: page → the rare pieces (lang, text) it wraps in supplement spans
    wrapped_pages: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    #: the unicode-range the theme declares for the face (None: none declared)
    supplement_range: str | None = None

    def fail(self, reason: str) -> None:
        self.status = "failed"
        self.reason = reason
        self.woff2 = b""


def subset_filename(source: str, woff2: bytes) -> str:
    return hashed_filename(source, hashlib.sha256(woff2).hexdigest())


def hashed_filename(source: str, sha256: str) -> str:
    stem = posixpath.basename(source).rsplit(".", 1)[0]
    return f"{stem}.{sha256[:8]}.woff2"


def _stale_pattern(source: str) -> re.Pattern[str]:
    stem = posixpath.basename(source).rsplit(".", 1)[0]
    return re.compile(re.escape(stem) + r"\.x?[0-9a-f]{8}\.woff2")


def _resolve(url: str, base_dir: str) -> str | None:
    """Output-relative path a URL in a file at ``base_dir`` points to (None: off-site)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = parts.path
    if path.startswith("/"):
        return posixpath.normpath(path.lstrip("/"))
    return posixpath.normpath(posixpath.join(base_dir, path))


def refers_to(url: str, base_dir: str, target: str) -> bool:
    resolved = _resolve(url, base_dir)
    if resolved is not None:
        return resolved == target
    return posixpath.basename(urlsplit(url).path) == posixpath.basename(target)


def _replace_basename(url: str, name: str) -> str:
    """Same URL style (relative, root-relative, absolute) pointing at ``name``."""
    parts = urlsplit(url)
    head, slash, _ = parts.path.rpartition("/")
    return urlunsplit((parts.scheme, parts.netloc, f"{head}{slash}{name}", "", ""))


def _attrs(tag: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in _ATTR.finditer(tag[5:-1]):
        value = m.group(2) or ""
        if value[:1] in "\"'":
            value = value[1:-1]
        found.setdefault(m.group(1).lower(), html.unescape(value))
    return found


def _is_font_url(url: str, base_dir: str, source: str) -> bool:
    """The full font, or a subset of it left by an earlier run on this output."""
    name = posixpath.basename(urlsplit(url).path)
    return refers_to(url, base_dir, source) or bool(_stale_pattern(source).fullmatch(name))


def _is_preload_of(tag: str, page_dir: str, plans: list[FontPlan]) -> str | None:
    if "preload" not in tag.lower():  # most links are stylesheets, icons, feeds
        return None
    attrs = _attrs(tag)
    if "preload" not in attrs.get("rel", "").lower().split():
        return None
    href = attrs.get("href", "")
    if any(_is_font_url(href, page_dir, plan.spec.source) for plan in plans):
        return href
    return None


def wire(output: Path, plans: list[FontPlan], collection: Collection, log: Log) -> int:
    """Rewrite stylesheets and pages for every plan, then delete the full fonts.

    Returns how many pages had to be rewritten for their preload links (none
    when the templates already named the subsets: ``plugin.preload_hints``)."""
    sheets: dict[str, str] = {}
    faces: dict[int, list[css.FontFace]] = {}
    for plan in plans:
        sheet = plan.spec.stylesheet
        if sheet not in sheets:
            try:
                sheets[sheet] = (output / sheet).read_text(encoding="utf-8")
            except OSError:
                sheets[sheet] = ""
        sheet_dir = posixpath.dirname(sheet)
        matched = [
            face
            for face in css.font_faces(sheets[sheet])
            if any(_is_font_url(u, sheet_dir, plan.spec.source) for u in face.urls())
        ]
        faces[plan.spec.index] = matched
        if plan.status != "subset":
            continue
        if not matched:
            plan.fail(
                f"{output / sheet} has no @font-face whose src is {plan.spec.source} — "
                f"the theme and {plan.spec.setting} disagree on source or stylesheet"
            )
            continue
        families = {face.family() for face in matched}
        if families != {plan.spec.family}:
            plan.fail(
                f"{output / sheet}: @font-face for {plan.spec.source} names family "
                f"{', '.join(sorted(str(f) for f in families))}, but {plan.spec.setting} "
                f"says {plan.spec.family!r} — make them agree"
            )

    for plan in plans:
        source = output / plan.spec.source
        stale = _stale_pattern(plan.spec.source)
        if source.parent.is_dir():
            for old in source.parent.iterdir():
                if stale.fullmatch(old.name):
                    old.unlink()
        if plan.status == "subset":
            plan.filename = subset_filename(plan.spec.source, plan.woff2)
            (source.parent / plan.filename).write_bytes(plan.woff2)
            range_set = set(plan.range_codepoints)
            plan.pages = sorted(
                page
                for page, chars in collection.fonts[plan.spec.index].page_chars.items()
                if any(ord(c) in range_set for c in chars)
            )

    _rewrite_stylesheets(output, plans, sheets, faces)
    rewritten = _rewrite_pages(output, plans, collection.pages, log)
    for plan in plans:
        if plan.status == "subset" and plan.supplements:
            _wire_supplements(output, plan)

    for plan in plans:
        source = output / plan.spec.source
        if source.exists():
            source.unlink()
    _check_references(output, plans, log, collection.files, checked=set(collection.pages))
    return rewritten


def _rewrite_stylesheets(
    output: Path,
    plans: list[FontPlan],
    sheets: dict[str, str],
    faces: dict[int, list[css.FontFace]],
) -> None:
    edits: dict[str, list[tuple[int, int, str]]] = {}
    for plan in plans:
        for face in faces[plan.spec.index]:
            if plan.status == "subset":
                url = face.urls()[0] if face.urls() else plan.spec.source
                new_url = _replace_basename(url, plan.filename)
                decls = [d for d in face.declarations if d.name not in ("src", "unicode-range")]
                if not any(d.name == "font-display" for d in decls):
                    decls.append(css.Declaration("font-display", "swap"))
                decls.append(css.Declaration("src", f'url("{new_url}") format("woff2")'))
                decls.append(
                    css.Declaration(
                        "unicode-range", css.format_unicode_range(plan.range_codepoints)
                    )
                )
                text = css.render_font_face(decls)
            else:
                text = f"/* fontsubset: @font-face of {plan.spec.label} removed ({plan.status}) */"
            edits.setdefault(plan.spec.stylesheet, []).append((face.start, face.end, text))
    for sheet, changes in edits.items():
        content = sheets[sheet]
        for start, end, text in sorted(changes, reverse=True):
            content = content[:start] + text + content[end:]
        (output / sheet).write_text(content, encoding="utf-8")


def _preload(href: str) -> str:
    return (
        f'<link rel="preload" href="{html.escape(href)}" as="font" type="font/woff2" crossorigin>'
    )


def _rewrite_pages(output: Path, plans: list[FontPlan], pages: list[str], log: Log) -> int:
    """Point each page's font preloads at its subsets; report pages that still
    name a full font (read once for both: every page, on every build)."""
    rewritten = 0
    wanted: dict[str, list[FontPlan]] = {}
    for plan in plans:
        for page in plan.pages:
            wanted.setdefault(page, []).append(plan)
    for page in pages:
        path = output / page
        original = path.read_text(encoding="utf-8", errors="surrogateescape")
        page_dir = posixpath.dirname(page)
        old_hrefs: list[str] = []
        insert_at: int | None = None
        pieces: list[str] = []
        last = 0
        for m in _LINK.finditer(original):
            href = _is_preload_of(m.group(0), page_dir, plans)
            if href is None:
                continue
            old_hrefs.append(href)
            end = m.end()
            while end < len(original) and original[end] in " \t":
                end += 1
            if end < len(original) and original[end] == "\n":
                end += 1
            pieces.append(original[last : m.start()])
            if insert_at is None:
                insert_at = sum(len(p) for p in pieces)
            last = end
        targets = [
            posixpath.join(posixpath.dirname(plan.spec.source), plan.filename)
            for plan in wanted.get(page, [])
        ]
        if len(old_hrefs) == len(targets) and all(
            refers_to(href, page_dir, target)
            for href, target in zip(old_hrefs, targets, strict=True)
        ):
            _report_full_fonts(path, original, plans, log)
            continue  # the template named the subsets already (plugin.preload_hints)
        pieces.append(original[last:])
        text = "".join(pieces)

        links = []
        for plan, target in zip(wanted.get(page, []), targets, strict=True):
            reuse = next(
                (h for h in old_hrefs if _is_font_url(h, page_dir, plan.spec.source)), None
            )
            if reuse is not None:
                href = _replace_basename(reuse, plan.filename)
            else:
                href = posixpath.relpath(target, page_dir or ".")
            links.append(_preload(href))
        if links:
            block = "\n".join(links) + "\n"
            if insert_at is None:
                m = re.search(r"</head\s*>", text, re.I) or None
                if m is not None:
                    insert_at = m.start()
                else:
                    m = re.search(r"<head\b[^>]*>", text, re.I)
                    insert_at = m.end() if m else None
            if insert_at is not None:
                text = text[:insert_at] + block + text[insert_at:]
        if text != original:
            path.write_text(text, encoding="utf-8", errors="surrogateescape")
            rewritten += 1
        _report_full_fonts(path, text, plans, log)
    return rewritten


def _wire_supplements(output: Path, plan: FontPlan) -> None:
    """Write the supplements and wrap each page's rare pieces in their spans."""
    folder = posixpath.dirname(plan.spec.source)
    names: dict[str, str] = {}
    css_class: dict[tuple[str, str], Supplement] = {}
    for supplement in plan.supplements:
        names[supplement.key] = supplement_filename(plan.spec.source, supplement.woff2)
        (output / folder / names[supplement.key]).write_bytes(supplement.woff2)
        for piece in supplement.pieces:
            css_class[piece.lang, piece.text] = supplement
    for page, rare in sorted(plan.wrapped_pages.items()):
        path = output / page
        used = {css_class[key] for key in rare}
        page_dir = posixpath.dirname(page) or "."
        hrefs = {
            s.key: posixpath.relpath(posixpath.join(folder, names[s.key]), page_dir) for s in used
        }
        mapping = {key: css_class[key].css_class for key in rare}
        original = path.read_text(encoding="utf-8", errors="surrogateescape")
        wrapped, _counts, _unwrappable = wrap_page(
            original,
            plan.spec.lang,
            mapping,
            style_block(plan.spec.family, used, hrefs, plan.supplement_range),
        )
        path.write_text(wrapped, encoding="utf-8", errors="surrogateescape")


def _report_full_fonts(path: Path, text: str, plans: list[FontPlan], log: Log) -> None:
    for plan in plans:
        if posixpath.basename(plan.spec.source) in text:
            log.error(
                "fontsubset: %s still references %s, which is not deployed — "
                "reference fonts only from %s (the plugin rewrites it)",
                path,
                plan.spec.source,
                plan.spec.stylesheet,
            )


def _check_references(
    output: Path, plans: list[FontPlan], log: Log, files: list[str], checked: AbstractSet[str]
) -> None:
    """No deployed file may name a full font, and no @font-face a missing file.

    ``files``: the output's files (those written since are the font plugin's
    own and the search index's); ``checked``: pages ``_rewrite_pages`` has
    already looked at."""
    for relative in files:
        path = output / relative
        if relative in checked or path.suffix.lower() not in TEXT_SUFFIXES:
            continue
        try:
            data = path.read_bytes()
        except FileNotFoundError:  # replaced meanwhile (the search index's copy)
            continue
        text = data.decode("utf-8", "surrogateescape")
        _report_full_fonts(path, text, plans, log)
        # tinycss2 reads 10 KB in 0.05 s: only where an @font-face can be (even escaped)
        if path.suffix.lower() == ".css" and ("@font-face" in text.lower() or "\\" in text):
            rel_dir = posixpath.dirname(relative)
            for face in css.font_faces(data.decode("utf-8", "replace")):
                for url in face.urls():
                    target = _resolve(url, rel_dir)
                    if (
                        target
                        and target.lower().endswith(FONT_SUFFIXES)
                        and not (output / target).is_file()
                    ):
                        log.error(
                            "fontsubset: %s: @font-face points at missing %s — "
                            "the face would never load; fix its src",
                            path,
                            target,
                        )
