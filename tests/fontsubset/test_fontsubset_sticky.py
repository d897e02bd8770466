"""The locked main subset stays put; new words it cannot shape come from supplements.

A returning reader keeps the main subset in the browser cache only while its
hashed name stays the same: these tests publish new text after the first
build and check the name does not change, that the words the locked subset
cannot shape exactly are wrapped in supplement spans, and that the page then
shapes (HarfBuzz) and paints (Chromium) exactly as with the full font.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import uharfbuzz as hb
from conftest import ARTIFACTS, FONT, article_page, page, write_site
from selectolax.lexbor import LexborHTMLParser, LexborNode

from khabarnama.fontsubset.fontfile import to_sfnt
from khabarnama.fontsubset.plugin import SEPARABLE_DIR, run
from khabarnama.fontsubset.separable import VERSION as SEPARABLE_VERSION

#: Words the first article never uses, several of which its subset cannot shape.
HAIL = (
    "پنجاب کے کئی اضلاع میں شدید ژالہ باری اور آندھی سے گندم کی کھڑی فصلیں تباہ ہو گئیں ۔",
    "محکمۂ موسمیات کے مطابق بارش کا سلسلہ جمعرات تک جاری رہے گا۔",
    "کسانوں نے حکومت سے امداد کا مطالبہ کیا ہے۔",
)


#: The rare words inside inline elements too, as glossary links and emphasis put them.
LINKED = (
    '<p>ملتان میں <a href="#">آندھی</a> سے <strong>کھڑی فصلیں</strong> گر گئیں اور'
    ' <a href="#">محکمۂ موسمیات</a>، <em>جمعرات</em> تک خبردار رہا۔</p>'
)


def news_page(
    paragraphs: tuple[str, ...], published: str = "", prefix: str = "", extra: str = LINKED
) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs) + extra
    return page("ur", f"<article>{body}</article>", dir_="rtl", prefix=prefix).replace(
        "<title>", meta + "<title>"
    )


def main_font(out: Path) -> str:
    (name,) = [p.name for p in (out / "theme/fonts").glob("*.woff2") if not _is_supplement(p)]
    return name


def _is_supplement(path: Path) -> bool:
    return re.search(r"\.x[0-9a-f]{8}\.woff2$", path.name) is not None


def supplement_classes(page_html: str) -> dict[str, str]:
    """css class → supplement file name, from the page's <style>."""
    found = {}
    for family_rule in re.finditer(
        r'src:url\("[^"]*/([^"/]+\.x([0-9a-f]{8})\.woff2"\))', page_html
    ):
        found[f"fs-x{family_rule[2]}"] = family_rule[1].split('"')[0]
    return found


def test_new_words_keep_the_main_subset_and_come_from_a_supplement(make_site) -> None:
    first = run(make_site({"a.html": article_page()}))
    out = Path(first["output_path"])
    name = main_font(out)
    assert first["fonts"][0]["lock"] == "written"

    settings = make_site({"a.html": article_page(), "hail.html": news_page(HAIL, "2021-04-10")})
    second = run(settings)
    (entry,) = second["fonts"]
    assert entry["cache"] == "locked" and entry["lock"] == "loaded"
    assert second["subset_runs"] == 0
    assert main_font(out) == name, "the main subset changed: returning readers download it again"
    assert name in (out / "theme/css/fonts.css").read_text()

    hail = (out / "hail.html").read_text()
    classes = supplement_classes(hail)
    assert classes, "no supplement for words the locked subset cannot shape"
    wrapped = LexborHTMLParser(hail).css("span[class^=fs-x]")
    assert wrapped and {s.attributes["class"] for s in wrapped} <= set(classes)
    for css_class, filename in classes.items():
        assert (out / "theme/fonts" / filename).is_file(), filename
        assert f".{css_class}{{font-family:" in hail
    # every wrapped stretch is one word and the space after it, or a part of one
    assert all(re.fullmatch(r"\S*\s?", s.text()) for s in wrapped)
    # a rare word in a link: the word inside the link, the space after it outside
    assert LexborHTMLParser(hail).css("a > span[class^=fs-x]")
    # the old page has nothing the locked subset lacks: no spans, no extra font
    assert "fs-x" not in (out / "a.html").read_text()
    assert entry["supplements"]["files"] == len(classes)


def test_supplements_are_kept_with_the_lock_until_their_article_goes(
    make_site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A daily publish must not make every supplement again (they pile up, one
    per article with rare words), nor must a fresh clone: they are part of the
    committed lock, each naming its owner and pieces. One no page needs any
    more leaves the lock."""
    from khabarnama.fontsubset import plugin

    made: list[str] = []
    real = plugin.build_supplement
    monkeypatch.setattr(
        plugin, "build_supplement", lambda s, owner, u: made.append(owner) or real(s, owner, u)
    )
    lock = tmp_path / "lock"
    run(make_site({"a.html": article_page()}, FONTSUBSET_LOCK_PATH=str(lock)))
    pages = {"a.html": article_page(), "hail.html": news_page(HAIL, "2021-04-10")}
    settings = make_site(pages, FONTSUBSET_LOCK_PATH=str(lock))
    first = run(settings)
    assert made == ["hail.html"] and first["fonts"][0]["supplements"]["made"] == 1
    (kept,) = lock.glob("supplements/*/*/manifest.json")
    plan = json.loads(kept.read_text())
    assert plan["owner"] == "hail.html" and plan["pieces"]
    shown = " ".join(LexborHTMLParser(pages["hail.html"]).body.text().split()) + " "
    assert all(piece in shown for piece in plan["pieces"])
    fonts = Path(settings["OUTPUT_PATH"]) / "theme/fonts"
    files = sorted(p.name for p in fonts.iterdir())

    shutil.rmtree(tmp_path / "cache")  # a fresh clone: the lock and nothing else
    again = run(make_site(pages, FONTSUBSET_LOCK_PATH=str(lock)))
    assert again["fonts"][0]["supplements"] == {**first["fonts"][0]["supplements"], "made": 0}
    assert made == ["hail.html"]
    assert sorted(p.name for p in fonts.iterdir()) == files

    run(make_site({"a.html": article_page()}, FONTSUBSET_LOCK_PATH=str(lock)))
    assert not list(lock.glob("supplements/*/*/manifest.json"))


def _runs(root: LexborNode) -> Iterator[list[tuple[str, str | None]]]:
    """Each paragraph as stretches of one font: (text, supplement class or None).

    Text nodes are taken in order, inline elements included; a text node's
    font is its nearest ``fs-x`` ancestor's supplement, else the main face.
    Neighbouring nodes of one font are one stretch, as the browser shapes them.
    """
    for block in root.css("p, h1"):
        parts: list[tuple[str, str | None]] = []
        for node in block.traverse(include_text=True):
            if node.tag != "-text":
                continue
            css_class, up = None, node.parent
            while up is not None and up is not block:
                if (up.attributes.get("class") or "").startswith("fs-x"):
                    css_class = up.attributes["class"]
                    break
                up = up.parent
            text = node.text_content or ""
            if parts and parts[-1][1] == css_class:
                parts[-1] = (parts[-1][0] + text, css_class)
            else:
                parts.append((text, css_class))
        yield parts


def _shape(font: hb.Font, text: str) -> list[tuple[int, ...]]:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = "ur"
    hb.shape(font, buf)
    return [
        (p.x_advance, p.y_advance, p.x_offset, p.y_offset, *_extents(font, i.codepoint))
        for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]


def _extents(font: hb.Font, gid: int) -> tuple[int, ...]:
    e = font.get_glyph_extents(gid)
    return (e.x_bearing, e.y_bearing, e.width, e.height) if e else ()


def test_a_page_with_supplements_shapes_like_the_full_font(make_site) -> None:
    """Each stretch shaped with the font the browser will use, glued together,
    equals the whole paragraph shaped with the full font: same advances,
    offsets and glyph outlines' extents, glyph by glyph."""
    run(make_site({"a.html": article_page()}))
    settings = make_site({"a.html": article_page(), "hail.html": news_page(HAIL, "2021-04-10")})
    run(settings)
    out = Path(settings["OUTPUT_PATH"])
    hail = (out / "hail.html").read_text()
    fonts_dir = out / "theme/fonts"
    full = hb.Font(hb.Face(to_sfnt(FONT.read_bytes(), "full")))
    main = hb.Font(hb.Face(to_sfnt((fonts_dir / main_font(out)).read_bytes(), "main")))
    supplements = {
        css_class: hb.Font(hb.Face(to_sfnt((fonts_dir / name).read_bytes(), name)))
        for css_class, name in supplement_classes(hail).items()
    }
    checked = 0
    for parts in _runs(LexborHTMLParser(hail).root):
        whole = re.sub(r"\s+", " ", "".join(text for text, _ in parts)).strip()
        shaped: list[list[tuple[int, ...]]] = []
        position = 0
        for text, css_class in parts:
            stretch = re.sub(r"\s+", " ", text)
            if position == 0:
                stretch = stretch.lstrip()
            stretch = stretch[: max(0, len(whole) - position)]
            if stretch:
                shaped.append(_shape(supplements[css_class] if css_class else main, stretch))
            position += len(stretch)
        # right to left: HarfBuzz gives glyphs in visual order, the last stretch first
        glued = [glyph for stretch in reversed(shaped) for glyph in stretch]
        assert glued == _shape(full, whole), whole
        checked += 1
    assert checked == len(HAIL) + 1


def test_a_word_that_cannot_be_wrapped_grows_the_lock(make_site) -> None:
    """Text in an attribute cannot take a span: the main subset grows instead."""
    first = run(make_site({"a.html": article_page()}))
    out = Path(first["output_path"])
    name = main_font(out)
    form = page("ur", f'<input type="search" placeholder="{HAIL[0]}">', dir_="rtl")
    report = run(make_site({"a.html": article_page(), "search.html": form}))
    (entry,) = report["fonts"]
    assert entry["lock"] == "written" and report["subset_runs"] == 1
    grown = main_font(out)
    assert grown != name
    assert not [p for p in (out / "theme/fonts").glob("*.woff2") if _is_supplement(p)]
    # and the grown lock serves the next build without changing again
    again = run(make_site({"a.html": article_page(), "search.html": form}))
    assert again["fonts"][0]["cache"] == "locked" and main_font(out) == grown


def test_a_committed_lock_is_readable_and_enough_for_a_fresh_clone(
    make_site, tmp_path: Path
) -> None:
    lock = tmp_path / "lock"
    first = run(make_site({"a.html": article_page()}, FONTSUBSET_LOCK_PATH=str(lock)))
    out = Path(first["output_path"])
    plan = json.loads(next(lock.glob("*.json")).read_text())
    assert plan["glyphs"][0] == ".notdef" and "U+0644" in plan["characters"]  # ل
    assert plan["subset_bytes"] == len(next(lock.glob("*.woff2")).read_bytes())
    assert plan["pieces_separable"] == SEPARABLE_VERSION
    name = main_font(out)

    # a fresh clone: no cache at all, only the committed lock, which also
    # spares it deciding from the layout tables whether pieces prove runs
    shutil.rmtree(tmp_path / "cache")
    fresh = run(make_site({"a.html": article_page()}, FONTSUBSET_LOCK_PATH=str(lock)))
    (entry,) = fresh["fonts"]
    assert entry["cache"] == "locked" and fresh["subset_runs"] == 0 and not entry["subsetted"]
    assert main_font(out) == name
    assert not list((tmp_path / "cache").rglob(SEPARABLE_DIR))

    # a lock written before it recorded that: decided again, still used as is
    plan_path = next(lock.glob("*.json"))
    del plan["pieces_separable"]
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    shutil.rmtree(tmp_path / "cache")
    older = run(make_site({"a.html": article_page()}, FONTSUBSET_LOCK_PATH=str(lock)))
    assert older["fonts"][0]["cache"] == "locked" and main_font(out) == name
    assert list((tmp_path / "cache").rglob(SEPARABLE_DIR))


def test_an_old_article_keeps_owning_its_rare_words(make_site) -> None:
    """A rare word lives in the supplement of the oldest article that has it,
    so a newer article with the same word adds no file a reader lacks."""
    run(make_site({"a.html": article_page()}))
    pages = {"a.html": article_page(), "old.html": news_page(HAIL, "2021-04-10")}
    settings = make_site(pages)
    out = Path(settings["OUTPUT_PATH"])
    run(settings)
    before = supplement_classes((out / "old.html").read_text())
    pages["new.html"] = news_page(HAIL[:1], "2021-05-01")
    run(make_site(pages))
    old, new = ((out / n).read_text() for n in ("old.html", "new.html"))
    assert supplement_classes(old) == before
    assert set(supplement_classes(new).values()) <= set(before.values())


@pytest.mark.browser
@pytest.mark.timeout(240)
@pytest.mark.parametrize("width", [360, 1280])
def test_chromium_paints_supplemented_words_like_the_full_font(
    tmp_path: Path, server, browser, width: int
) -> None:
    """The page as shipped (locked subset + supplements) against the same page
    with the full font: pixel-identical.

    "The same page" keeps the supplement spans: an inline box, with or without
    a change of font, moves the text after it by up to 1/64 px (Chromium
    positions inline boxes in LayoutUnits), so the page without spans differs
    in anti-aliasing at a few glyph edges. That shift is measured and bounded
    here too, and the fonts are proven exact with the spans in place.
    """
    from PIL import Image, ImageChops

    base, www = server
    run(write_site(tmp_path / "site", {"a.html": article_page()}))
    pages = {"a.html": article_page(), "hail.html": news_page(HAIL, "2021-04-10")}
    settings = write_site(tmp_path / "site", pages)
    out = Path(settings["OUTPUT_PATH"])
    shutil.copytree(out, www / "full")
    report = run(settings)
    assert report["fonts"][0]["supplements"]["files"] >= 1
    shutil.copytree(out, www / "sticky")
    shutil.copytree(www / "full", www / "spans")
    shipped = (out / "hail.html").read_text()
    (www / "spans/hail.html").write_text(re.sub(r"<style>@font-face.*?</style>\n", "", shipped))
    shutil.copytree(www / "full", www / "nofont")
    (www / "nofont/theme/css/fonts.css").write_text("")

    shots = {}
    for name in ("full", "spans", "sticky", "nofont"):
        tab = browser.new_page(viewport={"width": width, "height": 600}, device_scale_factor=1)
        tab.goto(f"{base}/{name}/hail.html")
        tab.evaluate("document.fonts.ready")
        loaded = tab.evaluate(
            "Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family)"
        )
        if name == "sticky":  # the supplements were really used
            assert any(family.startswith("Noto Nastaliq Urdu x") for family in loaded), loaded
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        png = tab.screenshot(full_page=True, path=str(ARTIFACTS / f"hail-{width}-{name}.png"))
        shots[name] = Image.open(io.BytesIO(png)).convert("RGB")
        tab.close()
    diff = ImageChops.difference(shots["spans"], shots["sticky"])
    if diff.getbbox() is not None:
        diff.save(ARTIFACTS / f"hail-{width}-diff.png")
    assert diff.getbbox() is None, "supplemented words render differently; see test-artifacts"
    assert ImageChops.difference(shots["full"], shots["nofont"]).getbbox() is not None
    # the spans' sub-pixel shift: faint, at a few glyph edges, never a moved word
    shift = ImageChops.difference(shots["full"], shots["sticky"]).convert("L")
    changed = [v for v in shift.get_flattened_data() if v]
    assert len(changed) < 0.002 * width * 600 and max(changed, default=0) < 128
