"""Each bad-input rule, with the exact line a contributor sees."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from pelican.settings import read_settings

from khabarnama.glossary.entries import (
    article_rules,
    check_settings,
    fill_defaults,
    load_entries,
    split_items,
    split_names,
    validate_entries,
)

GOOD = {
    "people/sergey-lavrov.md": (
        "Title: Sergey Lavrov\nUrdu: سرگئی لاروف\nAliases: لاروف\n"
        "Summary: Russian diplomat.\n\nBody.\n"
    ),
}


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Write glossary files and return a function giving every problem as text."""
    monkeypatch.chdir(tmp_path)

    def problems(files: dict[str, str], **overrides) -> list[str]:
        for rel, text in {**GOOD, **files}.items():
            path = tmp_path / "content" / "glossary" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        settings = read_settings(override={"PATH": str(tmp_path / "content"), **overrides})
        fill_defaults(settings)
        entries, found = load_entries(settings)
        found += validate_entries(entries, settings["GLOSSARY_KINDS"])
        return [str(p) for p in found]

    return problems


def entry(urdu: str = "عمران خان", extra: str = "", title: str = "Imran Khan") -> str:
    urdu_line = f"Urdu: {urdu}\n" if urdu else ""
    return f"Title: {title}\n{urdu_line}{extra}Summary: A politician.\n\nBody.\n"


def test_good_site_has_no_problems(site) -> None:
    assert site({"people/imran-khan.md": entry()}) == []


def test_alias_claimed_by_two_entries(site) -> None:
    # Same alias after normalisation: Arabic kaf/yeh, a zabar and a ZWNJ.
    text = entry("لاروف\u200cو", "Aliases: عمران, سرگئي لاروَف\n")
    # Files are read in sorted order; the later one is reported, naming the first.
    assert site({"people/other.md": text}) == [
        'content/glossary/people/sergey-lavrov.md:2: urdu: "سرگئی لاروف" is also claimed by '
        "content/glossary/people/other.md:3 — keep the name on one entry, "
        "or bind it per article with glossary_bind"
    ]


def test_alias_normalising_to_nothing(site) -> None:
    assert site({"people/imran-khan.md": entry(extra="Aliases: ـــ\u064e\n")}) == [
        'content/glossary/people/imran-khan.md:3: aliases: "ـــ\u064e" normalises to nothing '
        "— remove it or write the name in Urdu letters"
    ]


def test_alias_normalising_to_one_letter(site) -> None:
    assert site({"people/imran-khan.md": entry(extra="Aliases: عمران خان، كَ\n")}) == [
        'content/glossary/people/imran-khan.md:3: aliases: "كَ" normalises to a single letter '
        '("ک") — remove it: a one-letter name would link all over the text'
    ]


def test_entry_without_urdu(site) -> None:
    assert site({"people/imran-khan.md": entry(urdu="")}) == [
        'content/glossary/people/imran-khan.md:1: urdu: missing — add "Urdu: <canonical Urdu '
        'spelling>" to the front matter'
    ]


def test_unknown_kind(site) -> None:
    assert site({"places/lahore.md": entry("لاہور", title="Lahore")}) == [
        'content/glossary/places/lahore.md:1: kind: folder "places" is not a glossary kind '
        "— move the file into one of: people, projects, or add the kind to GLOSSARY_KINDS"
    ]


def test_kinds_are_data(site) -> None:
    kinds = {
        "people": {"en": "People", "ur": "شخصیات", "schema": "Person"},
        "places": {"en": "Places", "ur": "مقامات", "schema": "Place"},
    }
    assert site({"places/lahore.md": entry("لاہور", title="Lahore")}, GLOSSARY_KINDS=kinds) == []


def test_malformed_wikidata(site) -> None:
    assert site({"people/imran-khan.md": entry(extra="Wikidata: Q19365O\n")}) == [
        'content/glossary/people/imran-khan.md:3: wikidata: "Q19365O" is not a Wikidata id '
        "— use the item id, e.g. Q7747, or remove the field"
    ]


def test_duplicate_slugs(site) -> None:
    assert site(
        {
            "people/imran-khan.md": entry(),
            "projects/imran-khan.md": entry("عمران خان ہسپتال", title="Hospital"),
        }
    ) == [
        'content/glossary/projects/imran-khan.md:1: slug: "imran-khan" is also used by '
        "content/glossary/people/imran-khan.md — rename one file (the slug is the file name) "
        'or set a distinct "Slug:"'
    ]


def test_missing_title_and_summary_are_reported_together(site) -> None:
    assert site({"people/imran-khan.md": "Urdu: عمران خان\n\nBody.\n"}) == [
        'content/glossary/people/imran-khan.md:1: title: missing — add "Title: <English name>" '
        "to the front matter",
        'content/glossary/people/imran-khan.md:1: summary: missing — add "Summary: <one English '
        'sentence>" to the front matter',
    ]


def test_every_problem_is_collected(site) -> None:
    found = site(
        {
            "people/a.md": entry("لاروف", "Wikidata: 7747\n", title="A"),
            "places/b.md": entry("", title="B"),
        }
    )
    assert [tuple(line.split(": ")[:2]) for line in found] == [
        ("content/glossary/people/a.md:3", "wikidata"),
        ("content/glossary/people/sergey-lavrov.md:3", "aliases"),
        ("content/glossary/places/b.md:1", "kind"),
        ("content/glossary/places/b.md:1", "urdu"),
    ]


# -- article front matter --------------------------------------------------

SLUGS = {"sergey-lavrov": object(), "imran-khan": object()}


def article(tmp_path: Path, front: str) -> SimpleNamespace:
    path = tmp_path / "article.md"
    path.write_text(front + "\n\nمتن\n", encoding="utf-8")
    metadata = {}
    for line in front.splitlines():
        key, _, value = line.partition(":")
        metadata.setdefault(key.lower(), []).append(value.strip())
    metadata = {k: v[0] if len(v) == 1 else v for k, v in metadata.items()}
    return SimpleNamespace(metadata=metadata, source_path=str(path))


def test_bind_to_missing_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    a = article(tmp_path, "Title: t\nglossary_bind: روسی وزیر خارجہ = sergei-lavrov")
    rules, problems = article_rules(a, SLUGS)
    assert [str(p) for p in problems] == [
        'article.md:2: glossary_bind: no glossary entry "sergei-lavrov" for "روسی وزیر خارجہ" '
        "— use the file name of an entry under content/glossary/, or remove the binding"
    ]
    assert rules.binds == []


def test_bind_without_equals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    a = article(tmp_path, "Title: t\nglossary_bind: وزیراعظم imran-khan")
    assert [str(p) for p in article_rules(a, SLUGS)[1]] == [
        'article.md:2: glossary_bind: "وزیراعظم imran-khan" is not "<Urdu phrase> = '
        '<entry-slug>" — separate phrase and slug with "=", and bindings with ";"'
    ]


def test_binds_and_ignores_parse(tmp_path: Path) -> None:
    a = article(
        tmp_path,
        "Title: t\nglossary_bind: روسی وزیر خارجہ = sergey-lavrov؛ وزیراعظم = imran-khan\n"
        "glossary_bind: وزیر اعظم = imran-khan\nglossary_ignore: روس; شاہ محمود",
    )
    rules, problems = article_rules(a, SLUGS)
    assert problems == []
    assert rules.binds == [
        ("روسی وزیر خارجہ", "sergey-lavrov"),
        ("وزیراعظم", "imran-khan"),
        ("وزیر اعظم", "imran-khan"),
    ]
    assert rules.ignores == ["روس", "شاہ محمود"]


def test_one_phrase_bound_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    bind = "وزیراعظم = imran-khan; وزیراعظم = sergey-lavrov"
    a = article(tmp_path, f"Title: t\nglossary_bind: {bind}")
    assert [str(p) for p in article_rules(a, SLUGS)[1]] == [
        'article.md:2: glossary_bind: "وزیراعظم" is bound to both imran-khan and sergey-lavrov '
        "— keep one binding"
    ]


def test_ignore_of_one_letter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    a = article(tmp_path, "Title: t\nglossary_ignore: و")
    assert [str(p) for p in article_rules(a, SLUGS)[1]] == [
        'article.md:2: glossary_ignore: "و" normalises to a single letter ("و") '
        "— remove it: a one-letter name would link all over the text"
    ]


# -- settings and splitting --------------------------------------------------


def test_settings_are_checked_by_name() -> None:
    settings = read_settings(override={"GLOSSARY_LINK": "every", "GLOSSARY_LNK": "all"})
    fill_defaults(settings)
    assert [str(p) for p in check_settings(settings)] == [
        "settings:1: GLOSSARY_LNK: unknown glossary setting — remove it or use one of: "
        "GLOSSARY_ENTRY_SAVE_AS, GLOSSARY_ENTRY_URL, GLOSSARY_INDEX_SAVE_AS, "
        "GLOSSARY_INDEX_URL, GLOSSARY_KINDS, GLOSSARY_LANG, GLOSSARY_LINK, GLOSSARY_PATH",
        'settings:1: GLOSSARY_LINK: \'every\' is not valid — use "first" or "all"',
    ]


def test_fill_defaults_is_idempotent_and_excludes_the_glossary() -> None:
    settings = read_settings(override={"ARTICLE_EXCLUDES": ["drafts"]})
    fill_defaults(settings)
    fill_defaults(settings)
    assert settings["ARTICLE_EXCLUDES"].count("glossary") == 1
    assert "drafts" in settings["ARTICLE_EXCLUDES"]
    assert settings["GLOSSARY_LINK"] == "first"


def test_alias_separators() -> None:
    assert split_names("الف، بے, جیم") == ["الف", "بے", "جیم"]
    assert split_names(["الف, بے", "جیم"]) == ["الف", "بے", "جیم"]
    assert split_items("a = b; c = d؛ e = f\ng = h") == ["a = b", "c = d", "e = f", "g = h"]
