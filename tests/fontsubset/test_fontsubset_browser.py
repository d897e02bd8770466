"""Headless Chromium: the article renders pixel-identically with the subset.

Two copies of the same built page are served over HTTP (fonts need a real
origin): one before the plugin ran (full font), one after (subset). A third
rendering without the web font proves the font is really in use, so identical
screenshots are not identical by accident.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ARTIFACTS, article_page, write_site

from khabarnama.fontsubset.plugin import run

pytestmark = pytest.mark.browser


def _screenshot(browser: object, url: str, path: Path, width: int) -> tuple[bytes, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page.goto(url)
    page.evaluate("document.fonts.ready")
    loaded = page.evaluate(
        "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)"
    )
    png = page.screenshot(full_page=True, path=str(path))
    page.close()
    return png, loaded


@pytest.mark.timeout(240)
@pytest.mark.parametrize("width", [360, 1280])
def test_subset_renders_pixel_identical_to_full_font(
    tmp_path: Path, server, browser, width: int
) -> None:
    """Phone and desktop widths: different line breaks, so different line
    fragments are shaped (the default, shaping-aware strategy)."""
    from PIL import Image, ImageChops

    base, www = server
    settings = write_site(tmp_path / "site", {"index.html": article_page()})
    out = Path(settings["OUTPUT_PATH"])
    shutil.copytree(out, www / "full")
    report = run(settings)
    assert report["fonts"][0]["strategy"]["name"] == "shaping"
    shutil.copytree(out, www / "subset")
    shutil.copytree(www / "full", www / "nofont")
    (www / "nofont/theme/css/fonts.css").write_text("")

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = {}
    for name in ("full", "subset", "nofont"):
        png, loaded = _screenshot(
            browser, f"{base}/{name}/index.html", ARTIFACTS / f"article-{width}-{name}.png", width
        )
        shots[name] = (png, loaded)

    assert shots["full"][1] == ["Noto Nastaliq Urdu"]
    assert shots["subset"][1] == ["Noto Nastaliq Urdu"]
    import io

    full, subset, nofont = (
        Image.open(io.BytesIO(shots[n][0])).convert("RGB") for n in ("full", "subset", "nofont")
    )
    assert full.size == subset.size
    diff = ImageChops.difference(full, subset)
    if diff.getbbox() is not None:
        diff.save(ARTIFACTS / f"article-{width}-diff.png")
    assert diff.getbbox() is None, "subset renders differently; see test-artifacts/fontsubset/"
    assert full.size != nofont.size or ImageChops.difference(full, nofont).getbbox() is not None
