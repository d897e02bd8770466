"""Pieces stand in for runs only where the font lets them (``separable.py``).

The verification shapes each distinct space-ended piece instead of each
distinct paragraph; that is only a proof if HarfBuzz really shapes a run as
its pieces. These tests hold the argument to the real font and article, and
show the test refusing fonts where a space takes part in shaping.
"""

from __future__ import annotations

import io

import pytest
import uharfbuzz as hb
from conftest import FONT, article_paragraphs
from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
from fontTools.ttLib import TTFont

from khabarnama.fontsubset import verify
from khabarnama.fontsubset.collect import TextUnit, piece_units
from khabarnama.fontsubset.fontfile import SourceFont, sfnt_to_woff2
from khabarnama.fontsubset.separable import piece_separable, pieces, space_interactions
from tests.reference_text import reference_article

Glyphs = list[tuple[int, int, int, int, int, int]]


@pytest.fixture(scope="module")
def source() -> SourceFont:
    return SourceFont(FONT, "font", FONT.read_bytes())


def _shape(font: hb.Font, text: str) -> Glyphs:
    buf = hb.Buffer()
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.language = "ur"
    hb.shape(font, buf)
    return [
        (i.codepoint, i.cluster, p.x_advance, p.y_advance, p.x_offset, p.y_offset)
        for i, p in zip(buf.glyph_infos, buf.glyph_positions, strict=True)
    ]


def _from_pieces(font: hb.Font, run: str) -> Glyphs:
    """The run as its pieces shaped alone: clusters moved to the run's
    offsets, right to left (the piece that comes first is drawn last)."""
    out: Glyphs = []
    start = 0
    for piece in pieces(run):
        out = [(g, c + start, *rest) for g, c, *rest in _shape(font, piece)] + out
        start += len(piece)
    return out


def _with_features(source: SourceFont, fea: str, tables: list[str]) -> bytes:
    font = TTFont(io.BytesIO(source.sfnt))
    addOpenTypeFeaturesFromString(font, fea, tables=tables)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def test_the_site_font_shapes_runs_as_their_pieces(source: SourceFont) -> None:
    assert space_interactions(source.sfnt) == ()


def test_every_paragraph_of_the_article_shapes_exactly_as_its_pieces(source: SourceFont) -> None:
    font = hb.Font(hb.Face(source.sfnt))
    paragraphs = reference_article().paragraphs
    # each sentence, each real paragraph, and the whole body as one run
    runs = [*article_paragraphs(), *paragraphs, " ".join(paragraphs)]
    assert len(runs) > 10
    for run in runs:
        assert _shape(font, run) == _from_pieces(font, run), run[:40]


def test_the_space_stays_with_its_piece_because_the_font_looks_at_it(source: SourceFont) -> None:
    """``rlig`` adds spacer glyphs after an isolated kaf when anything follows
    it: ``پاک`` alone is not ``پاک`` before a space, so words alone would not do."""
    font = hb.Font(hb.Face(source.sfnt))
    alone = _shape(font, "پاک")
    before_space = _shape(font, "پاک ")
    space = font.get_nominal_glyph(0x20)
    assert [g for g in before_space if g[0] != space] != alone
    assert _shape(font, "پاک روس") == _from_pieces(font, "پاک روس")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("پاک روس سے", ["پاک ", "روس ", "سے"]),
        ("توانائی ، صنعتی", ["توانائی ، ", "صنعتی"]),  # a lone comma would guess LTR
        ("5 اپریل کو", ["5 اپریل ", "کو"]),
        ("روس  سے ", ["روس  ", "سے "]),  # a lone space joins the piece before
        ("", []),
    ],
)
def test_pieces_end_at_a_space_and_share_the_runs_direction(text: str, expected: list) -> None:
    assert pieces(text) == expected
    assert "".join(pieces(text)) == text


@pytest.mark.parametrize(
    ("fea", "tables", "reason"),
    [
        ("feature kern { pos space Alef 50; } kern;", ["GPOS"], "GPOS lookup 0"),
        ("feature rlig { sub space Alef' by AlefFin; } rlig;", ["GSUB"], "GSUB lookup 0"),
        (
            "feature rlig { sub Alef' space Alef by AlefFin; } rlig;",
            ["GSUB"],
            "before the end of a match",
        ),
    ],
    ids=["kerned-space", "space-in-backtrack", "space-mid-context"],
)
def test_a_font_whose_space_takes_part_is_not_separable(
    source: SourceFont, fea: str, tables: list[str], reason: str
) -> None:
    found = space_interactions(_with_features(source, fea, tables))
    assert found and any(reason in r for r in found), found


def test_a_space_at_the_end_of_a_context_is_allowed(source: SourceFont) -> None:
    sfnt = _with_features(source, "feature rlig { sub Alef' space by AlefFin; } rlig;", ["GSUB"])
    assert space_interactions(sfnt) == ()


def test_the_answer_is_remembered_per_font(source: SourceFont, tmp_path) -> None:
    assert piece_separable(source.sfnt, source.sha256, tmp_path)
    (stored,) = tmp_path.iterdir()
    stored.write_text('{"interactions": ["remembered"]}')
    assert not piece_separable(source.sfnt, source.sha256, tmp_path)


def _subset(source: SourceFont, text: str) -> tuple[bytes, list[int]]:
    inp = hb.SubsetInput()
    inp.unicode_set.update(sorted({ord(c) for c in text}))
    for tags in (inp.layout_feature_tag_set, inp.layout_script_tag_set):
        tags.clear()
        tags.invert()
    plan = hb.SubsetPlan(source.face, inp)
    mapping = plan.new_to_old_glyph_mapping
    face = plan.execute()
    return sfnt_to_woff2(face.blob.data), [mapping[g] for g in range(face.glyph_count)]


@pytest.mark.parametrize("subset_separable", [True, False])
def test_runs_are_shaped_whole_when_the_subset_is_not_separable(
    source: SourceFont, monkeypatch: pytest.MonkeyPatch, subset_separable: bool
) -> None:
    run = TextUnit("ur", "پاک روس سے ملاقات")
    cps = sorted({ord(c) for c in run.text})
    units = verify.shaping_units([run], cps, "ur", pieces=piece_units([run]))
    assert run not in units or verify.unit_key(run)[0] % verify.RUN_SAMPLE == 0
    assert TextUnit("ur", "پاک ") in units
    if not subset_separable:
        monkeypatch.setattr(verify, "space_interactions", lambda sfnt: ("stand-in reason",))
    woff2, glyph_map = _subset(source, run.text)
    verdict = verify.check(verify.prepare_reference(source, units, [run]), woff2, glyph_map, cps)
    assert verdict.ok, verdict.problems
    assert (verify.unit_key(run) in verdict.verified) is (not subset_separable) or run in units
    assert (verify.PIECES_PROVE_RUNS in verdict.verified) is subset_separable
    reference = verify.prepare_reference(source, units, [run])
    known = verdict.verified - {verify.unit_key(run)}
    assert verify.covered(reference, known) is subset_separable
