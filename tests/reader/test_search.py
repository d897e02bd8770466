"""Search on the built fixture site: the index, the pages, and the box in Chromium."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import random
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from fontTools.ttLib import TTFont

from khabarnama.glossary.normalize import fold
from khabarnama.localize.catalogue import CATALOGUE
from khabarnama.search.bundle import cached_bundle
from khabarnama.search.foldtable import fold_table
from khabarnama.search.records import Record
from tests.browser import axe_violations
from tests.reader.conftest import ReaderSite
from tests.support import ARTICLE_PAGE, parse

ARTICLE = "2021/lavrov-pakistan-visit-2021/"
LAVROV = "glossary/people/sergey-lavrov/"
PUTIN = "glossary/people/vladimir-putin/"


# -- the built files -----------------------------------------------------------


def test_index_is_written_without_pagefind_ui(reader_site: ReaderSite) -> None:
    bundle = reader_site.output / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["ur"]
    assert entry["languages"]["ur"]["page_count"] == 6 + 11  # articles + glossary entries
    assert (bundle / "pagefind.js").exists()
    assert not list(bundle.glob("pagefind-*ui*"))


def fragments(bundle: Path) -> dict[str, dict]:
    """Pagefind's stored pages of a bundle, by URL."""
    found = {}
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        found[data["url"]] = data
    return found


def test_index_shows_original_and_indexes_folded(reader_site: ReaderSite) -> None:
    stored = fragments(reader_site.output / "pagefind")
    article = stored["/" + ARTICLE]
    assert article["meta"]["path"] == ARTICLE and article["meta"]["kind"] == "article"
    assert article["meta"]["title"] == parse(reader_site.output / ARTICLE_PAGE).css_first(
        "h1"
    ).text(strip=True)
    assert article["content"] == fold(article["content"])  # the folded text, as indexed
    assert stored["/" + LAVROV]["meta"]["title"] == "Sergey Lavrov"


def test_unchanged_records_reuse_the_cached_bundle(tmp_path: Path) -> None:
    meta = {"title": "لاروف، ماسکو: <b>", "kind": "article", "lang": "ur", "path": "2021/a/"}
    records = [
        Record("2021/a/", "article", "ur", "سرگئی لاروف كا دورہ", meta),
        Record("glossary/b/", "entry", "en", "Sergey Lavrov", {**meta, "path": "glossary/b/"}),
    ]
    first, cached = cached_bundle(records, tmp_path, "ur")
    assert not cached
    assert cached_bundle(records, tmp_path, "ur") == (first, True)
    changed = [records[0], Record("glossary/b/", "entry", "en", "Lavrov", records[1].meta)]
    second, cached = cached_bundle(changed, tmp_path, "ur")
    assert not cached and second != first
    # Pagefind stores what it stored for the same custom records (folded
    # text, the metadata as given, commas, colons and markup included).
    assert fragments(second) == custom_record_fragments(changed, tmp_path / "custom")


def test_indexing_runs_beside_the_build_and_its_failure_fails_the_build(
    tmp_path: Path,
) -> None:
    """Pagefind indexes in a child process; ``finalized`` waits, and an error there is
    the build's error (not a site with a silently missing index)."""
    from khabarnama.search.search import IndexJob, SearchError

    meta = {"title": "لاروف", "kind": "article", "lang": "ur", "path": "2021/a/"}
    good = [Record("2021/a/", "article", "ur", "سرگئی لاروف", meta)]
    job = IndexJob({"": good}, tmp_path / "cache", tmp_path / "out" / "pagefind", "ur", ())
    job.start()
    job.finish()
    assert (tmp_path / "out" / "pagefind" / "pagefind-entry.json").is_file()
    twice = [*good, Record("2021/a/", "article", "ur", "دوسرا", meta)]
    job = IndexJob({"": twice}, tmp_path / "cache", tmp_path / "out2" / "pagefind", "ur", ())
    job.start()
    with pytest.raises(SearchError, match="two records for the URL /2021/a/"):
        job.finish()


def test_the_index_process_goes_when_its_build_goes(tmp_path: Path) -> None:
    """A build that dies (killed, crashed) leaves no process behind still
    writing an index into the folder the next build will use."""
    from khabarnama.search.search import IndexJob, SearchError

    records = [
        Record(f"2021/a{i}/", "article", "ur", f"سرگئی لاروف {i} " * 200, {"title": str(i)})
        for i in range(300)
    ]
    job = IndexJob({"": records}, tmp_path / "cache", tmp_path / "out" / "pagefind", "ur", ())
    job.start()
    assert job.process is not None and job.process.stdin is not None
    job.process.stdin.close()  # what the kernel does when the build process ends
    assert job.process.wait(timeout=30) == 1
    assert not (tmp_path / "out" / "pagefind" / "pagefind-entry.json").exists()
    with pytest.raises(SearchError, match="the indexing process stopped"):
        job.finish()


def test_an_index_process_that_cannot_start_fails_the_build_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khabarnama.search.search import IndexJob, SearchError

    monkeypatch.setattr("sys.executable", str(tmp_path / "no-python"))
    meta = {"title": "لاروف", "kind": "article", "lang": "ur", "path": "2021/a/"}
    good = [Record("2021/a/", "article", "ur", "سرگئی لاروف", meta)]
    job = IndexJob({"": good}, tmp_path / "cache", tmp_path / "out" / "pagefind", "ur", ())
    job.start()
    with pytest.raises(SearchError, match="the indexing process could not start: No such file"):
        job.finish()
    assert job.job is not None and not job.job.exists()  # no records left in the temp folder


def custom_record_fragments(records: list[Record], output: Path) -> dict[str, dict]:
    """The fragments of ``records`` added one by one (0.1 s each) as custom records."""
    from pagefind.index import PagefindIndex

    async def write() -> None:
        config = {"output_path": str(output), "force_language": "ur"}
        async with PagefindIndex(config=config) as index:  # type: ignore[arg-type]
            for r in records:
                url = "/" + r.path
                await index.add_custom_record(
                    url=url, content=r.folded(), language="ur", meta=r.meta
                )

    # a thread of its own: a browser test may have left this thread an event loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, write()).result()
    return fragments(output)


@pytest.mark.parametrize(
    ("page", "lang", "direction"),
    [("search/index.html", "ur", "rtl"), ("en/search/index.html", "en", "ltr")],
)
def test_search_page_speaks_its_language(
    reader_site: ReaderSite, page: str, lang: str, direction: str
) -> None:
    tree = parse(reader_site.output / page)
    html = tree.css_first("html").attributes
    assert (html["lang"], html["dir"]) == (lang, direction)
    words = CATALOGUE[lang]
    label = tree.css_first("label[for=search-input]")
    assert label.text() == words["search_label"]
    assert tree.css_first("#search-input").attributes["type"] == "search"
    assert tree.css_first(".search-form button").text() == words["search_button"]
    assert words["search_nojs"] in tree.css_first("noscript").text()
    assert tree.css_first("#search-status").attributes["role"] == "status"
    assert tree.css_first('meta[name="robots"]').attributes["content"] == "noindex"


def test_every_page_has_a_search_box_in_its_language(reader_site: ReaderSite) -> None:
    for page, lang, target in (
        (str(ARTICLE_PAGE), "ur", f"{reader_site.url}/search/"),
        (LAVROV + "index.html", "en", f"{reader_site.url}/en/search/"),
    ):
        form = parse(reader_site.output / page).css_first("form.site-search")
        assert form.attributes["action"] == target
        assert form.css_first("label").text() == CATALOGUE[lang]["search_label"]
        assert form.css_first("input").attributes["name"] == "q"


def test_search_strings_are_in_the_font_subset(reader_site: ReaderSite) -> None:
    css = (reader_site.output / "theme/css/fonts.css").read_text(encoding="utf-8")
    font_file = re.search(r'url\("?([^")]+\.woff2)', css).group(1)
    font = TTFont(reader_site.output / "theme/css" / font_file)
    cmap = set(font.getBestCmap())
    strings = " ".join(v for k, v in CATALOGUE["ur"].items() if k.startswith("search"))
    urdu = {ord(c) for c in strings if "\u0600" <= c <= "\u06ff"}
    assert urdu and not sorted(chr(c) for c in urdu - cmap)


# -- fold() in the browser is fold() in Python ----------------------------------


def sample_strings() -> list[str]:
    table = fold_table()
    sources = "".join(table.values())
    alphabet = sources + "ابپتٹثجچحخدڈذرڑزژسشصضطظعغفقکگلمنںوہھیے \u0653\u0654آ Ab 12 😀"
    rng = random.Random(7)
    strings = list(sources)  # every character the table changes, alone
    strings += [
        "ا\u0653",
        "\u0653ا",
        "  سرگئی \u00a0 لاروف  ",
        "ۂ",
        "ك ي ه",
        "لَاروُف",
        "\u200bA\u200c",
        "عمران\u200cخان",  # a ZWNJ between words is a space
        "روس\u200cی",  # before a one-letter suffix it is not
    ]
    strings += [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(400)
    ]
    return strings


@pytest.mark.browser
def test_browser_fold_equals_python_fold(browser, reader_site: ReaderSite) -> None:
    strings = sample_strings()
    page = browser.new_page()
    try:
        page.goto(f"{reader_site.url}/search/", wait_until="load")
        folded = page.evaluate("(xs) => xs.map((x) => window.khabarnamaFold(x))", strings)
    finally:
        page.close()
    mismatches = [(s, js, fold(s)) for s, js in zip(strings, folded, strict=True) if js != fold(s)]
    assert not mismatches, mismatches[:10]


# -- searching in Chromium -------------------------------------------------------


def results(browser, site: ReaderSite, query: str, lang_path: str = "search/") -> list[str]:
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(f"{site.url}/{lang_path}?q={quote(query)}", wait_until="load")
        lang = "ur" if lang_path == "search/" else "en"
        page.wait_for_function(SETTLED, arg=CATALOGUE[lang]["search_loading"])
        hrefs = [a.get_attribute("href") for a in page.locator("#search-results li > p > a").all()]
    finally:
        page.close()
    return [h.removeprefix(site.url + "/") for h in hrefs]


SETTLED = """(loading) => {
  const s = document.getElementById('search-status').textContent.trim();
  return s !== '' && s !== loading;
}"""


@pytest.mark.browser
def test_urdu_query_finds_urdu_articles_and_entries(browser, reader_site: ReaderSite) -> None:
    found = results(browser, reader_site, "لاروف")
    assert ARTICLE in found and LAVROV in found
    assert "2021/lavrov-energy-2021/" in found
    assert "2021/weather-report-2021/" not in found


def test_a_large_index_is_split_by_year_and_lists_its_shards(sharded_site: ReaderSite) -> None:
    bundle = sharded_site.output / "pagefind"
    primary = fragments(bundle)
    assert primary and all(f["meta"]["kind"] == "entry" for f in primary.values())
    years = sorted(p.name for p in (bundle / "shards").iterdir())
    assert years and all(y.isdigit() for y in years)
    for year in years:
        stored = fragments(bundle / "shards" / year)
        assert stored and all(f["meta"]["date"].startswith(year) for f in stored.values())
    config = json.loads(
        parse(sharded_site.output / "search" / "index.html").css_first("#search-config").text()
    )
    assert config["shards"] == [f"pagefind/shards/{y}/" for y in years]


@pytest.mark.browser
def test_a_split_index_finds_what_the_whole_one_does(
    browser, reader_site: ReaderSite, sharded_site: ReaderSite
) -> None:
    for query in ("لاروف", "Lavrov", "ویکسین"):
        whole = results(browser, reader_site, query)
        assert whole, query
        split = results(browser, sharded_site, query)
        assert sorted(split) == sorted(whole), (query, whole, split)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("urdu", "variant"),
    [
        ("ویکسین", "ويكسين"),  # Arabic yeh and kaf
        ("پاکستان", "پاكستان"),  # Arabic kaf
        ("باجوہ", "باجوه"),  # Arabic heh
        ("لاروف", "لَارُوف"),  # zabar, pesh
        ("سرگئی لاروف", "سِرگئی لاروف"),  # zer
    ],
)
def test_keyboard_and_diacritic_variants_find_the_same(
    browser, reader_site: ReaderSite, urdu: str, variant: str
) -> None:
    expected = results(browser, reader_site, urdu)
    assert expected, f"{urdu} finds nothing"
    assert results(browser, reader_site, variant) == expected


@pytest.mark.browser
@pytest.mark.parametrize(
    ("query", "entry"),
    [("Lavrov", LAVROV), ("sergey lavrov", LAVROV), ("Putin", PUTIN), ("ولادیمیر پیوٹن", PUTIN)],
)
def test_glossary_entries_by_english_or_urdu_name(
    browser, reader_site: ReaderSite, query: str, entry: str
) -> None:
    assert entry in results(browser, reader_site, query)
    assert entry in results(browser, reader_site, query, "en/search/")


@pytest.mark.browser
def test_no_result_says_so_in_urdu(browser, reader_site: ReaderSite) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{reader_site.url}/search/?q={quote('زیبرا')}", wait_until="load")
        page.wait_for_function(SETTLED, arg=CATALOGUE["ur"]["search_loading"])
        status = page.locator("#search-status").inner_text()
        assert page.locator("#search-results li").count() == 0
    finally:
        page.close()
    assert status == CATALOGUE["ur"]["search_none"].format(query="زیبرا")


@pytest.mark.browser
def test_results_mark_their_language(browser, reader_site: ReaderSite) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{reader_site.url}/search/?q=Lavrov", wait_until="load")
        page.wait_for_function(SETTLED, arg=CATALOGUE["ur"]["search_loading"])
        entry = page.locator(f'#search-results a[href$="{LAVROV}"]')
        assert entry.locator("bdi").get_attribute("lang") == "en"
        assert entry.locator("bdi").get_attribute("dir") == "ltr"
        kinds = page.locator(".search-kind").all_inner_texts()
        assert CATALOGUE["ur"]["search_kind_entry"] in kinds
        assert (
            page.evaluate("getComputedStyle(document.getElementById('search')).direction") == "rtl"
        )
    finally:
        page.close()


@pytest.mark.browser
def test_search_by_keyboard_only(browser, reader_site: ReaderSite) -> None:
    """From an article: Tab to the header box, type, Enter; Tab to a result, Enter."""
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(f"{reader_site.url}/{ARTICLE}", wait_until="load")
        for _ in range(12):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.id") == "site-search-input":
                break
        else:
            pytest.fail("Tab never reached the header search box")
        page.keyboard.type("پوٹن")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q="))
        page.wait_for_function(SETTLED, arg=CATALOGUE["ur"]["search_loading"])
        assert page.locator("#search-input").input_value() == "پوٹن"
        page.locator("#search-input").focus()  # where a reader's focus is after typing
        page.keyboard.press("Tab")  # the search button
        page.keyboard.press("Tab")  # the first result
        first = page.evaluate("document.activeElement.href")
        assert first.endswith(("/2021/putin-lavrov-talks-2021/", PUTIN, ARTICLE)), first
        page.keyboard.press("Enter")
        page.wait_for_url(first)
    finally:
        page.close()


@pytest.mark.browser
def test_typing_searches_as_you_go(browser, reader_site: ReaderSite) -> None:
    page = browser.new_page()
    try:
        page.goto(f"{reader_site.url}/en/search/", wait_until="load")
        page.locator("#search-input").press_sequentially("Lavrov", delay=20)
        page.wait_for_function(SETTLED, arg=CATALOGUE["en"]["search_loading"])
        assert page.locator("#search-results li").count() >= 2
        assert "q=Lavrov" in page.url
    finally:
        page.close()


@pytest.mark.browser
def test_without_javascript_the_page_says_so(browser, reader_site: ReaderSite) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        for path, lang in (("search/", "ur"), ("en/search/", "en")):
            page = context.new_page()
            page.goto(f"{reader_site.url}/{path}?q=x", wait_until="load")
            message = page.locator(".search-nojs")
            assert message.is_visible()
            assert CATALOGUE[lang]["search_nojs"] in message.inner_text()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("path", "query"), [("search/", "لاروف"), ("en/search/", "Lavrov")])
def test_axe_on_search_with_results(
    browser, reader_site: ReaderSite, path: str, query: str
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 800})
    try:
        page.goto(f"{reader_site.url}/{path}?q={quote(query)}", wait_until="networkidle")
        page.wait_for_function(
            SETTLED, arg=CATALOGUE["en" if path.startswith("en") else "ur"]["search_loading"]
        )
        assert axe_violations(page) == []
    finally:
        page.close()
