"""The scale benchmark's corpus: deterministic, warning-free, and linked.

The build runs the way ``bench/scale/bench.py`` runs it (same command, same
plugin list: PLUGINS from pelicanconf.py plus the issue-8 plugins), so a
corpus or harness change that would break ``make bench`` fails here first.

tests/ never read the shared corpus beside the clone (it is not in the repository): every test here
points the corpus folder at an empty one, so the realistic corpus takes its
real sentences from the site's first article, or from a small sentence file
written in the test's temp folder, and goes on with generated text.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from bench.growth import bench as growth
from bench.scale import bench, corpus
from khabarnama.glossary.normalize import fold

ROOT = Path(__file__).resolve().parents[2]


N = 20


@pytest.fixture(scope="module", autouse=True)
def no_shared(tmp_path_factory: pytest.TempPathFactory):
    empty = tmp_path_factory.mktemp("no-shared")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(corpus, "CORPUS_DIR", empty)
        patch.setattr(corpus, "ILNER_SENTENCES", empty / "il-ner-urdu" / "sentences.txt")
        yield


@pytest.fixture(scope="module")
def sentence_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small file in the IL-NER format (one sentence a line): the first
    article's sentences, plus lines the generator must clean or drop."""
    lines = corpus.first_article_sentences()
    extra = [
        "یہ ايک كتاب ہے جو اس نے لکھی۔",  # Arabic ي and ك: written as Urdu ی and ک
        lines[0],  # a repeated line: dropped
        "The minister said so.",  # no Urdu letters: dropped
        "The Prime Minister said so in کراچی۔",  # mostly Latin letters: dropped
        "پاکستان اور روس",  # ends in a word (a heading): gets a full stop
        "",
    ]
    path = tmp_path_factory.mktemp("sentences") / "sentences.txt"
    path.write_text("\n".join(lines + extra) + "\n", encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def bodies(made: corpus.Corpus) -> list[str]:
    return [p.read_text(encoding="utf-8").split("\n\n", 1)[1] for p in made.articles]


@pytest.mark.parametrize("mode", corpus.MODES)
def test_same_seed_same_bytes(tmp_path: Path, sentence_file: Path, mode: str) -> None:
    first = corpus.generate(tmp_path / "a", N, seed=3, mode=mode, source=sentence_file)
    second = corpus.generate(tmp_path / "b", N, seed=3, mode=mode, source=sentence_file)
    assert snapshot(first.content) == snapshot(second.content)
    other = corpus.generate(tmp_path / "c", N, seed=4, mode=mode, source=sentence_file)
    assert snapshot(other.content) != snapshot(first.content)


@pytest.mark.parametrize("mode", corpus.MODES)
def test_sizes_and_front_matter(tmp_path: Path, mode: str) -> None:
    made = corpus.generate(tmp_path / "content", 50, mode=mode)
    assert made.mode == mode
    assert len(made.articles) == 50
    assert len(made.entries) == 10  # M = N / 5
    tags = set(corpus.tag_names())
    slugs, years = set(), set()
    for path in made.articles:
        head = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
        fields = dict(line.split(": ", 1) for line in head.splitlines())
        assert {"Title", "Slug", "Date", "Summary", "Tags"} <= fields.keys()
        assert set(fields["Tags"].split(", ")) <= tags
        assert corpus.ARABIC_LETTER.search(fields["Title"])
        slugs.add(fields["Slug"])
        years.add(fields["Date"][:4])
    assert len(slugs) == 50
    assert len(years) >= 10
    notice = made.content / "NOTICE.txt"
    if mode == "realistic":  # the sentences' attribution travels with them
        assert "CC BY 4.0" in notice.read_text(encoding="utf-8")
    else:
        assert not notice.exists()


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


def test_real_sentences_cleaned_and_used_once(tmp_path: Path, sentence_file: Path) -> None:
    real = corpus.real_sentences(sentence_file)
    first = corpus.first_article_sentences()
    assert real[: len(first)] == first
    assert real[len(first) :] == ["یہ ایک کتاب ہے جو اس نے لکھی۔", "پاکستان اور روس۔"]
    # Without the file: the site's first article.
    assert corpus.real_sentences(tmp_path / "missing.txt") == first == corpus.real_sentences()

    made = corpus.generate(
        tmp_path / "content", 3 * len(real), mode="realistic", source=sentence_file
    )
    text = "\n".join(bodies(made))
    assert [s for s in real if text.count(s) != 1] == []
    assert made.sentences == [s.removesuffix("۔") for s in real]


@pytest.mark.parametrize("count", [100, 101, 109, 110])
def test_every_article_of_real_sentences_has_room_for_its_mentions(count: int) -> None:
    """Real sentences are cut into runs of PER_ARTICLE; the rest at the end
    joins the run before it, so no article is a sentence or two long (its
    mentions are spread over slots between its sentences)."""
    import random

    sentences = [f"جملہ {i}" for i in range(count)]
    text = corpus.RealisticText(sentences, random.Random(8))
    runs = list(text.runs)
    assert sorted(s for r in runs for s in r) == sorted(sentences)
    assert min(len(r) for r in runs) >= corpus.PER_ARTICLE[0]


def test_name_check() -> None:
    """What the generator asks the glossary before it writes a sentence."""
    known = corpus.real_entries()
    check = corpus.NameCheck(known, [])
    assert check.nameless("آج موسم اچھا ہے۔")
    assert not check.nameless("کل پوٹن نے کہا۔")
    assert check.real_ok("کل پوٹن نے کہا۔")  # a real sentence may name a real entry
    assert check.mentions_only("پوٹن نے کہا۔", "vladimir-putin")
    # make check warnings: a one-word name inside a longer run, a name after a title
    assert not check.mentions_only("بعد ازاں پوٹن سے ملاقات ہوئی۔", "vladimir-putin")
    assert not check.real_ok("میاں محمد عمران خان نے کہا۔")
    assert corpus.mostly_foreign("The minister said یہ۔")
    assert not corpus.mostly_foreign("وزیر Lavrov نے کہا۔")


def test_vocabulary_keeps_growing() -> None:
    """The issue-13 property: distinct words and pieces keep growing with the
    realistic corpus (past its few real sentences here) and not the recombined one."""
    sizes = (100, 400)
    for mode, low, high in (("realistic", 1.6, 4.0), ("recombined", 1.0, 1.05)):
        small, large = growth.curve(growth.generated(max(sizes), 8, mode), sizes)
        assert (small.articles, large.articles) == sizes
        assert low <= large.words / small.words <= high, mode
        assert low <= large.pieces / small.pieces <= high, mode


def test_growth_bench_writes_its_table(tmp_path: Path) -> None:
    assert growth.main(["--sizes", "5", "10", "--out", str(tmp_path / "growth")]) == 0
    table = (tmp_path / "growth.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("| ") and "---" not in line]
    real_articles = -(-len(corpus.real_sentences()) // growth.REAL_PER_ARTICLE)
    assert real_articles < 5  # the first article's sentences: the real-only column ends early
    expected = [f"| {n}" for n in sorted({real_articles, 5, 10})]
    assert [r.split(" | ")[0] for r in rows[1:]] == expected
    assert (tmp_path / "growth.png").stat().st_size > 0


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
    made, output, log = built
    assert made.mode == "realistic"  # real sentences, then generated text (N > their runs)
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
    # The site's real entries are linked too (they are copied in and mentioned).
    assert linked.keys() - generated
