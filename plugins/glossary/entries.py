"""Glossary entries: settings, the content class, reading, and validation.

Every problem is collected before anything is reported, so a contributor sees
all of them in one build instead of fixing them one failed build at a time.
Each problem is one line, ``path:line: field: what is wrong — what to do``,
because that is what editors and CI logs turn into clickable locations.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from pelican.contents import Content
from pelican.readers import Readers
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from ..problems import BuildError
from ..settings import PluginSettings, Setting
from .normalize import fold, letter_count, match_key

__all__ = [
    "DEFAULT_KINDS",
    "GLOSSARY_DEFAULTS",
    "ArticleRules",
    "GlossaryEntry",
    "GlossaryError",
    "Mention",
    "Problem",
    "article_rules",
    "check_settings",
    "fill_defaults",
    "load_entries",
    "split_items",
    "split_names",
    "validate_entries",
]

#: Kinds are data: the folder name under GLOSSARY_PATH, its label in English
#: and Urdu, and the schema.org type used in JSON-LD.
DEFAULT_KINDS: dict[str, dict[str, str]] = {
    "people": {"en": "People", "ur": "شخصیات", "schema": "Person"},
    "projects": {"en": "Projects", "ur": "منصوبے", "schema": "Thing"},
}

SETTINGS = PluginSettings(
    "glossary",
    "GLOSSARY_",
    {
        "GLOSSARY_PATH": Setting(
            "glossary", "folder of entries, relative to PATH; one sub-folder per kind"
        ),
        "GLOSSARY_KINDS": Setting(
            DEFAULT_KINDS,
            "kind folder → English and Urdu label and schema.org type",
            'a non-empty dict of {"en": ..., "ur": ..., "schema": ...} (see DEFAULT_KINDS)',
            lambda v: isinstance(v, Mapping) and bool(v),
        ),
        "GLOSSARY_LINK": Setting(
            "first",
            "link each entry's first mention in an article, or every mention",
            '"first" or "all"',
            lambda v: v in ("first", "all"),
        ),
        "GLOSSARY_LANG": Setting("en", "language of entry pages"),
        "GLOSSARY_ENTRY_URL": Setting("glossary/{kind}/{slug}/", "URL of an entry page"),
        "GLOSSARY_ENTRY_SAVE_AS": Setting(
            "glossary/{kind}/{slug}/index.html", "where an entry page is written"
        ),
        "GLOSSARY_INDEX_URL": Setting("glossary/", "URL of the glossary index"),
        "GLOSSARY_INDEX_SAVE_AS": Setting(
            "glossary/index.html", "where the glossary index is written"
        ),
    },
    check=lambda settings: _kind_issues(settings["GLOSSARY_KINDS"]),
)
GLOSSARY_DEFAULTS = SETTINGS.defaults

_KIND_KEYS = ("en", "ur", "schema")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")
#: A host name: dot-separated labels of letters, digits and hyphens (IDN
#: hosts in their xn-- form), the last alphabetic.
_HOST = re.compile(
    r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$"
)
#: RFC 3986 characters; anything else (quotes, <, >, spaces, controls) is not
#: part of an address and is how a value breaks out of an href.
_URL_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_NAME_SEPARATORS = re.compile(r"[,،\n]")
_ITEM_SEPARATORS = re.compile(r"[;؛\n]")
_FIELD_LINE = re.compile(r"^(?: {0,3}([A-Za-z0-9_-]+)|:([A-Za-z0-9_-]+)):")


class Problem(NamedTuple):
    """One thing a contributor must fix, located to a file line and field."""

    path: str
    line: int
    field: str
    what: str
    todo: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.what} — {self.todo}"


class GlossaryError(BuildError):
    """Every glossary problem of a build, which then stops."""

    def __init__(self, problems: Iterable[Problem | str]) -> None:
        problems = list(problems)
        count = len(problems)
        super().__init__(problems, f"glossary: {count} problem{'s' * (count != 1)}, build stopped")


class Mention(NamedTuple):
    """An article mentioning an entry, and the anchor of its first mention there."""

    article: Any
    url: str
    text: str


# -- settings ---------------------------------------------------------------


def fill_defaults(settings: dict[str, Any]) -> None:
    """Give every GLOSSARY_* setting its default and keep entries out of articles.

    Idempotent, so it is safe under autoreload. The glossary folder is added to
    ARTICLE_EXCLUDES and PAGE_EXCLUDES, otherwise Pelican's own generators would
    also read every entry as an (Urdu) article.
    """
    SETTINGS.fill_defaults(settings)
    folder = settings["GLOSSARY_PATH"]
    for key in ("ARTICLE_EXCLUDES", "PAGE_EXCLUDES"):
        excludes = list(settings.get(key, []))
        if folder not in excludes:
            excludes.append(folder)
        settings[key] = excludes


def check_settings(settings: Mapping[str, Any]) -> list[Problem]:
    """Misconfigured GLOSSARY_* settings, each reported by name."""
    return [Problem("settings", 1, *issue) for issue in SETTINGS.issues(settings)]


def _kind_issues(kinds: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    found = []
    for name, spec in kinds.items():
        if not (isinstance(name, str) and _SLUG.match(name)):
            found.append(
                (
                    "GLOSSARY_KINDS",
                    f"kind {name!r} is not a folder name",
                    "use lowercase ASCII letters, digits and hyphens",
                )
            )
        missing = [k for k in _KIND_KEYS if not (isinstance(spec, Mapping) and spec.get(k))]
        if missing:
            found.append(
                (
                    "GLOSSARY_KINDS",
                    f"kind {name!r} lacks {', '.join(missing)}",
                    'give each kind {"en": ..., "ur": ..., "schema": ...}',
                )
            )
    return found


# -- the content class ------------------------------------------------------


def split_names(value: Any) -> list[str]:
    """Aliases: separated by "," or the Urdu comma "،" (or one per line)."""
    return _split(value, _NAME_SEPARATORS)


def split_items(value: Any) -> list[str]:
    """glossary_bind / glossary_ignore items: separated by ";" or "؛" or lines.

    Commas are not separators here, so a phrase may contain one.
    """
    return _split(value, _ITEM_SEPARATORS)


def _split(value: Any, separators: re.Pattern[str]) -> list[str]:
    if value is None:
        return []
    chunks = value if isinstance(value, (list, tuple)) else [value]
    items = []
    for chunk in chunks:
        items.extend(s.strip() for s in separators.split(str(chunk)))
    return [s for s in items if s]


def kind_of(source_path: str, settings: Mapping[str, Any]) -> str:
    """The kind is the first folder below GLOSSARY_PATH ("" for a file placed directly in it)."""
    root = os.path.join(settings["PATH"], settings["GLOSSARY_PATH"])
    parts = os.path.relpath(source_path, root).replace(os.sep, "/").split("/")
    return parts[0] if len(parts) > 1 else ""


class GlossaryEntry(Content):
    """A glossary page, read by Pelican's own readers so front matter means the same.

    The slug is the file name (not the slugified title, Pelican's default for
    articles) so that ``glossary_bind`` targets stay stable when a title is
    edited.
    """

    default_template = "glossary_entry"
    mandatory_properties = ("title",)

    def __init__(
        self,
        content: str,
        metadata: dict[str, Any] | None = None,
        settings: dict[str, Any] | None = None,
        source_path: str | None = None,
        context: dict[Any, Any] | None = None,
    ) -> None:
        metadata = dict(metadata or {})
        settings = settings if settings is not None else {}
        metadata.setdefault("lang", settings.get("GLOSSARY_LANG", "en"))
        if source_path and "slug" not in metadata:
            metadata["slug"] = os.path.splitext(os.path.basename(source_path))[0]
        super().__init__(content, metadata, settings, source_path, context)
        self.kind = kind_of(source_path, settings) if source_path else ""
        self.urdu = str(metadata.get("urdu") or "").strip()
        self.aliases = split_names(metadata.get("aliases"))
        #: ``Not:`` phrases: longer names that contain one of ours but are not
        #: this entry (بے نظیر بھٹو for the entry aliased بھٹو). Never linked to it.
        self.not_names = split_names(metadata.get("not"))
        self.role = metadata.get("role")
        self.country = metadata.get("country")
        self.wikidata = str(metadata["wikidata"]).strip() if metadata.get("wikidata") else None
        self.website = str(metadata["website"]).strip() if metadata.get("website") else None
        self.schema_type = settings.get("GLOSSARY_KINDS", {}).get(self.kind, {}).get("schema")
        self.mentioned_in: list[Mention] = []
        fmt = {"kind": self.kind, "slug": self.slug}
        if not hasattr(self, "override_url") and "GLOSSARY_ENTRY_URL" in settings:
            self.override_url = settings["GLOSSARY_ENTRY_URL"].format(**fmt)
        if not hasattr(self, "override_save_as") and "GLOSSARY_ENTRY_SAVE_AS" in settings:
            self.override_save_as = settings["GLOSSARY_ENTRY_SAVE_AS"].format(**fmt)

    @property
    def names(self) -> list[str]:
        """The Urdu spellings that link to this entry: canonical first."""
        return [n for n in [self.urdu, *self.aliases] if n]

    @property
    def summary_text(self) -> str:
        """The summary without markup, for popovers, listings and JSON-LD.

        Templates ask for it on every page that mentions the entry; it is
        parsed once per summary text.
        """
        summary = str(self.summary or "")
        known = self.__dict__.get("_summary_text")
        if known is None or known[0] != summary:
            known = (summary, HTMLParser(summary).text(separator="").strip())
            self.__dict__["_summary_text"] = known
        return known[1]

    @property
    def wikidata_url(self) -> str | None:
        return f"https://www.wikidata.org/wiki/{self.wikidata}" if self.wikidata else None


def is_website(value: str) -> bool:
    """An absolute http(s) address of a named host, read by ``urllib.parse``.

    Only characters an address may hold are accepted: the value is written
    into an ``href`` (escaped there too), so a quote or ``<`` is refused here
    with a clear message rather than percent-encoded into something unmeant.
    """
    if not _URL_CHARS.match(value):
        return False
    try:
        parts = urlsplit(value)
        host, _ = parts.hostname, parts.port  # .port raises on a bad port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not host or parts.username or parts.password:
        return False
    return bool(_HOST.match(host)) and parts.netloc.lower().endswith((host, f"{host}:{parts.port}"))


# -- reading ----------------------------------------------------------------


def display_path(path: str) -> str:
    """Paths relative to the working directory, as editors and CI logs expect."""
    rel = os.path.relpath(path)
    return path if rel.startswith("..") else rel


def field_lines(path: str) -> dict[str, int]:
    """1-based line of each front-matter field (Markdown ``Key:`` or reST ``:key:``).

    Pelican's readers do not keep line numbers, so they are recovered here.
    """
    lines: dict[str, int] = {}
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError:
        return lines
    for number, line in enumerate(text.splitlines(), start=1):
        m = _FIELD_LINE.match(line)
        if m:
            lines.setdefault((m.group(1) or m.group(2)).lower(), number)
    return lines


def _line_of(path: str, fieldname: str, needle: str | None = None) -> int:
    """The line of ``needle`` within a field (continuation lines included), else the field's."""
    start = field_lines(path).get(fieldname, 1)
    if needle:
        try:
            with open(path, encoding="utf-8") as fh:
                for number, line in enumerate(fh, start=1):
                    if number >= start and needle in line:
                        return number
        except OSError:
            pass
    return start


def load_entries(
    settings: dict[str, Any],
    readers: Readers | None = None,
    context: dict[Any, Any] | None = None,
) -> tuple[list[GlossaryEntry], list[Problem]]:
    """Read every entry file under PATH/GLOSSARY_PATH, in a stable (sorted) order."""
    readers = readers or Readers(settings)
    base = settings["PATH"]
    root = os.path.join(base, settings["GLOSSARY_PATH"])
    extensions = set(readers.extensions)
    entries: list[GlossaryEntry] = []
    problems: list[Problem] = []
    paths = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in filenames:
            if os.path.splitext(name)[1][1:] in extensions and not name.startswith("."):
                paths.append(os.path.join(dirpath, name))
    for path in sorted(paths):
        rel = os.path.relpath(path, base)
        try:
            entry = readers.read_file(
                base_path=base, path=rel, content_class=GlossaryEntry, context=context
            )
        except Exception as exc:  # a reader error is a content problem, not a crash
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    "file",
                    f"could not be read ({exc})",
                    "fix the front matter and Markdown of this file",
                )
            )
            continue
        entries.append(entry)
    return entries, problems


# -- validation -------------------------------------------------------------


def _name_problem(path: str, fieldname: str, name: str, line: int) -> Problem | None:
    folded = fold(name)
    if not folded:
        return Problem(
            path,
            line,
            fieldname,
            f'"{name}" normalises to nothing',
            "remove it or write the name in Urdu letters",
        )
    if letter_count(folded) < 2:
        return Problem(
            path,
            line,
            fieldname,
            f'"{name}" normalises to a single letter ("{folded}")',
            "remove it: a one-letter name would link all over the text",
        )
    return None


def validate_entries(entries: Iterable[GlossaryEntry], kinds: Mapping[str, Any]) -> list[Problem]:
    """Every rule that needs only the entries themselves."""
    problems: list[Problem] = []
    claimed: dict[str, tuple[GlossaryEntry, str, int]] = {}
    slugs: dict[str, GlossaryEntry] = {}
    known_kinds = ", ".join(sorted(kinds))
    for entry in entries:
        path = display_path(entry.source_path)
        lines = field_lines(entry.source_path)

        def report(
            fieldname: str, what: str, todo: str, *, _p: str = path, _l: dict[str, int] = lines
        ) -> None:
            problems.append(Problem(_p, _l.get(fieldname, 1), fieldname, what, todo))

        if entry.kind not in kinds:
            where = f'folder "{entry.kind}"' if entry.kind else "the glossary root"
            report(
                "kind",
                f"{where} is not a glossary kind",
                f"move the file into one of: {known_kinds}, or add the kind to GLOSSARY_KINDS",
            )
        if not _SLUG.match(entry.slug or ""):
            report(
                "slug",
                f'"{entry.slug}" is not a valid entry slug',
                "use lowercase ASCII letters, digits and hyphens, e.g. sergey-lavrov",
            )
        elif entry.slug in slugs:
            other = display_path(slugs[entry.slug].source_path)
            report(
                "slug",
                f'"{entry.slug}" is also used by {other}',
                'rename one file (the slug is the file name) or set a distinct "Slug:"',
            )
        else:
            slugs[entry.slug] = entry
        for fieldname, hint in (("title", "English name"), ("summary", "one English sentence")):
            if not entry.metadata.get(fieldname):
                report(
                    fieldname,
                    "missing",
                    f'add "{fieldname.capitalize()}: <{hint}>" to the front matter',
                )
        if not entry.urdu:
            report("urdu", "missing", 'add "Urdu: <canonical Urdu spelling>" to the front matter')
        if entry.wikidata and not _WIKIDATA.match(entry.wikidata):
            report(
                "wikidata",
                f'"{entry.wikidata}" is not a Wikidata id',
                "use the item id, e.g. Q7747, or remove the field",
            )
        if entry.website and not is_website(entry.website):
            report(
                "website",
                f'"{entry.website}" is not an http(s) address',
                "use the full address, e.g. https://example.org/",
            )

        own: set[str] = set()
        for fieldname, name in [("urdu", entry.urdu)] + [("aliases", a) for a in entry.aliases]:
            if not name:
                continue
            line = _line_of(entry.source_path, fieldname, name)
            bad = _name_problem(path, fieldname, name, line)
            if bad:
                problems.append(bad)
                continue
            key = match_key(name)
            if key in own:
                continue  # the same spelling twice in one entry is harmless
            own.add(key)
            if key in claimed:
                other, _, other_line = claimed[key]
                problems.append(
                    Problem(
                        path,
                        line,
                        fieldname,
                        f'"{name}" is also claimed by '
                        f"{display_path(other.source_path)}:{other_line}",
                        "keep the name on one entry, or bind it per article with glossary_bind",
                    )
                )
            else:
                claimed[key] = (entry, fieldname, line)
        for name in entry.not_names:
            line = _line_of(entry.source_path, "not", name)
            bad = _name_problem(path, "not", name, line)
            if bad:
                problems.append(bad)
            elif match_key(name) in own:
                problems.append(
                    Problem(
                        path,
                        line,
                        "not",
                        f'"{name}" is also a name of this entry',
                        "remove it from Not: or from the entry's names",
                    )
                )
    return problems


@dataclass
class ArticleRules:
    """An article's own bindings and ignored phrases, from its front matter."""

    binds: list[tuple[str, str]] = field(default_factory=list)  # (phrase, slug)
    ignores: list[str] = field(default_factory=list)


def article_rules(article: Any, slugs: Mapping[str, Any]) -> tuple[ArticleRules, list[Problem]]:
    """Parse ``glossary_bind`` / ``glossary_ignore`` and check them against entries.

    ``glossary_bind: روسی وزیر خارجہ = sergey-lavrov; وزیراعظم = imran-khan``
    (items separated by ";", "؛" or one per line) links a phrase to an entry in
    this article only; ``glossary_ignore: phrase; phrase`` keeps them unlinked.
    """
    metadata = getattr(article, "metadata", {}) or {}
    source = getattr(article, "source_path", None) or "<article>"
    path = display_path(source)
    rules = ArticleRules()
    problems: list[Problem] = []
    bound: dict[str, tuple[str, str]] = {}

    def report(fieldname: str, needle: str, what: str, todo: str) -> None:
        problems.append(Problem(path, _line_of(source, fieldname, needle), fieldname, what, todo))

    for item in split_items(metadata.get("glossary_bind")):
        phrase, sep, slug = item.rpartition("=")
        phrase, slug = phrase.strip(), slug.strip()
        if not sep or not phrase or not slug:
            report(
                "glossary_bind",
                item,
                f'"{item}" is not "<Urdu phrase> = <entry-slug>"',
                'separate phrase and slug with "=", and bindings with ";"',
            )
            continue
        bad = _name_problem(path, "glossary_bind", phrase, 0)
        if bad:
            report("glossary_bind", item, bad.what, bad.todo)
            continue
        if slug not in slugs:
            report(
                "glossary_bind",
                item,
                f'no glossary entry "{slug}" for "{phrase}"',
                "use the file name of an entry under content/glossary/, or remove the binding",
            )
            continue
        key = fold(phrase)
        if key in bound and bound[key][1] != slug:
            report(
                "glossary_bind",
                item,
                f'"{phrase}" is bound to both {bound[key][1]} and {slug}',
                "keep one binding",
            )
            continue
        bound[key] = (phrase, slug)
    rules.binds = list(bound.values())
    for phrase in split_items(metadata.get("glossary_ignore")):
        bad = _name_problem(path, "glossary_ignore", phrase, 0)
        if bad:
            report("glossary_ignore", phrase, bad.what, bad.todo)
        else:
            rules.ignores.append(phrase)
    return rules, problems
