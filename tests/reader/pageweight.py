"""What one page of the built site makes a browser download, in bytes.

Shared by the byte-budget test (``test_budget.py``) and the Lighthouse
benchmark (``bench/lighthouse/bench.py``), so both report the same numbers.

Counted, for one HTML file of the output: the HTML itself, every stylesheet it
links (``media=print`` too: browsers fetch it, at low priority), every script
with ``src``, every preloaded file, and the fonts of ``@font-face`` rules in
those stylesheets when the page has text in the script they cover (Arabic
letters for the Urdu face). Not counted: what JavaScript fetches later (the
search index after a query), and ``data:`` URLs (already inside the HTML).

HTML, CSS and JavaScript are counted gzip-compressed (level 6, what a
default nginx or Apache serves), fonts raw (WOFF2 is already Brotli-packed
and gzip gains nothing on it). Both raw and transferred sizes are kept.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

KINDS = ("html", "css", "js", "font")
BASE = "http://site.invalid/"
FONT_FACE = re.compile(r"@font-face\s*{([^}]*)}", re.S)
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")
ARABIC_LETTER = re.compile("[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufefc]")


@dataclass
class PageWeight:
    """Bytes per kind: ``sent`` (gzip for text, raw for fonts) and ``raw``."""

    page: str
    sent: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    raw: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    files: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.sent.values())

    @property
    def total_raw(self) -> int:
        return sum(self.raw.values())

    def add(self, kind: str, data: bytes, name: str) -> None:
        self.raw[kind] += len(data)
        self.sent[kind] += len(data) if kind == "font" else len(gzip.compress(data, 6))
        self.files.append(name)


def kind_of(path: str) -> str | None:
    suffix = path.rsplit(".", 1)[-1].lower()
    return {
        "css": "css",
        "js": "js",
        "mjs": "js",
        "woff2": "font",
        "woff": "font",
        "ttf": "font",
    }.get(suffix)


class Site:
    """Maps URLs of one built site to files of its output folder."""

    def __init__(self, output: Path, siteurl: str = "") -> None:
        self.output = output
        self.base = (siteurl.rstrip("/") + "/") if siteurl.startswith("http") else BASE

    def url_of(self, page: Path) -> str:
        rel = page.relative_to(self.output).as_posix()
        return self.base + rel

    def file_of(self, url: str) -> Path | None:
        if not url.startswith(self.base):
            return None  # another host: the site has none, a test checks that
        path = urlsplit(url).path[len(urlsplit(self.base).path) :]
        target = self.output / path
        if target.is_dir() or path.endswith("/") or path == "":
            target = target / "index.html"
        return target if target.is_file() else None


def page_weight(output: Path, page: Path, siteurl: str = "") -> PageWeight:
    """The bytes ``page`` (an HTML file under ``output``) loads before any interaction."""
    site = Site(output, siteurl)
    page_url = site.url_of(page)
    html = page.read_bytes()
    weight = PageWeight(page.relative_to(output).as_posix())
    weight.add("html", html, weight.page)
    tree = LexborHTMLParser(html.decode("utf-8"))
    seen: set[Path] = set()
    urls: list[str] = []
    for node in tree.css("link[rel~=stylesheet], link[rel~=preload], script[src]"):
        ref = node.attributes.get("href") or node.attributes.get("src") or ""
        if ref and not ref.startswith("data:"):
            urls.append(urljoin(page_url, ref))
    body = tree.body
    has_arabic = bool(body is not None and ARABIC_LETTER.search(body.text()))
    stylesheets: list[tuple[str, Path]] = []
    for url in urls:
        target = site.file_of(url)
        kind = kind_of(url.split("?", 1)[0])
        if target is None or kind is None or target in seen:
            continue
        seen.add(target)
        weight.add(kind, target.read_bytes(), target.relative_to(output).as_posix())
        if kind == "css":
            stylesheets.append((url, target))
    if has_arabic:
        for url, sheet in stylesheets:
            for face in FONT_FACE.findall(sheet.read_text(encoding="utf-8")):
                for ref in CSS_URL.findall(face):
                    target = site.file_of(urljoin(url, ref))
                    if target is None or target in seen:
                        continue
                    seen.add(target)
                    weight.add("font", target.read_bytes(), target.relative_to(output).as_posix())
    return weight
