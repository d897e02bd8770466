"""The build's cache of check results: a warm check reports exactly what a cold one does.

Every test changes one input of a cached result (an article's bytes, an
entry, a setting, the cache file itself) and compares the cached check with
an uncached one on the same content, so a stale result fails the test.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest
from pelican.settings import read_settings

from khabarnama.cache import write_framed
from khabarnama.content_checks import check_site, checker, glossary_adapter
from khabarnama.content_checks.frontmatter import parse_source
from khabarnama.glossary import entries as glossary_entries
from khabarnama.glossary import report as glossary_report
from tests.support import ROOT

from .test_rules import FIXTURE

LAROV = "glossary/people/good-person.md"


def _settings(content: Path, cache: Path | None) -> dict[str, Any]:
    override: dict[str, Any] = {"PATH": str(content)}
    if cache is not None:
        override |= {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    return read_settings(str(ROOT / "pelicanconf.py"), override=override)


def _lines(found: Any) -> list[str]:
    return [str(p) for p in found.problems]


class Site:
    """A copy of the bad-content fixture, checked with and without a cache."""

    def __init__(self, tmp_path: Path) -> None:
        self.root = tmp_path
        self.content = tmp_path / "content"
        self.cache = tmp_path / "cache"
        shutil.copytree(FIXTURE, self.content)
        self.extra: dict[str, Any] = {}

    def write(self, name: str, text: str) -> None:
        path = self.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def cached(self) -> list[str]:
        return _lines(
            check_site({**_settings(self.content, self.cache), **self.extra}, self.root, None, True)
        )

    def check(self) -> list[str]:
        """The cached report, asserted equal to the uncached one."""
        warm = self.cached()
        cold = _lines(check_site({**_settings(self.content, None), **self.extra}, self.root))
        assert warm == cold
        return warm


@pytest.fixture
def site(tmp_path: Path) -> Site:
    found = Site(tmp_path)
    found.check()  # fills the cache
    return found


def _article(slug: str, body: str) -> str:
    return f"Title: ایک خبر\nSlug: {slug}\nDate: 2021-04-09\nSummary: ایک خلاصہ۔\n\n{body}\n"


def test_a_warm_check_reads_nothing_again(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing changed, no file is checked and no entry read: all comes from the cache."""
    before = site.check()
    assert (site.cache / "content_checks" / "checks.pickle").is_file()

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("checked again although nothing changed")

    monkeypatch.setattr(checker._Checker, "check_document", never)
    monkeypatch.setattr(glossary_adapter, "load_glossary", never)
    monkeypatch.setattr(glossary_adapter, "check_article", never)
    assert site.cached() == before
    assert any("glossary-name" not in line for line in before) and len(before) > 30


def test_a_changed_article_is_checked_again(site: Site) -> None:
    good = site.content / "articles" / "good.md"
    text = good.read_text(encoding="utf-8")

    def own() -> list[str]:
        return [line for line in site.check() if line.startswith("content/articles/good.md")]

    assert own() == []
    good.write_text(text + "\n<script>x()</script>\n", encoding="utf-8")
    assert len(own()) == 1 and "<script>" in own()[0]
    good.write_text(text, encoding="utf-8")
    assert own() == []


def test_editing_an_entry_rechecks_the_articles_that_mention_it(site: Site) -> None:
    """The partial match in glossary-name.md goes once the entry lists the longer name."""
    partial = [line for line in site.check() if "articles/glossary-name.md:8" in line]
    assert partial and "محمد سرگئی لاروف" in partial[0]
    entry = site.content / LAROV
    text = entry.read_text(encoding="utf-8")
    entry.write_text(text.replace("Aliases: لاروف", "Aliases: لاروف، محمد سرگئی لاروف"), "utf-8")
    assert not [line for line in site.check() if "articles/glossary-name.md:8" in line]
    entry.write_text(text, encoding="utf-8")
    assert [line for line in site.check() if "articles/glossary-name.md:8" in line] == partial


def test_a_new_entry_file_is_read(site: Site) -> None:
    site.write(
        "articles/bind.md",
        _article("bind", "متن۔").replace("\n\n", "\nGlossary_bind: متن = new-person\n\n", 1),
    )
    assert any("new-person" in line for line in site.check())
    site.write(
        "glossary/people/new-person.md",
        "Title: New Person\nUrdu: نیا شخص\nSummary: An entry.\nWikidata: Q1\n\nAn entry.\n",
    )
    assert not [line for line in site.check() if "new-person" in line]


def test_one_word_runs_are_counted_over_cached_and_new_articles(site: Site) -> None:
    """The one-word warning counts every article's runs, whichever were cached."""
    site.write("articles/run-a.md", _article("run-a", "کل ازاں لاروف نے کہا۔"))
    first = [line for line in site.check() if "ازاں لاروف" in line]
    assert len(first) == 1 and "ازاں لاروف (1)" in first[0]
    site.write("articles/run-b.md", _article("run-b", "پھر ازاں لاروف نے کہا۔"))
    site.write("articles/run-c.md", _article("run-c", "کل بیگ لاروف نے کہا۔"))
    second = [line for line in site.check() if "ازاں لاروف" in line]
    assert len(second) == 1 and "ازاں لاروف (2)، بیگ لاروف (1)" in second[0]
    (site.content / "articles" / "run-a.md").unlink()
    third = [line for line in site.check() if "ازاں لاروف" in line]
    assert len(third) == 1 and "ازاں لاروف (1)، بیگ لاروف (1)" in third[0]


def test_changed_settings_are_not_answered_from_the_cache(site: Site) -> None:
    unknown = [line for line in site.check() if "tag-unknown.md" in line]
    assert unknown
    site.extra["TAG_SLUGS"] = {**_settings(site.content, None)["TAG_SLUGS"], "نامعلوم": "x"}
    tag = (site.content / "articles" / "tag-unknown.md").read_text(encoding="utf-8")
    assert "نامعلوم" in tag
    assert not [line for line in site.check() if "tag-unknown.md" in line]


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b""),
        lambda path: path.write_bytes(path.read_bytes()[:100]),
        lambda path: path.write_bytes(b"0" * 64 + b"\n" + path.read_bytes()[65:]),
        # checksummed, but not ours
        lambda path: write_framed(path, pickle.dumps(("another fingerprint", {"k": 1}))),
        lambda path: write_framed(path, pickle.dumps([1, 2, 3])),
        lambda path: write_framed(path, b"not a pickle"),
    ],
)
def test_a_damaged_cache_gives_the_same_report(site: Site, damage: Any) -> None:
    before = site.check()
    damage(site.cache / "content_checks" / "checks.pickle")
    assert site.check() == before
    assert site.check() == before  # and the rewritten cache serves again


def test_a_cache_entry_of_the_wrong_shape_is_not_used(site: Site) -> None:
    """Values are checked before use: a wrong one is a miss, never a traceback."""
    before = site.check()
    path = site.cache / "content_checks" / "checks.pickle"
    from khabarnama.cache import read_framed

    body, state = read_framed(path)
    assert body is not None, state
    fingerprint, entries = pickle.loads(body)
    write_framed(path, pickle.dumps((fingerprint, dict.fromkeys(entries, ("wrong",)))))
    assert site.check() == before


def _articles(content: Path) -> list[tuple[Path, Any]]:
    found = []
    for path in sorted((content / "articles").glob("*.md")):
        try:
            found.append((path, parse_source(path, path.read_text(encoding="utf-8"))))
        except UnicodeDecodeError:  # encoding-utf8.md: not an article the glossary sees
            continue
    return found


@pytest.mark.parametrize("where", ["fixture", "real", "runs"])
def test_glossary_names_match_the_glossary_report(where: str, tmp_path: Path) -> None:
    """``check_article`` + ``assemble`` (cached per article) = ``report.check_warnings``."""
    content = {"fixture": FIXTURE, "real": ROOT / "content"}.get(where, tmp_path / "content")
    if where == "runs":
        shutil.copytree(FIXTURE, content)
        for i, body in enumerate(
            ["کل بیگ لاروف نے", "پھر ازاں لاروف نے", "کل ازاں لاروف نے", "اب بیگ لاروف نے"]
        ):
            (content / "articles" / f"run-{i}.md").write_text(
                _article(f"run-{i}", body), encoding="utf-8"
            )
    settings = _settings(content, None)
    shown = checker._Checker(settings, ROOT).shown
    articles = [a for a in _articles(content) if a[1].body]
    state = glossary_adapter.load_glossary(settings, shown)
    names = glossary_adapter.site_names(state)
    ours = glossary_adapter.assemble(
        state, [glossary_adapter.check_article(state, names, p, s, shown) for p, s in articles]
    )
    gsettings = dict(settings)
    glossary_entries.fill_defaults(gsettings)
    entries, _ = glossary_entries.load_entries(gsettings)
    theirs = glossary_report.check_warnings(
        [(shown(p), s.body_line, s.body) for p, s in articles],
        glossary_report.SiteNames.from_entries(entries),
        state.entry_lines,
    )
    warnings = [
        (p.path, p.line, p.field, p.message, p.fix)
        for p in ours.problems
        if p.rule == "glossary-name"
    ]
    assert warnings == theirs
    if where == "runs":  # a tie, broken by which run came first (not alphabetically)
        assert any("بیگ لاروف (2)، ازاں لاروف (2)" in what for _, _, _, what, _ in theirs)


def test_forked_checking_fills_the_cache_as_one_process_does(
    site: Site, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Workers check files and their articles' glossary findings; the cache serves them."""
    serial = site.check()
    shutil.rmtree(site.cache)
    monkeypatch.setattr(checker, "PARALLEL_MIN_DOCUMENTS", 2)
    monkeypatch.setattr(checker, "_workers", lambda: 2)
    assert site.cached() == serial  # cold, forked
    assert site.cached() == serial  # warm
