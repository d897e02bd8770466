"""Hostile contributor input, and a scan of every built file for injected markup.

``write_hostile_site`` adds articles, a page and a glossary entry whose every
field a contributor controls carries a payload; ``injections`` walks the
whole output (HTML, XML, JSON, JavaScript; Pagefind's records are text that
search.js sets with ``textContent``, checked by the tests for what they hold)
with real parsers and lists every element, attribute, script or URL that
content put there. The theme's own scripts are the only scripts allowed.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

from tests.support import ROOT

#: Payloads that become markup if a field is written raw, decoded, or put
#: into an attribute unquoted or quoted.
SCRIPT_BREAK = "</script><script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
ENTITY = "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
QUOTE = '" onmouseover="alert(1)" data-x="'
SVG = "<svg onload=alert(1)>"

TITLES = {
    "script-break": f"خبر {SCRIPT_BREAK}",
    "img": f"خبر {IMG}",
    "entity": f"خبر {ENTITY}",
    "quote": f"خبر {QUOTE}",
}
HOSTILE_TAGS = {IMG: "evil-img", f"ٹیگ {QUOTE}": "evil-quote", f"ٹیگ {ENTITY}": "evil-entity"}
ENTRY = {
    "title": f"Evil {SCRIPT_BREAK}",
    "urdu": f"شیطان {IMG}",
    "aliases": "شیطان خان",
    "role": SVG,
    "country": IMG,
    "summary": f"A summary {ENTITY} {QUOTE}",
    "website": "https://x.example/?a=1&b='x'",
}
URDU = "یہ ایک صفحہ ہے جس میں بہت سی باتیں لکھی گئی ہیں اور سب اردو میں ہیں۔"
PAGE_TITLE = f"صفحہ {SCRIPT_BREAK} {QUOTE}"

ARTICLE = """Title: {title}
Slug: {slug}
Date: 2021-05-0{day}
Tags: روس، {tag}
Summary: خلاصہ {summary}

شیطان خان نے کہا کہ یہ ایک خبر ہے جس میں بہت سی باتیں لکھی گئی ہیں اور سب اردو میں ہیں۔ {entity}
"""


def tag_slugs() -> dict[str, str]:
    from pelican.settings import get_settings_from_file

    slugs = dict(get_settings_from_file(str(ROOT / "pelicanconf.py"))["TAG_SLUGS"])
    return {**slugs, **HOSTILE_TAGS}


def write_hostile_site(content: Path) -> None:
    tags = list(HOSTILE_TAGS)
    for day, (slug, title) in enumerate(sorted(TITLES.items()), start=1):
        text = ARTICLE.format(
            title=title,
            slug=f"hostile-{slug}",
            day=day,
            tag=tags[day % len(tags)],
            summary=[ENTITY, QUOTE, "`" + SCRIPT_BREAK + "`", ENTITY][day - 1],
            entity=ENTITY,
        )
        (content / "articles" / f"hostile-{slug}.md").write_text(text, encoding="utf-8")
    (content / "pages" / "hostile.md").write_text(
        f"Title: {PAGE_TITLE}\nSlug: hostile-page\nSummary: خلاصہ {ENTITY}\n\n{URDU} {ENTITY}\n",
        encoding="utf-8",
    )
    entry = content / "glossary" / "people" / "evil-person.md"
    entry.parent.mkdir(parents=True, exist_ok=True)
    entry.write_text(
        "".join(f"{name.capitalize()}: {value}\n" for name, value in ENTRY.items())
        + f"\nAn entry body. {ENTITY}\n",
        encoding="utf-8",
    )


# -- the scan ---------------------------------------------------------------

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "data"}
JSON_SCRIPT_TYPES = {"application/ld+json", "application/json"}


def theme_scripts() -> set[str]:
    return {p.name for p in (ROOT / "theme" / "static" / "js").glob("*.js")}


class _Scan(HTMLParser):
    """Every element, attribute and script of one HTML document, as a browser parses it."""

    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.found: list[str] = []
        self.script: tuple[str, str] | None = None  # (type, text so far)
        self.allowed = theme_scripts()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"{self.where}: <{tag} {name}=…> event handler")
            lowered = "".join(value.split()).lower()
            script_url = lowered.startswith(("javascript:", "vbscript:", "data:"))
            if name in URL_ATTRIBUTES and script_url and lowered != "data:,":  # the theme's icon
                self.found.append(f"{self.where}: <{tag} {name}={value!r}> script URL")
        if tag in ("svg", "iframe", "object", "embed", "base", "math"):
            self.found.append(f"{self.where}: <{tag}> element")
        if tag == "img" and values.get("src", "").strip() in ("x", ""):
            self.found.append(f"{self.where}: <img src={values.get('src')!r}> from content")
        if tag == "script":
            kind = values.get("type", "")
            src = values.get("src", "")
            if src:
                if Path(src).name not in self.allowed or kind:
                    self.found.append(f"{self.where}: <script src={src!r}> not the theme's")
            elif kind not in JSON_SCRIPT_TYPES:
                self.found.append(f"{self.where}: inline <script type={kind!r}>")
            self.script = (kind, "")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script = (self.script[0], self.script[1] + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            kind, text = self.script
            self.script = None
            if kind in JSON_SCRIPT_TYPES:
                try:
                    json.loads(text)
                except ValueError:
                    self.found.append(f"{self.where}: <script type={kind!r}> is not JSON")


def html_injections(text: str, where: str) -> list[str]:
    scan = _Scan(where)
    scan.feed(text)
    scan.close()
    return scan.found


def injections(output: Path) -> list[str]:
    """Everything content injected into any built file; [] for a safe site."""
    found: list[str] = []
    theme_js = {p.name: p.read_bytes() for p in (ROOT / "theme" / "static" / "js").glob("*.js")}
    for path in sorted(p for p in output.rglob("*") if p.is_file()):
        where = path.relative_to(output).as_posix()
        data = path.read_bytes()
        suffix = path.suffix
        if suffix == ".html":
            found += html_injections(data.decode("utf-8"), where)
        elif suffix == ".xml":
            try:
                root = ET.fromstring(data)
            except ET.ParseError as error:
                found.append(f"{where}: not well-formed XML ({error})")
                continue
            for element in root.iter():
                if element.get("type") == "html" and element.text:
                    found += html_injections(element.text, f"{where} <{element.tag}>")
        elif suffix == ".json":
            json.loads(data)  # search configuration and reports: must stay JSON
        elif suffix == ".js":
            if "pagefind" not in where and theme_js.get(path.name) != data:
                found.append(f"{where}: a script that is not the theme's or Pagefind's")
            if b"alert(1)" in data:
                found.append(f"{where}: content inside a script")
        elif b"alert(1)" in data and not suffix.startswith(".pf_"):
            found.append(f"{where}: content in a {suffix or 'plain'} file")
    return found
