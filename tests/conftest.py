import pytest

from tests.support import build_site, make_content


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
