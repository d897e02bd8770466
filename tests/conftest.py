import hashlib

import pytest

from tests.support import ROOT, build_site, make_content

#: The site's committed font lock: what fresh clones and CI verify against.
LOCK = ROOT / "theme" / "fontsubset-lock"


def _lock_files() -> dict[str, str]:
    return {
        str(path.relative_to(LOCK)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(LOCK.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session", autouse=True)
def committed_lock_untouched():
    """No test may write the site's lock (a supplement for a fixture's words,
    a grown subset): it would be committed with the next change by mistake."""
    before = _lock_files()
    yield
    after = _lock_files()
    assert after == before, f"a test changed {LOCK}: {sorted(set(after) ^ set(before))}"


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The fixture site built once with local settings (relative URLs, no feeds)."""
    base = tmp_path_factory.mktemp("site")
    content = make_content(base / "content")
    build = build_site(content, base / "output")
    assert build.returncode == 0, build.log
    return build.output


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    """The fixture site built with publishconf.py (absolute URLs, feeds)."""
    base = tmp_path_factory.mktemp("published")
    content = make_content(base / "content")
    build = build_site(content, base / "output", settings_file="publishconf.py")
    assert build.returncode == 0, build.log
    return build.output


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()
