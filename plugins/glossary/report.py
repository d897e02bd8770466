"""What editors should look at: names the glossary misses, or links it should not make.

``make glossary-report`` (``python -m khabarnama.glossary.report``) prints, for
every article of the site, three lists. Nothing here links anything: each
item is a suggestion for an editor to confirm in an entry's ``Aliases:`` or
``Not:``.

1. **Likely missed mentions**: text that equals an entry's name or alias
   under a looser comparison than the linker's (:func:`loose_key`: spaces,
   ی و ا and hamzas ignored: ایمنیسٹی for ایمنسٹی, جوروٹ for جو رووٹ) and that
   the linker does not link; with ``file:line`` and the text to add as an alias.
2. **Frequent unlinked names**: runs of name-like words (see
   :func:`name_runs`) that recur across articles and link nowhere, ranked by
   the number of articles.
3. **One-word aliases**: each one-word name with the contexts it links in,
   most frequent first, so that an editor sees بھٹو linking inside
   بے نظیر بھٹو and adds a ``Not:``.

``make check`` uses :func:`check_warnings` for two warnings of its own: a
one-word name that occurs inside longer name-like runs, and a name found
inside a longer name and therefore left unlinked (a partial match).

Articles are read as their Markdown source, line by line (so every finding
has a line), with inline emphasis markers taken out; a name is never split
across lines in practice. Everything is one Aho–Corasick pass per line plus
work per hit, so a 1,000-article site takes seconds.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import ahocorasick

from .matcher import TITLES, Matcher, NameContext, scan
from .normalize import fold, is_word_char, letter_count, match_key, normalize

__all__ = [
    "STOPWORDS",
    "Finding",
    "Report",
    "SiteNames",
    "article_lines",
    "article_warnings",
    "build_report",
    "check_warnings",
    "longer_name_warnings",
    "loose_key",
    "main",
    "name_runs",
]

#: Urdu function words (folded): postpositions, auxiliaries, pronouns,
#: conjunctions and the commonest verbs of reporting. A run of name-like
#: words never contains one, so "کہا کہ عمران خان" yields عمران خان only.
STOPWORDS = frozenset(
    fold(w)
    for w in (
        "نے کے کی کا کو سے میں پر اور ہے ہیں تھا تھی تھے ہو ہوا ہوئی ہوئے ہوں نہ نہیں بھی یہ وہ "
        "کہ جو ایک اس ان انہوں انہیں اسے اپنے اپنی اپنا تو ہی تک لیے لئے کر کرتے کرنے کیا کی "
        "گا گی گے رہا رہی رہے دیا دی دیے کہا کہنا کہتے بتایا گیا گئی گئے جا جب تب اب پھر "
        "بعد ساتھ طرف مطابق بارے دوران والے والی والا جس جن جبکہ لیکن مگر یا اگر کیونکہ "
        "سب کچھ کوئی ہر دو تین چند کئی آج کل جانب حوالے ذریعے بغیر علاوہ سمیت کہیں یہاں وہاں "
        "ہم آپ میں نے کیلئے کےلیے سکتا سکتی سکتے چاہیے دونوں تمام انھوں انھیں بلکہ"
    ).split()
)

#: Offices, ranks and nationalities (folded): they stand next to names
#: without being part of them (روسی صدر پوٹن, وزیر خارجہ سرگئی لاروف), so they
#: neither make a run of name-like words nor a "longer name" around an alias.
OFFICES = frozenset(
    fold(w)
    for w in (
        "صدر وزیر وزیراعظم اعظم خارجہ داخلہ دفاع خزانہ اطلاعات وزیراعلی وزیراعلیٰ اعلی اعلیٰ "
        "چیف آرمی سربراہ رہنما ترجمان سفیر گورنر سیکرٹری سیکریٹری چیئرمین نائب سابق سابقہ "
        "موجودہ قائد امیر کپتان کھلاڑی بلے باز امریکی روسی پاکستانی بھارتی چینی افغان ایرانی "
        "برطانوی سعودی ترک"
    ).split()
)

_NOT_NAMES = STOPWORDS | TITLES | OFFICES
_EMPHASIS = re.compile(r"[*_`]+")
_WORD = re.compile(r"\w+")
_LOOSE_DROP = frozenset("\u06cc\u0648\u0627\u0654\u0655 ")  # ی و ا hamzas space


class Finding(NamedTuple):
    """One line of a report: where, what, and what an editor might do."""

    path: str
    line: int
    text: str
    key: str  # the entry it concerns
    suggestion: str


def loose_key(text: str) -> tuple[str, list[tuple[int, int]]]:
    """``text`` folded, without spaces, ی, و, ا or hamzas; and each kept character's source span.

    The variation between transliterations is mostly in the long vowels and
    where the words break (ایمنسٹی / ایمنیسٹی, پوٹن / پیوٹن, جو رووٹ / جوروٹ):
    two spellings with the same loose key are probably the same name. Far too
    loose for linking; good enough to point an editor at a candidate alias.
    """
    norm = normalize(text)
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(norm.text):
        if c in _LOOSE_DROP:
            continue
        out.append(c)
        where.append(i)
    return "".join(out), [(norm.start_of(i), norm.end_of(i)) for i in where]


def article_lines(body: str, first_line: int = 1) -> Iterable[tuple[int, str]]:
    """(line number, text) of a Markdown body, emphasis markers removed."""
    for number, line in enumerate(body.split("\n"), start=first_line):
        if line.strip():
            yield number, _EMPHASIS.sub("", line)


@dataclass
class SiteNames:
    """Every entry's names, ``Not:`` phrases and the matchers made from them."""

    names: list[tuple[str, str]]  # (name, slug)
    not_names: list[tuple[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Entries with errors (make check reports them) must not stop the report:
        # a name claimed twice goes to its first entry, unusable names are dropped.
        claimed: dict[str, str] = {}
        for name, slug in self.names:
            key = match_key(name)
            if letter_count(key) >= 2:
                claimed.setdefault(key, slug)
        self.names = [(n, s) for n, s in self.names if claimed.get(match_key(n)) == s]
        self.not_names = [(n, s) for n, s in self.not_names if letter_count(match_key(n)) >= 2]
        self.matcher = Matcher(self.names)
        self.exclusions = Matcher(self.not_names, multi=True) if self.not_names else None
        self.context = NameContext.from_names(self.names)
        self.one_word = {fold(n): slug for n, slug in self.names if len(fold(n).split()) == 1}
        loose: dict[str, tuple[str, str]] = {}
        for name, slug in self.names:
            key, _ = loose_key(name)
            if len(key) >= 4:  # fewer letters than that match everywhere
                loose.setdefault(key, (name, slug))
        self.loose = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for key, (name, slug) in loose.items():
            self.loose.add_word(key, (len(key), name, slug))
        if loose:
            self.loose.make_automaton()
        self.has_loose = bool(loose)

    @classmethod
    def from_entries(cls, entries: Iterable[Any]) -> SiteNames:
        entries = list(entries)
        return cls(
            [(n, e.slug) for e in entries for n in e.names],
            [(n, e.slug) for e in entries for n in getattr(e, "not_names", [])],
        )


def _words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, folded word) of each word of ``text``."""
    return [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]


def name_runs(text: str, min_words: int = 2, max_words: int = 4) -> list[tuple[int, int]]:
    """Spans of runs of name-like words in one line of text.

    "Name-like", pragmatically (Urdu has no capital letters): a run of 2–4
    words, none of them a :data:`STOPWORDS` function word or a digit, with no
    punctuation inside, that either follows a title (:data:`~.matcher.TITLES`:
    میاں، ڈاکٹر، جنرل…) or is followed by the ergative نے, which in news
    prose follows the person or body that acted (… عمران خان نے کہا). Runs
    that recur across articles are the candidates; one-offs are noise.
    """
    words = _words(text)
    runs: list[tuple[int, int]] = []
    i = 0
    n = len(words)
    while i < n:
        j = i
        while (
            j < n
            and words[j][2] not in STOPWORDS
            and words[j][2] not in OFFICES
            and not words[j][2].isdigit()
            and (j == i or text[words[j - 1][1] : words[j][0]].strip() == "")
        ):
            j += 1
        if j > i:
            start = i
            # the title opens the run but is not part of the name
            while start < j and words[start][2] in TITLES:
                start += 1
            after_title = start > i or (
                i > 0
                and words[i - 1][2] in TITLES
                and text[words[i - 1][1] : words[i][0]].strip() == ""
            )
            before_ne = (
                j < n and words[j][2] == "نے" and text[words[j - 1][1] : words[j][0]].strip() == ""
            )
            length = j - start
            # after a title one word is a name (جناب مودی); otherwise two at least
            if (
                length
                and (after_title or before_ne)
                and length >= (1 if after_title else min_words)
            ):
                first = max(start, j - max_words)
                runs.append((words[first][0], words[j - 1][1]))
            i = j
        else:
            i += 1
    return runs


@dataclass
class Report:
    missed: list[Finding] = field(default_factory=list)
    frequent: list[tuple[str, int, int, str]] = field(
        default_factory=list
    )  # text, articles, n, where
    one_word: dict[tuple[str, str], Counter[str]] = field(default_factory=dict)
    one_word_where: dict[tuple[str, str], str] = field(default_factory=dict)
    partials: list[Finding] = field(default_factory=list)
    articles: int = 0


def _context(text: str, start: int, end: int) -> str:
    """The match in brackets with a word either side: «پی پی پی ⟦بھٹو⟧ ازم»."""
    before = text[:start].split()[-1:] or [""]
    after = text[end:].split()[:1] or [""]
    return f"{before[0]} ⟦{text[start:end]}⟧ {after[0]}".strip()


def build_report(
    articles: Iterable[tuple[str, int, str]], names: SiteNames, top: int = 40
) -> Report:
    """The report over ``articles``: (shown path, body's first line, Markdown body)."""
    report = Report()
    runs_seen: dict[str, set[str]] = defaultdict(set)
    runs_count: Counter[str] = Counter()
    runs_text: dict[str, str] = {}
    runs_where: dict[str, str] = {}
    for path, first_line, body in articles:
        report.articles += 1
        for number, line in article_lines(body, first_line):
            found = scan(line, [names.matcher], None, names.exclusions, names.context)
            linked = sorted((m.start, m.end) for m in found.matches)
            for m in found.matches:
                folded = fold(m.text)
                if folded in names.one_word and names.one_word[folded] == m.key:
                    k = (m.key, folded)
                    report.one_word.setdefault(k, Counter())[_context(line, m.start, m.end)] += 1
                    report.one_word_where.setdefault(k, f"{path}:{number}")
            for p in found.partials:
                report.partials.append(
                    Finding(
                        path,
                        number,
                        p.text,
                        p.key,
                        f'contains "{p.name}" ({p.key}) and is not linked — add "{p.text}" '
                        f"to Aliases of {p.key} if it is the same, or to its Not: if not",
                    )
                )
            taken = linked + sorted((p.start, p.end) for p in found.partials)
            if names.exclusions is not None:  # a Not: phrase is no missed mention
                taken += [(m.start, m.end) for m in scan(line, [names.exclusions]).matches]
            report.missed += _missed(path, number, line, names, taken)
            for start, end in name_runs(line):
                if _overlaps(taken, start, end):
                    continue
                run = " ".join(line[start:end].split())
                key = fold(run)
                runs_seen[key].add(path)
                runs_count[key] += 1
                runs_text.setdefault(key, run)
                runs_where.setdefault(key, f"{path}:{number}")
    ranked = sorted(
        (k for k, paths in runs_seen.items() if len(paths) >= 2),
        key=lambda k: (-len(runs_seen[k]), -runs_count[k], k),
    )
    report.frequent = [
        (runs_text[k], len(runs_seen[k]), runs_count[k], runs_where[k]) for k in ranked[:top]
    ]
    return report


def _overlaps(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps a span (a line has a handful at most)."""
    return any(s < end and start < e for s, e in spans)


def _missed(
    path: str, number: int, line: str, names: SiteNames, taken: Sequence[tuple[int, int]]
) -> list[Finding]:
    """Loose matches that are whole words and that the linker did not link."""
    if not names.has_loose:
        return []
    key, where = loose_key(line)
    found = []
    for last, (length, name, slug) in names.loose.iter(key):
        start, end = where[last + 1 - length][0], where[last][1]
        # widen to whole words: the loose key dropped letters at the edges too
        while start > 0 and is_word_char(line[start - 1]):
            start -= 1
        while end < len(line) and is_word_char(line[end]):
            end += 1
        end = len(line[:end].rstrip())
        text = line[start:end]
        if not text or _overlaps(taken, start, end):
            continue
        if loose_key(text)[0] != loose_key(name)[0]:
            continue  # widening took in more than the name
        found.append(
            Finding(
                path,
                number,
                text,
                slug,
                f'looks like "{name}" ({slug}) — add "{text}" to its Aliases if it is the same',
            )
        )
    return found


# -- make check --------------------------------------------------------------


def check_warnings(
    articles: Iterable[tuple[str, int, str]],
    names: SiteNames,
    entry_lines: dict[str, tuple[str, int]],
) -> list[tuple[str, int, str, str, str]]:
    """``make check`` warnings: (path, line, field, what, what to do).

    * every partial match (a name inside a longer name, left unlinked);
    * every one-word name that the content uses inside longer name-like runs,
      listed with their counts, reported at the entry's line for that name
      (``entry_lines``: slug → (path, line)).

    Built from :func:`article_warnings` per article, which a build may keep
    per article, and :func:`longer_name_warnings` over them all.
    """
    warnings: list[tuple[str, int, str, str, str]] = []
    longer: list[tuple[str, str, str]] = []
    for path, first_line, body in articles:
        partials, runs = article_warnings(body, first_line, names)
        warnings += [(path, number, "body", what, fix) for number, what, fix in partials]
        longer += runs
    return warnings + longer_name_warnings(longer, entry_lines)


def article_warnings(
    body: str, first_line: int, names: SiteNames
) -> tuple[list[tuple[int, str, str]], list[tuple[str, str, str]]]:
    """One article's share: its partial matches as (line, what, what to do),
    and its one-word names used inside longer runs as (slug, name, run)."""
    partials: list[tuple[int, str, str]] = []
    longer: list[tuple[str, str, str]] = []
    for number, line in article_lines(body, first_line):
        found = scan(line, [names.matcher], None, names.exclusions, names.context)
        for p in found.partials:
            partials.append(
                (
                    number,
                    f'"{p.text}" contains the name "{p.name}" of {p.key} and is not linked',
                    f"add it to Aliases of {p.key} if it is the same, or to its Not: if not",
                )
            )
        for m in found.matches:
            folded = fold(m.text)
            if names.one_word.get(folded) != m.key:
                continue
            run = _longer_name(line, m.start, m.end)
            if run:
                longer.append((m.key, folded, run))
    return partials, longer


def longer_name_warnings(
    longer: Iterable[tuple[str, str, str]], entry_lines: dict[str, tuple[str, int]]
) -> list[tuple[str, int, str, str, str]]:
    """One warning per one-word name used inside longer runs, at its entry's
    line, the runs most frequent first (a tie: the run met first)."""
    counts: dict[tuple[str, str], Counter[str]] = {}
    for slug, word, run in longer:
        counts.setdefault((slug, word), Counter())[run] += 1
    warnings = []
    for (slug, word), runs in sorted(counts.items()):
        path, line = entry_lines.get(slug, ("?", 1))
        listed = "، ".join(f"{r} ({n})" for r, n in runs.most_common(8))
        warnings.append(
            (
                path,
                line,
                "aliases",
                f'the one-word name "{word}" links inside longer names: {listed}',
                "add those that are someone else to Not:, and those that are this entry to Aliases",
            )
        )
    return warnings


def _longer_name(line: str, start: int, end: int) -> str:
    """The word before and after a match when they are not function words, with it."""
    words = _words(line)
    before = [w for w in words if w[1] <= start]
    after = [w for w in words if w[0] >= end]
    pre = before[-1] if before and line[before[-1][1] : start].strip() == "" else None
    post = after[0] if after and line[end : after[0][0]].strip() == "" else None
    left = start if pre is None or pre[2] in _NOT_NAMES else pre[0]
    right = end if post is None or post[2] in _NOT_NAMES else post[1]
    if (left, right) == (start, end):
        return ""
    return " ".join(line[left:right].split())


# -- the command line --------------------------------------------------------


def site_articles(settings: dict[str, Any]) -> list[tuple[str, int, str]]:
    """(shown path, first body line, Markdown body) of every article source.

    The front matter ends at the first blank line, as for Pelican's Markdown
    reader; files that are not UTF-8 are skipped (``make check`` reports them).
    """
    content = Path(settings["PATH"])
    glossary = content / settings.get("GLOSSARY_PATH", "glossary")
    pages = [content / p for p in settings.get("PAGE_PATHS", ["pages"])]
    found = []
    for path in sorted(content.rglob("*.md")):
        if path.is_relative_to(glossary) or any(path.is_relative_to(p) for p in pages):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        text = text.lstrip("\ufeff").replace("\r\n", "\n")
        head, sep, body = text.partition("\n\n")
        found.append((_shown(path), head.count("\n") + 3 if sep else 1, body))
    return found


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_report(report: Report, top: int = 40) -> str:
    out = [f"glossary report: {report.articles} articles; nothing is linked from this report", ""]
    out.append(
        f"1. likely missed mentions ({len(report.missed)}): add the text to the entry's Aliases"
    )
    for f in report.missed[: top * 5]:
        out.append(f"{f.path}:{f.line}: {f.text}: {f.suggestion}")
    out.append("")
    out.append(f"2. frequent unlinked names ({len(report.frequent)}), by number of articles")
    for text, n_articles, n, where in report.frequent:
        out.append(f"{n_articles:4d} articles {n:5d}×  {text}  (first: {where})")
    out.append("")
    out.append(f"3. one-word names ({len(report.one_word)}) and where they link")
    for (slug, word), contexts in sorted(report.one_word.items()):
        total = sum(contexts.values())
        links = "link" if total == 1 else "links"
        first = report.one_word_where[(slug, word)]
        out.append(f"{word} → {slug}: {total} {links} (first: {first})")
        for context, n in contexts.most_common(8):
            out.append(f"    {n:5d}×  {context}")
    out.append("")
    out.append(f"4. names inside longer names, not linked ({len(report.partials)})")
    for f in report.partials[: top * 5]:
        out.append(f"{f.path}:{f.line}: {f.text}: {f.suggestion}")
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m khabarnama.glossary.report",
        description="List likely missed glossary mentions, frequent unlinked names and "
        "one-word aliases; links nothing.",
    )
    parser.add_argument("--settings", "-s", type=Path, default=Path("pelicanconf.py"))
    parser.add_argument("--content", type=Path, help="content folder (default: PATH setting)")
    parser.add_argument("--top", type=int, default=40, help="rows per list (default 40)")
    args = parser.parse_args(argv)
    if not args.settings.is_file():
        print(f"{args.settings}: settings file not found", file=sys.stderr)
        return 2
    if args.content is not None and not args.content.is_dir():
        print(f"{args.content}: content folder not found", file=sys.stderr)
        return 2
    from pelican.settings import read_settings

    from .entries import fill_defaults, load_entries, validate_entries

    started = time.perf_counter()
    override = {"PATH": str(args.content.resolve())} if args.content is not None else None
    settings = read_settings(str(args.settings), override=override)
    fill_defaults(settings)
    entries, problems = load_entries(settings)
    problems += validate_entries(entries, settings["GLOSSARY_KINDS"])
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print("glossary report: fix these first (make check)", file=sys.stderr)
        return 1
    report = build_report(site_articles(settings), SiteNames.from_entries(entries), args.top)
    print(format_report(report, args.top))
    print(f"({time.perf_counter() - started:.2f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
