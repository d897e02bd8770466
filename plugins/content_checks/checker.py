"""The library API: check a content folder with a site's settings.

``check_site(settings)`` finds every article, page and glossary entry under
``settings["PATH"]``, applies every rule and returns a :class:`Report`. The
Pelican hook (``content_checks.py``) and the command line (``cli.py``, i.e.
``make check``) are thin layers over this one function, so they cannot
disagree: the hook stops the build on the report's errors, the command line
prints errors and warnings.

Stages, per file then across files:

1. bytes → text (``encoding-utf8``), front matter with line numbers
   (``frontmatter.py``), field rules (``rules.py``);
2. characters as written (``text.py``);
3. the Markdown rendered as Pelican renders it, parsed as HTML
   (``markup.py``): safety allow-list, images, Urdu script of paragraphs,
   links collected;
4. across files: duplicate slugs, links resolved against every URL the site
   will have, and the glossary's own rules (``glossary_adapter.py``).
"""

from __future__ import annotations

import fnmatch
import multiprocessing as mp
import os
import posixpath
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from markdown import Markdown

from ..cache import KeyedCache
from . import glossary_adapter, markup, rules, text
from .cache import check_cache, digest
from .frontmatter import Field, Source, UndecodableSource, decode, parse_source
from .problem import ERROR, Problem
from .schema import ARTICLE, ENTRY, PAGE, ContentType

MARKDOWN_EXTENSIONS = (".md", ".markdown", ".mkd", ".mdown")
#: Files Pelican would also read as content; only Markdown is reviewed here.
OTHER_READABLE = (".html", ".htm", ".rst")
#: Pelican's INTRASITE_LINK_REGEX at the start of a URL: {filename}x.md, |static|y.png
_INTRASITE = re.compile(r"^[{|](?P<what>[a-z]+)[|}](?P<value>.*)$")
DEFAULT_FONT = "static/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2"


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


@dataclass
class Document:
    path: Path
    relative: str  # relative to the content folder, "/"-separated (Pelican's key)
    shown: str
    kind: ContentType
    source: Source | None = None
    lang: str = ""
    links: list[tuple[markup.Link, int, str]] = field(default_factory=list)  # link, line, field
    problems: list[Problem] = field(default_factory=list)  # this file's own
    url: str | None = None  # where the site will have it (document_url), set once read
    save_as: str | None = None  # the file the site will write for it (document_url)
    glossary: glossary_adapter.ArticleFindings | None = None  # when checked with the file
    raw: bytes = b""  # the file's bytes, as checked (set by check_all)
    key: str | None = None  # the cache key of those bytes at this place (with a cache only)


#: Below this many files to check, forking costs more than it saves.
PARALLEL_MIN_DOCUMENTS = 200
MAX_WORKERS = 4

#: A field as the cache keeps it: (name, value, line, written, values).
_PackedField = tuple[str, str, int, str, list[str]]
#: What a file's checks leave for the rules that span files, as the cache keeps it:
#: problems, front matter (None: undecodable) and body line, language, links, URL,
#: SAVE_AS. Plain tuples: unpickling dataclasses and Paths for every file cost more
#: than the rest of a warm build's cache.
_Result = tuple[
    list[Problem],
    tuple[list[_PackedField], int] | None,
    str,
    list[Any],
    str | None,
    str | None,
]
#: The checker and its files, inherited by forked workers (set only meanwhile).
_worker_state: tuple[_Checker, list[tuple[Document, bytes]]] | None = None


def _check_in_worker(index: int) -> tuple[_Result, glossary_adapter.ArticleFindings | None]:
    """A file's result, and an article's glossary findings (``_Checker.check_file``)."""
    assert _worker_state is not None
    checker, todo = _worker_state
    document, raw = todo[index]
    checker.check_file(document, raw)
    return _result(document), document.glossary


def _result(document: Document) -> _Result:
    """What the rules that span files need of a checked file, and nothing else.

    The text is what would make a cached entry (and a worker's answer) large,
    and only the glossary's per-article check reads it, when its own result
    for those bytes is not cached: it parses ``Document.raw`` again then
    (``_Checker.article_source``).
    """
    facts = None
    source = document.source
    if source is not None:
        fields = [(f.name, f.value, f.line, f.written, f.values) for f in source.fields.values()]
        facts = (fields, source.body_line)
    return (document.problems, facts, document.lang, document.links, document.url, document.save_as)


def _is_result(value: Any) -> bool:
    """Whether a cached value has the shape of a ``_Result``: a damaged or foreign
    cache that passes the checksum is then a miss, never a traceback."""
    if not (isinstance(value, tuple) and len(value) == 6):
        return False
    problems, facts, lang, links, url, save_as = value
    return (
        isinstance(problems, list)
        and all(isinstance(p, Problem) for p in problems)
        and (facts is None or _is_facts(facts))
        and isinstance(lang, str)
        and isinstance(links, list)
        and all(isinstance(link, tuple) and len(link) == 3 for link in links)
        and (url is None or isinstance(url, str))
        and (save_as is None or isinstance(save_as, str))
    )


def _is_facts(facts: Any) -> bool:
    return (
        isinstance(facts, tuple)
        and len(facts) == 2
        and isinstance(facts[0], list)
        and all(isinstance(f, tuple) and len(f) == 5 for f in facts[0])
        and isinstance(facts[1], int)
    )


def _set_result(document: Document, result: _Result) -> None:
    problems, facts, lang, links, url, save_as = result
    document.problems, document.lang = list(problems), lang
    document.links, document.url, document.save_as = list(links), url, save_as
    document.source = None
    if facts is not None:
        fields, body_line = facts
        document.source = Source(
            path=document.path,
            fields={f[0]: Field(f[0], f[1], f[2], f[3], list(f[4])) for f in fields},
            body_line=body_line,
        )


def _workers() -> int:
    """How many processes may check files at once: one per CPU, at most
    MAX_WORKERS. The report is the same either way."""
    if "fork" not in mp.get_all_start_methods():
        return 1
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


def _plugin_defaults() -> dict[str, Any]:
    """The defaults of our plugins' output settings, for ``make check`` (where no
    plugin has filled them in)."""
    from ..glossary.entries import GLOSSARY_DEFAULTS
    from ..search.search import DEFAULTS as SEARCH
    from ..sitemap.sitemap import DEFAULTS as SITEMAP

    return {**GLOSSARY_DEFAULTS, **SEARCH, **SITEMAP}


#: "Not made yet", for a value that may itself be None.
_UNSET = object()


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def check_site(
    settings: dict[str, Any],
    root: Path | None = None,
    only: Iterable[Path] | None = None,
    cached: bool = False,
) -> Report:
    """Check every content file; report problems of ``only`` files if given.

    ``cached``: reuse per-file results of earlier runs (``cache.py``) as
    Pelican's LOAD_CONTENT_CACHE/CACHE_CONTENT allow; the build hook sets it.
    The report is the same either way.
    """
    return _Checker(settings, root or Path.cwd(), cached).run(only)


class _Checker:
    def __init__(self, settings: dict[str, Any], root: Path, cached: bool = False) -> None:
        self.settings = settings
        self.root = root.resolve()
        self.content = Path(settings["PATH"]).resolve()
        self.tag_slugs: dict[str, str] = settings.get("TAG_SLUGS") or {}
        self.languages = list(
            (settings.get("LOCALIZE_DIRECTIONS") or {"ur": "rtl", "en": "ltr"}).keys()
        )
        self.default_lang = settings.get("DEFAULT_LANG", "ur")
        font = settings.get("CONTENT_CHECKS_FONT") or Path(settings["THEME"]) / DEFAULT_FONT
        self.problems: list[Problem] = []
        self._shown: dict[Path, str] = {}
        try:
            self.cmap = text.load_cmap(Path(font))
        except text.FontUnreadable as error:
            self.cmap = None
            self.problems.append(
                Problem(
                    self.shown(Path(font)),
                    1,
                    "font",
                    str(error),
                    f"restore the file (git checkout -- {self.shown(Path(font))}), or set "
                    "CONTENT_CHECKS_FONT to the font the theme uses",
                    ERROR,
                    "font-unreadable",
                )
            )
        config = markup.markdown_config(settings)
        self.md = Markdown(**config)
        self.md_fields = Markdown(**markup.fields_config(config))
        self._names: Any = _UNSET
        self.glossary_state_key: str | None = None
        self.glossary_state = glossary_adapter.GlossaryState(usable=False)
        self.cache: KeyedCache | None = None
        if cached:
            from .cache import fingerprint

            self.cache = check_cache(settings, fingerprint(settings, self.root, self.cmap))

    # -- paths -----------------------------------------------------------------
    def shown(self, path: Path) -> str:
        found = self._shown.get(path)
        if found is None:
            try:
                found = path.resolve().relative_to(self.root).as_posix()
            except ValueError:
                found = str(path)
            self._shown[path] = found
        return found

    def discover(self) -> list[Document]:
        """Every content file, classified; every other file is reported (no silent loss).

        A file under ``content/`` is published (an article, page or glossary
        entry in Markdown, or a file under STATIC_PATHS), deliberately left out
        by a setting (``*_EXCLUDES``, ``CONTENT_CHECKS_IGNORE``, a hidden name,
        as Pelican's IGNORE_FILES), or reported here as an error naming it.
        """
        s = self.settings
        under = self.content.joinpath
        glossary = under(glossary_adapter.glossary_path(s))
        pages = [under(p) for p in s.get("PAGE_PATHS", ["pages"])]
        page_excludes = [under(p) for p in s.get("PAGE_EXCLUDES", [])]
        articles = [under(p) for p in s.get("ARTICLE_PATHS", [""])]
        article_excludes = [under(p) for p in s.get("ARTICLE_EXCLUDES", [])]
        static = [under(p) for p in s.get("STATIC_PATHS", [])]
        ignored = list(s.get("CONTENT_CHECKS_IGNORE") or [])

        def inside(parts: tuple[str, ...], folders: list[Path]) -> bool:
            # Path.is_relative_to, on parts: pathlib's own costs ~0.2 s per 1,000 files
            return any(parts[: len(f.parts)] == f.parts for f in folders)

        def report(path: Path, message: str, fix: str, rule: str) -> None:
            try:  # the link itself, not where it points
                shown = path.relative_to(self.root).as_posix()
            except ValueError:
                shown = str(path)
            self.problems.append(Problem(shown, 1, "file", message, fix, ERROR, rule))

        # walk() gives real paths under the resolved content folder, as strings:
        # their parts, their path relative to it and their shown path are sliced
        # from the string, as Path would compute them
        top = str(self.content).rstrip("/") + "/"
        root = str(self.root).rstrip("/") + "/"
        found: list[Document] = []
        for name in self.walk(report):
            relative = name[len(top) :]
            if any(fnmatch.fnmatch(relative, pattern) for pattern in ignored):
                continue
            parts = ("/", *name[1:].split("/"))
            path = Path(name)
            if inside(parts, [glossary]):
                kind = ENTRY
            elif inside(parts, pages) and not inside(parts, page_excludes):
                kind = PAGE
            elif inside(parts, articles) and not inside(parts, article_excludes + pages):
                kind = ARTICLE
            elif inside(parts, static):
                continue  # copied as it is
            elif inside(parts, article_excludes + page_excludes):
                continue  # left out on purpose by ARTICLE_EXCLUDES / PAGE_EXCLUDES
            else:
                folders = ", ".join(f"{self.shown(p)}/" for p in articles + pages)
                report(
                    path,
                    f"'{relative}' is not in a content folder, so it would not be published",
                    f"move it into one of {folders} or {self.shown(glossary)}/<kind>/ "
                    "(check the folder's spelling), or list it in CONTENT_CHECKS_IGNORE",
                    "file-unpublished",
                )
                continue
            suffix = path.suffix
            if suffix in OTHER_READABLE or suffix.lower() in OTHER_READABLE:
                report(
                    path,
                    f"'{path.name}' is not Markdown",
                    "write content as a .md file; other formats are not reviewed",
                    "file-type",
                )
            elif suffix in MARKDOWN_EXTENSIONS:
                shown = name[len(root) :] if name.startswith(root) else name
                self._shown[path] = shown  # what shown() gives for this real path
                found.append(Document(path, relative, shown, kind))
            elif suffix.lower() in MARKDOWN_EXTENSIONS:
                report(
                    path,
                    f"'{path.name}' ends in '{suffix}', and only the lower-case "
                    f"'{suffix.lower()}' is read, so it would not be published",
                    f"rename it to '{path.stem}{suffix.lower()}'",
                    "file-unpublished",
                )
            else:
                report(
                    path,
                    f"'{path.name}' is not Markdown, so it would not be published",
                    "write content as a .md file; an image or other file goes in a folder "
                    "listed in STATIC_PATHS",
                    "file-unpublished",
                )
        return found

    def walk(self, report: Any) -> list[str]:
        """Files under the content folder, sorted as Paths sort; hidden names skipped
        as Pelican skips them. A symbolic link is reported, never followed: Pelican
        follows one into a loop or reads the same file twice."""
        files: list[str] = []
        islink = os.path.islink
        for dirpath, dirnames, filenames in os.walk(self.content, followlinks=False):
            folder = Path(dirpath)
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in [*dirnames, *filenames]:
                if name.startswith(".") or not islink(os.path.join(dirpath, name)):
                    continue
                path = folder / name
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    what = "is broken or loops back on itself"
                else:
                    loops = target.is_dir() and path.is_relative_to(target)
                    shown = (
                        f"'{target.relative_to(self.content).as_posix()}'"
                        if target.is_relative_to(self.content)
                        else "a file outside content/"
                    )
                    what = "loops back to a folder above it" if loops else f"points to {shown}"
                report(
                    path,
                    f"'{path.relative_to(self.content).as_posix()}' is a symbolic link that {what}",
                    "replace the link with the file or folder itself (content is read from "
                    "real files only)",
                    "file-link",
                )
            dirnames[:] = [d for d in dirnames if not islink(os.path.join(dirpath, d))]
            for name in filenames:
                path = os.path.join(dirpath, name)
                if not name.startswith(".") and not islink(path):
                    files.append(path)
        return sorted(files, key=lambda path: path.split("/"))  # Path order: by parts

    # -- the run ---------------------------------------------------------------
    def run(self, only: Iterable[Path] | None) -> Report:
        documents = self.discover()
        # before the files: an article's glossary check runs with its file's
        # (in a worker, when there are many), not alone in this process after
        self.glossary_state_key, self.glossary_state = self.load_glossary()
        self.check_all(documents)
        for document in documents:
            self.problems += document.problems
        readable = [d for d in documents if d.source is not None]
        self.check_slugs(readable)
        self.check_reserved(readable)
        self.check_translations(readable)
        glossary = self.check_glossary(readable)
        if self.cache is not None:
            self.cache.save()
        unreadable = {d.shown for d in documents if d.source is None}
        self.problems += [
            p for p in glossary.problems if not (p.path in unreadable and p.field == "file")
        ]
        self.check_links(readable, glossary)

        problems = sorted(set(self.problems), key=Problem.sort_key)
        if only is not None:
            wanted = [Path(p).resolve() for p in only]
            keep = {
                d.shown
                for d in documents
                if any(d.path == w or d.path.is_relative_to(w) for w in wanted)
            } | {self.shown(w) for w in wanted}  # a named non-Markdown file (file-type)
            problems = [p for p in problems if p.path in keep]
            return Report(problems, len(keep))
        return Report(problems, len(documents))

    def check_all(self, documents: list[Document]) -> None:
        """``check_document`` for each, or its result for the same bytes from the
        cache; with many to check, spread over forked processes (each file is
        checked on its own; the checks that span files come after)."""
        todo: list[tuple[Document, bytes, str | None]] = []
        for document in documents:
            raw = document.raw = document.path.read_bytes()
            key = None
            if self.cache is not None:
                key = digest("file", raw, document.relative, document.kind.name, document.shown)
                document.key = key
                found = self.cache.get(key)
                if _is_result(found):
                    _set_result(document, found)
                    continue
            todo.append((document, raw, key))
        workers = _workers()
        if len(todo) >= PARALLEL_MIN_DOCUMENTS and workers > 1:
            if any(d.kind is ARTICLE for d, _, _ in todo):
                self.site_names()  # made once, before forking, for every worker
            global _worker_state
            _worker_state = (self, [(d, raw) for d, raw, _ in todo])
            try:
                with mp.get_context("fork").Pool(workers) as pool:
                    chunk = max(1, len(todo) // (workers * 8))
                    results = pool.map(_check_in_worker, range(len(todo)), chunksize=chunk)
            finally:
                _worker_state = None
            for (document, _, _), (result, glossary) in zip(todo, results, strict=True):
                _set_result(document, result)
                document.glossary = glossary
        else:
            for document, raw, _ in todo:
                self.check_file(document, raw)
        if self.cache is not None:
            for document, _, key in todo:
                self.cache.put(key, _result(document))

    def load_glossary(self) -> tuple[str | None, glossary_adapter.GlossaryState]:
        """What the entries decide (and its cache key), from the cache if it has it."""
        key = self.glossary_key() if self.cache is not None else None
        state = self.cache.get(key) if self.cache is not None else None
        if not isinstance(state, glossary_adapter.GlossaryState):
            state = glossary_adapter.load_glossary(self.settings, self.shown)
            if self.cache is not None:
                self.cache.put(key, state)
        return key, state

    def site_names(self) -> glossary_adapter.glossary_report.SiteNames | None:
        """The glossary's matchers (~0.1 s to make): made only for an article to scan."""
        if self._names is _UNSET:
            self._names = glossary_adapter.site_names(self.glossary_state)
        return self._names

    def check_file(self, document: Document, raw: bytes) -> None:
        """``check_document``, and for an article its glossary findings while its
        text is at hand (``check_glossary`` keeps them)."""
        self.check_document(document, raw)
        if document.kind is ARTICLE and document.source is not None:
            document.glossary = glossary_adapter.check_article(
                self.glossary_state, self.site_names(), document.path, document.source, self.shown
            )

    def check_glossary(self, readable: list[Document]) -> glossary_adapter.GlossaryReport:
        """The glossary's rules; with a cache, only what changed is checked again.

        Two kinds of results are kept: what the entries decide (keyed by every
        entry file, ``glossary_key``), and each article's findings (keyed by
        that and the article's bytes and place). A new article costs its own
        scan; an edited entry, every article's. Problems are kept like clean
        results: each key covers every input of what it holds.
        """
        articles = [d for d in readable if d.kind is ARTICLE and d.source]
        state_key, state = self.glossary_state_key, self.glossary_state
        findings = []
        for document in articles:
            key = None
            if self.cache is not None and document.key is not None:
                key = digest("glossary-article", state_key, document.key, str(document.path))
            found = document.glossary
            if found is None and key is not None:
                found = self.cache.get(key)
                if not glossary_adapter.is_findings(found):
                    found = None
            if found is None:
                found = glossary_adapter.check_article(
                    state,
                    self.site_names(),
                    document.path,
                    self.article_source(document),
                    self.shown,
                )
            if key is not None:
                self.cache.put(key, found)
            findings.append(found)
        return glossary_adapter.assemble(state, findings)

    def article_source(self, document: Document) -> Source:
        """The source with its body: a result from the cache has only the front matter."""
        assert document.source is not None
        if document.source.text or document.source.body:
            return document.source
        return parse_source(document.path, decode(document.path, document.raw))

    def glossary_key(self) -> str:
        """Every input of what the entries decide: the entry files (paths and bytes).

        The settings, the code and the folder problem paths are shown from are
        in the cache's fingerprint; the working directory is here because the
        glossary's messages name files relative to it.
        """
        parts: list[bytes | str] = ["glossary", os.getcwd()]
        folder = self.content / glossary_adapter.glossary_path(self.settings)
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                path = os.path.join(dirpath, name)
                try:
                    parts += [path, "read", Path(path).read_bytes()]
                except OSError as error:  # the glossary reports it; the key only notes it
                    parts += [path, "unreadable", str(error)]
        return digest(*parts)

    def check_document(self, document: Document, raw: bytes | None = None) -> None:
        shown, kind = document.shown, document.kind
        if raw is None:
            raw = document.path.read_bytes()
        try:
            source = parse_source(document.path, decode(document.path, raw))
        except UndecodableSource as error:
            document.problems.append(
                Problem(
                    shown,
                    error.line,
                    "encoding",
                    f"not valid UTF-8 at byte {error.offset} ({error.reason})",
                    "save the file as UTF-8",
                    ERROR,
                    "encoding-utf8",
                )
            )
            return
        document.source = source
        lang_field = source.get("lang")
        if lang_field is not None and lang_field.value:
            document.lang = lang_field.value
        elif kind is ENTRY:
            document.lang = self.settings.get("GLOSSARY_LANG", "en")
        else:
            document.lang = self.default_lang
        urdu = document.lang == "ur"

        problems = document.problems
        problems += rules.check_front_matter(source, shown, kind, self.tag_slugs, self.languages)
        problems += rules.encoding_warnings(source, shown)
        problems += text.hygiene(source, shown, self.cmap, glossary_adapter.fold)
        if kind is ENTRY:
            problems += rules.check_urdu_fields(source, shown, ["urdu"])
        elif urdu:
            problems += rules.check_urdu_fields(source, shown, ["title", "summary"])

        self.md.reset()
        tree = markup.parse(self.md.convert(source.text))
        locator = markup.Locator(source.text, source.body_line)
        findings = markup.safety_findings(tree) + markup.image_findings(tree)
        for finding in findings:
            problems.append(
                Problem(
                    shown,
                    locator.line(finding.needle),
                    finding.field,
                    finding.message,
                    finding.fix,
                    ERROR,
                    finding.rule,
                )
            )
        for link in markup.links(tree):
            line = locator.line((markup.needle(link.url),) if link.url else ())
            document.links.append((link, line, "body"))
        if urdu and kind is not ENTRY:
            problems += self.paragraph_scripts(tree, source, shown)
        if kind.needs_body and not markup.visible_text(tree):
            problems.append(
                Problem(
                    shown,
                    source.body_line,
                    "body",
                    "no text",
                    "write the text below the front matter, after one blank line",
                    ERROR,
                    "body-empty",
                )
            )

        for name in self.settings.get("FORMATTED_FIELDS", ["summary"]):
            found = source.get(name)
            if found is None or not found.value:
                continue
            self.md_fields.reset()
            tree = markup.parse(self.md_fields.convert("\n".join(found.values)))
            for finding in markup.safety_findings(tree, name) + markup.image_findings(tree, name):
                problems.append(
                    Problem(
                        shown, found.line, name, finding.message, finding.fix, ERROR, finding.rule
                    )
                )
            for link in markup.links(tree):
                document.links.append((link, found.line, name))
        document.url = self.document_url(document)
        document.save_as = self.document_url(document, "SAVE_AS")

    def paragraph_scripts(self, tree: Any, source: Source, shown: str) -> list[Problem]:
        """A paragraph of an Urdu page whose letters are mostly not Arabic-script.

        Judged only with at least ``markup.MIN_LETTERS`` letters; text marked
        with another ``lang`` and code are left out (see ``urdu_blocks``).
        """
        problems = []
        locator = markup.Locator(source.text, source.body_line)
        for block in markup.urdu_blocks(tree):
            others = sum(block.other.values())
            total = block.arabic + others
            if total < markup.MIN_LETTERS or block.arabic * 2 >= total:
                continue
            script = max(block.other, key=lambda name: block.other[name])
            words = block.text.split()
            start = " ".join(words[:6]) + (" …" if len(words) > 6 else "")
            needle = (markup.needle(words[0]),) if words else ()
            problems.append(
                Problem(
                    shown,
                    locator.line(needle),
                    "body",
                    f"paragraph is mostly in {script} script ({others} of {total} letters): "
                    f"'{start}'",
                    "write it in Urdu; a quotation in another language needs its language "
                    'marked: <p lang="en">…</p>',
                    ERROR,
                    "script-not-urdu",
                )
            )
        return problems

    # -- across files ----------------------------------------------------------
    def check_slugs(self, documents: list[Document]) -> None:
        """A slug is unique per language: a translation shares its original's slug."""
        owner: dict[tuple[str, str], str] = {}
        for document in documents:
            if document.kind is ENTRY or document.source is None:
                continue
            slug = document.source.get("slug")
            if slug is None or not slug.value:
                continue
            key = (slug.value, document.lang or self.default_lang)
            if key in owner:
                self.problems.append(
                    Problem(
                        document.shown,
                        slug.line,
                        "slug",
                        f"'{slug.value}' is already used by {owner[key]}",
                        "choose a slug no other article or page uses",
                        ERROR,
                        "slug-duplicate",
                    )
                )
            else:
                owner[key] = document.shown

    def document_url(self, document: Document, what: str = "URL") -> str | None:
        """Where the site will have the document (``what="SAVE_AS"``: the file written)."""
        source = document.source
        if source is None or document.kind is ENTRY:
            return None
        status = source.get("status")
        draft = status is not None and status.value == "draft"
        prefix = {ARTICLE: "DRAFT" if draft else "ARTICLE", PAGE: "DRAFT_PAGE" if draft else "PAGE"}
        key = prefix[document.kind]
        if document.lang != self.default_lang:
            key += "_LANG"
        pattern = self.settings.get(f"{key}_{what}")
        values: dict[str, Any] = {
            name: found.value for name, found in source.fields.items() if found.value
        }
        values["lang"] = document.lang
        date = source.get("date")
        if date is not None:
            values["date"] = rules.parse_date(date.value)
            if values["date"] is None:
                return None
        elif "{date" in (pattern or ""):
            return None
        if not pattern or "slug" not in values:
            return None
        try:
            return string.Formatter().vformat(pattern, (), _Blank(values))
        except (ValueError, AttributeError, TypeError):
            return None

    def generated_outputs(self, documents: list[Document]) -> tuple[dict[str, str], dict[str, str]]:
        """(file → what the site writes there, folder → what fills it): what a page's
        own file must not collide with."""
        s = {**_plugin_defaults(), **self.settings}
        files: dict[str, str] = {}
        folders: dict[str, str] = {}
        for template in s.get("DIRECT_TEMPLATES", []):
            files[s.get(f"{template.upper()}_SAVE_AS") or f"{template}.html"] = (
                f"the {template} page"
            )
        files[s["GLOSSARY_INDEX_SAVE_AS"]] = "the glossary index"
        for lang, url in (s.get("SEARCH_PAGES") or {}).items():
            files[f"{url}index.html"] = f"the search page ({lang})"
        for name in ("SITEMAP_SAVE_AS", "SITEMAP_ROBOTS_SAVE_AS", "FEED_ALL_ATOM", "FEED_ALL_RSS"):
            if s.get(name):
                files[s[name]] = name
        for name, what in (
            ("GLOSSARY_ENTRY_SAVE_AS", "glossary entries"),
            ("TAG_SAVE_AS", "tag pages"),
            ("TAG_FEED_ATOM", "tag feeds"),
        ):
            pattern = s.get(name) or ""
            head = pattern.split("{", 1)[0]
            if "/" in head:
                folders[head[: head.rindex("/") + 1]] = what
        folders[f"{s.get('THEME_STATIC_DIR', 'theme')}/"] = "the theme's files"
        folders[f"{s['SEARCH_OUTPUT_PATH'].strip('/')}/"] = "the search index"
        return files, folders

    def check_reserved(self, documents: list[Document]) -> None:
        """A page or article written where the site writes one of its own pages
        (``Slug: glossary`` → glossary/index.html) would overwrite it."""
        files, folders = self.generated_outputs(documents)
        for document in documents:
            save_as = document.save_as
            if save_as is None or document.source is None:
                continue
            save_as = save_as.lstrip("/")
            what = files.get(save_as) or next(
                (w for folder, w in folders.items() if save_as.startswith(folder)), None
            )
            if what is None:
                continue
            slug = document.source.get("slug")
            self.problems.append(
                Problem(
                    document.shown,
                    slug.line if slug is not None else 1,
                    "slug",
                    f"'{slug.value if slug else ''}' would write this {document.kind.name} "
                    f"to {save_as}, where the site writes {what}",
                    "choose another slug",
                    ERROR,
                    "slug-reserved",
                )
            )

    def check_translations(self, documents: list[Document]) -> None:
        """Pelican's grouping of translations (same slug), checked before it warns:
        a group needs exactly one original, in the default language if it has one."""
        groups: dict[tuple[str, str], list[Document]] = {}
        for document in documents:
            slug = document.source.get("slug") if document.source else None
            if document.kind is ENTRY or slug is None or not slug.value:
                continue
            status = document.source.get("status")
            state = status.value if status is not None else "published"
            groups.setdefault((f"{document.kind.name}:{state}", slug.value), []).append(document)
        for (_, slug), group in groups.items():

            def is_translation(d: Document) -> bool:
                found = d.source.get("translation")  # not true or false: rule "boolean"
                return found is not None and found.value.lower() not in ("false", "")

            originals = [d for d in group if not is_translation(d)]
            unclear = any(
                d.source.get("translation").value.lower() not in rules.BOOLEANS
                for d in group
                if is_translation(d)
            )
            if not originals and not unclear:
                for document in group:
                    found = document.source.get("translation")
                    self.problems.append(
                        Problem(
                            document.shown,
                            found.line,
                            "translation",
                            "this is marked as a translation, but no original has the "
                            f"slug '{slug}'",
                            "give it the slug of the article or page it translates, "
                            "or delete the 'Translation: true' line",
                            ERROR,
                            "translation-orphan",
                        )
                    )
                continue
            in_default = [d for d in originals if d.lang == self.default_lang]
            if not in_default and len(originals) > 1:
                others = ", ".join(d.shown for d in originals[1:])
                document = originals[0]
                self.problems.append(
                    Problem(
                        document.shown,
                        document.source.get("slug").line,
                        "slug",
                        f"'{slug}' is also the slug of {others}, and none of them is in "
                        f"'{self.default_lang}'",
                        "add 'Translation: true' to all but the original",
                        ERROR,
                        "translation-orphan",
                    )
                )

    def site_urls(self, documents: list[Document], glossary: Any) -> set[str]:
        """Every path the built site will have, without the leading "/"."""
        s = self.settings
        urls: set[str] = {"", glossary.index_url, *glossary.urls.values()}
        tags_used: set[str] = set()
        for document in documents:
            url = document.url
            if url is not None:
                urls.add(url)
            tags = document.source.get("tags") if document.source else None
            if tags is not None and document.kind is ARTICLE:
                tags_used.update(rules.split_list(tags.value))
        for tag in tags_used:
            if tag in self.tag_slugs:
                urls.add(s.get("TAG_URL", "tag/{slug}.html").format(slug=self.tag_slugs[tag]))
        for template in s.get("DIRECT_TEMPLATES", []):
            name = template.upper()
            urls.add(s.get(f"{name}_URL") or "")
            urls.add(s.get(f"{name}_SAVE_AS") or f"{template}.html")
        for feed in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS"):
            if s.get(feed):
                urls.add(s[feed])
        theme_static = Path(s["THEME"]) / "static"
        if theme_static.is_dir():
            prefix = s.get("THEME_STATIC_DIR", "theme")
            for path in theme_static.rglob("*"):
                if path.is_file():
                    urls.add(f"{prefix}/{path.relative_to(theme_static).as_posix()}")
        urls |= self.static_files()
        expanded = set()
        for url in urls:
            url = url.lstrip("/")
            expanded |= {url, url.rstrip("/")}
            if url.endswith("/") or not url:
                expanded.add(f"{url}index.html")
            if url.endswith("index.html"):
                expanded |= {url.removesuffix("index.html"), url.removesuffix("/index.html")}
        return expanded

    def static_files(self) -> set[str]:
        found = set()
        for folder in self.settings.get("STATIC_PATHS", []):
            base = self.content / folder
            paths = [base] if base.is_file() else base.rglob("*") if base.is_dir() else []
            for path in paths:
                if path.is_file():
                    found.add(path.relative_to(self.content).as_posix())
        return found

    def check_links(self, documents: list[Document], glossary: Any) -> None:
        urls = self.site_urls(documents, glossary)
        content_files = {d.relative for d in documents}
        static = self.static_files()
        used_tag_slugs = {
            u.split("/")[-2] for u in urls if u.startswith("tag/") and u.count("/") >= 2
        }
        for document in documents:
            own_url = document.url
            if document.kind is ENTRY:
                own_url = glossary.urls.get(document.relative)
            for link, line, where in document.links:
                problem = self.link_problem(
                    link, document, own_url, urls, content_files, static, used_tag_slugs
                )
                if problem is not None:
                    message, fix = problem
                    self.problems.append(
                        Problem(document.shown, line, where, message, fix, ERROR, "link-missing")
                    )

    def link_problem(
        self,
        link: markup.Link,
        document: Document,
        own_url: str | None,
        urls: set[str],
        content_files: set[str],
        static: set[str],
        tag_slugs: set[str],
    ) -> tuple[str, str] | None:
        url = link.url
        if markup.is_script_url(url):
            return None  # reported by the safety rules (html-url)
        intrasite = _INTRASITE.match(url)
        if intrasite:
            what, value = intrasite["what"], intrasite["value"]
            path = unquote(urlsplit(value).path)
            if what in ("filename", "static", "attach"):
                if path.startswith("/"):
                    target = posixpath.normpath(path.lstrip("/"))
                else:
                    target = posixpath.normpath(
                        posixpath.join(posixpath.dirname(document.relative), path)
                    )
                if what == "filename" and target in content_files:
                    return None
                if what != "filename" and target in static:
                    return None
                exists = (self.content / target).is_file() and not target.startswith("..")
                if exists and what == "filename":
                    return (
                        f"'{url}' is not an article, page or glossary entry",
                        "link a file with {static} instead",
                    )
                if exists:
                    return (
                        f"'{url}' is not a static file",
                        "add its folder to STATIC_PATHS in pelicanconf.py",
                    )
                return (
                    f"'{url}' points to a file that does not exist",
                    "check the path: after {" + what + "}, '/' starts from content/, "
                    "anything else from this file's folder",
                )
            if what == "index":
                return None
            if what == "tag":
                if value in tag_slugs:
                    return None
                if value in self.tag_slugs:
                    return (
                        f"'{url}' uses the Urdu tag name",
                        f"write the tag's Latin slug: {{tag}}{self.tag_slugs[value]}",
                    )
                return (
                    f"'{url}' is not a tag of any article",
                    "use the Latin slug of a tag an article has, from TAG_SLUGS",
                )
            return (
                f"'{url}': this site has no {{{what}}} links",
                "use {filename}, {static} or {tag}",
            )
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path:
            return None  # another site, mailto:, or a #fragment of this page
        if parts.path.startswith("/"):
            target = parts.path
        elif own_url is None:
            return None  # the page's own address is unknown (a broken date): nothing to resolve
        else:
            target = urlsplit(urljoin("/" + own_url, parts.path)).path
        target = unquote(target).lstrip("/")
        if target in urls or target.rstrip("/") in urls:
            return None
        resolved = "" if url.startswith("/") else f" (from this page: /{target})"
        return (
            f"'{url}'{resolved} is not a page of this site",
            "check the address, or link the source file: [text]({filename}/articles/<file>.md)",
        )
