"""The reader-features fixture site: built once, published settings, served on loopback.

``reader_site``: the shared fixture content plus ``fixtures/articles`` (for
the related-reading ranking), built with ``publishconf.py`` and ``SITEURL``
set to the loopback server that then serves it, the way Lighthouse sees the
site: canonical URLs, the sitemap and search all run on real absolute URLs.

``translation_site``: the small fixture site plus ``fixtures/translations``
(an Urdu article and its English translation, the only pages that may carry
``hreflang``), built exactly as `make publish` builds.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import serve
from tests.support import build_site, make_content

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@dataclass
class ReaderSite:
    output: Path
    url: str  # the SITEURL it was built with and is served at
    log: str


def with_fixtures(content: Path, folder: str) -> Path:
    for source in sorted((FIXTURES / folder).glob("*.md")):
        shutil.copy(source, content / "articles" / source.name)
    return content


@pytest.fixture(scope="session")
def reader_site(tmp_path_factory) -> Iterator[ReaderSite]:
    base = tmp_path_factory.mktemp("reader")
    output = base / "output"
    output.mkdir()
    with serve(output) as url:
        content = with_fixtures(make_content(base / "content"), "articles")
        done = build_site(content, output, "publishconf.py", SITEURL=url, FEED_DOMAIN=url)
        assert done.returncode == 0, done.log
        yield ReaderSite(output, url, done.log)


@pytest.fixture(scope="session")
def sharded_site(tmp_path_factory) -> Iterator[ReaderSite]:
    """``reader_site``'s content with the search index split by year (as a
    site past SEARCH_SHARD_RECORDS records is)."""
    base = tmp_path_factory.mktemp("sharded")
    output = base / "output"
    output.mkdir()
    with serve(output) as url:
        content = with_fixtures(make_content(base / "content"), "articles")
        done = build_site(
            content,
            output,
            "publishconf.py",
            SITEURL=url,
            FEED_DOMAIN=url,
            SEARCH_SHARD_RECORDS=3,
        )
        assert done.returncode == 0, done.log
        yield ReaderSite(output, url, done.log)


@pytest.fixture(scope="session")
def translation_site(tmp_path_factory) -> ReaderSite:
    base = tmp_path_factory.mktemp("translation")
    url = "https://khabarnama.example"
    content = with_fixtures(make_content(base / "content", with_real_article=False), "translations")
    done = build_site(content, base / "output", "publishconf.py")
    assert done.returncode == 0, done.log
    return ReaderSite(base / "output", url, done.log)
