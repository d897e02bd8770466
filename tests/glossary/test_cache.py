"""The linking and checking caches: a warm build writes exactly what a cold one does."""

from __future__ import annotations

from pathlib import Path

from tests.support import build_site, make_content


def _pages(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes() for p in sorted(output.rglob("*.html"))
    }


def test_warm_and_corrupt_cache_builds_equal_the_cold_build(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    cache = tmp_path / "cache"
    settings = {"CACHE_CONTENT": True, "LOAD_CONTENT_CACHE": True, "CACHE_PATH": str(cache)}
    cold = build_site(content, tmp_path / "cold", **settings)
    assert cold.returncode == 0, cold.log
    links = cache / "glossary" / "links.pickle"
    checks = cache / "content_checks" / "checks.pickle"
    assert links.is_file() and checks.is_file()

    warm = build_site(content, tmp_path / "warm", **settings)
    assert warm.returncode == 0, warm.log
    assert _pages(warm.output) == _pages(cold.output)

    links.write_bytes(b"not a pickle")
    checks.write_bytes(links.read_bytes()[:3])
    again = build_site(content, tmp_path / "again", **settings)
    assert again.returncode == 0, again.log
    assert _pages(again.output) == _pages(cold.output)
    assert links.read_bytes() != b"not a pickle"  # rebuilt


def test_an_error_is_reported_again_with_a_warm_cache(tmp_path: Path) -> None:
    content = make_content(tmp_path / "content")
    settings = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }
    bad = content / "articles" / "bad.md"
    bad.write_text(
        "Title: خبر\nSlug: bad\nDate: 2021-04-09\nSummary: خلاصہ۔\n\n"
        "<script>x()</script>\n\nمتن۔\n",
        encoding="utf-8",
    )
    first = build_site(content, tmp_path / "one", **settings)
    second = build_site(content, tmp_path / "two", **settings)
    assert first.returncode != 0 and second.returncode != 0
    lines = [line for line in second.log.splitlines() if "bad.md" in line]
    assert lines == [line for line in first.log.splitlines() if "bad.md" in line]
    assert any("<script> is not allowed" in line for line in lines), second.log
