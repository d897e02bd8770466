"""The scale benchmark's corpus: deterministic, warning-free, and linked.

The build runs the way ``bench/scale/bench.py`` runs it (same command, same
plugin list: PLUGINS from pelicanconf.py plus the issue-8 plugins), so a
corpus or harness change that would break ``make bench`` fails here first.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from bench.scale import bench, corpus
from khabarnama.glossary.normalize import fold

ROOT = Path(__file__).resolve().parents[2]


N = 20


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = corpus.generate(tmp_path / "a", N, seed=3)
    second = corpus.generate(tmp_path / "b", N, seed=3)
    assert snapshot(first.content) == snapshot(second.content)
    other = corpus.generate(tmp_path / "c", N, seed=4)
    assert snapshot(other.content) != snapshot(first.content)


def test_sizes_and_front_matter(tmp_path: Path) -> None:
    made = corpus.generate(tmp_path / "content", 50)
    assert len(made.articles) == 50
    assert len(made.entries) == 10  # M = N / 5
    tags = set(corpus.tag_names())
    slugs, years = set(), set()
    for path in made.articles:
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        assert {"Title", "Slug", "Date", "Summary", "Tags"} <= fields.keys()
        assert set(fields["Tags"].split(", ")) <= tags
        slugs.add(fields["Slug"])
        years.add(fields["Date"][:4])
    assert len(slugs) == 50
    assert len(years) >= 10


def test_names_unique_after_folding(tmp_path: Path) -> None:
    made = corpus.generate(tmp_path / "content", 500)
    keys: Counter[str] = Counter()
    for path in sorted((made.content / "glossary").rglob("*.md")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith(("Urdu: ", "Aliases: ")):
                names = line.split(": ", 1)[1].replace("،", ",").split(",")
                keys.update(fold(n) for n in names if n.strip())
    assert len(made.entries) == 100
    assert [k for k, count in keys.items() if count > 1] == []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[corpus.Corpus, Path, str]:
    work = tmp_path_factory.mktemp("scale")
    made = corpus.generate(work / "content", N)
    plugins = bench.variant_plugins(conf_only=False)["full"]
    fallback = (
        bench.fallback_templates(work / "templates") if "khabarnama.glossary" in plugins else []
    )
    command = bench.pelican_command(
        made.content,
        work / "output",
        work / "cache",
        plugins,
        work / "templates" if fallback else None,
    )
    log = work / "build.log"
    try:
        bench.run_pelican(command, log, work / "timing.json")
    except bench.BuildFailed as exc:
        pytest.fail(str(exc))
    return made, work / "output", log.read_text(encoding="utf-8")


def test_builds_with_every_plugin_and_no_warning(built) -> None:
    _made, output, log = built
    assert "WARNING" not in log and "ERROR" not in log
    assert len(list(output.glob("*/khabar-*/index.html"))) == N


def test_mentions_are_linked(built) -> None:
    made, output, _ = built
    generated = {p.stem for p in made.entries}
    linked = Counter()
    for page in sorted(output.glob("*/khabar-*/index.html")):
        tree = LexborHTMLParser(page.read_text(encoding="utf-8"))
        for a in tree.css("a.glossary-link"):
            linked[a.attributes.get("data-entry")] += 1
    # GLOSSARY_LINK = "first": one link per entry an article mentions.
    assert sum(v for k, v in linked.items() if k in generated) == made.linked
    assert generated <= linked.keys()
    # The real sentences' real names are linked too (the site's entries are copied in).
    assert linked.keys() - generated
