"""How the plugin reads CSS: what pages get from ``content:``, and what @font-face declares."""

from __future__ import annotations

import pytest

from khabarnama.fontsubset import css

# --- content: strings -----------------------------------------------------------


def test_a_selector_named_content_is_not_a_content_declaration() -> None:
    sheet = '.content:before{font-family:"Foo Bar"} .content :hover{font-family:"Baz"}'
    assert css.content_strings(sheet) == []


def test_content_strings_are_decoded_and_joined() -> None:
    sheet = '.more::after { content: "\\0645\\0632\\06CC\\062F" /* » */ " »" !important; }'
    assert css.content_strings(sheet) == ["مزید »"]


def test_only_the_content_property_counts() -> None:
    sheet = (
        '.note::before { font-family: "Not Inserted"; content: "نوٹ"; quotes: "«" "»" }'
        '.x { --content: "custom"; x-content: "prefixed"; }'
    )
    assert css.content_strings(sheet) == ["نوٹ"]


def test_comments_and_strings_that_look_like_content_are_ignored() -> None:
    sheet = (
        '/* .a::after { content: "x" } */ a { color: red /* ; content: "y" */ }'
        "b::after { content: \"it's\" } /* don't */"
    )
    assert css.content_strings(sheet) == ["it's"]


def test_content_in_nested_blocks_is_found() -> None:
    sheet = (
        '@media print { @supports (display: grid) { a[href]::after { content: " ↗" } } }'
        '.card { color: red; &::before { content: "•" } }'
        '@page { @top-center { content: "خبرنامہ" } }'
    )
    assert css.content_strings(sheet) == [" ↗", "•", "خبرنامہ"]


def test_images_in_content_are_not_text_but_counter_separators_are() -> None:
    sheet = 'a::before { content: url("icon.svg") "›" } ol li::before { content: counters(i, "۔") }'
    assert css.content_strings(sheet) == ["›", "۔"]


# --- @font-face -------------------------------------------------------------------


FACE = '@font-face { font-family: "Noto Nastaliq Urdu"; src: url(nastaliq.woff2) format("woff2") }'


def test_font_face_inside_media_and_supports_is_read_with_its_exact_extent() -> None:
    sheet = (
        f"body {{ color: red }}\n@media screen {{ @supports (font-display: swap) {{ {FACE}}}}}"
        "\n/* tail */\n"
    )
    (face,) = css.font_faces(sheet)
    assert sheet[face.start : face.end] == FACE
    assert face.family() == "Noto Nastaliq Urdu" and face.urls() == ["nastaliq.woff2"]


def test_font_face_extent_survives_crlf_non_ascii_and_a_trailing_semicolon() -> None:
    sheet = f'.x::after {{ content: "ـــ" }}\r\n@media all {{\r\n  {FACE};\r\n}}\r\n'
    (face,) = css.font_faces(sheet)
    assert sheet[face.start : face.end] == FACE
    rewritten = sheet[: face.start] + "X" + sheet[face.end :]
    assert rewritten == '.x::after { content: "ـــ" }\r\n@media all {\r\n  X;\r\n}\r\n'


def test_font_face_with_a_comment_before_its_block_is_read() -> None:
    sheet = '@font-face /* Urdu */ { font-family: A; src: url("a.woff2") }'
    (face,) = css.font_faces(sheet)
    assert (face.start, face.end) == (0, len(sheet)) and face.urls() == ["a.woff2"]


def test_font_faces_in_strings_and_comments_are_not_rules() -> None:
    sheet = 'a { content: "@font-face {" } /* @font-face { src: url(b.woff2) } */ ' + FACE
    assert [face.urls() for face in css.font_faces(sheet)] == [["nastaliq.woff2"]]


def test_font_face_values_are_unescaped() -> None:
    sheet = (
        "@font-face { font-family: Noto\\ Sans  Arabic; src: local(x), url('a\\2e woff2') }"
        '@font-face { font-family: "\\0646\\0633\\062E"; src: URL( b.woff2 ) }'
        '@font-face { font-family: "Two  Spaces"; src: url(c.woff2) }'
    )
    faces = css.font_faces(sheet)
    assert [face.family() for face in faces] == ["Noto Sans Arabic", "نسخ", "Two  Spaces"]
    assert [face.urls() for face in faces] == [["a.woff2"], ["b.woff2"], ["c.woff2"]]


def test_an_escaped_brace_does_not_end_a_font_face() -> None:
    sheet = "@font-face { font-family: a\\}b; src: url(a.woff2) } p { color: red }"
    (face,) = css.font_faces(sheet)
    assert sheet[face.start : face.end] == "@font-face { font-family: a\\}b; src: url(a.woff2) }"
    assert face.family() == "a}b" and face.urls() == ["a.woff2"]


def test_important_is_not_part_of_a_descriptor_value_and_survives_rendering() -> None:
    sheet = (
        "@font-face { font-family: A; unicode-range: U+0600-06FF !important; src: url(a.woff2) }"
    )
    (face,) = css.font_faces(sheet)
    assert css.parse_unicode_range(face.get("unicode-range")) == [(0x600, 0x6FF)]
    (rendered,) = css.font_faces(css.render_font_face(face.declarations))
    assert rendered.declarations == face.declarations


def test_rendered_font_face_reads_back_the_same() -> None:
    sheet = """@font-face {
        font-family: "Noto Nastaliq Urdu"; /* the theme's */
        font-weight: 400 700;
        src: url("fonts/nastaliq.woff2") format("woff2"),
             url("fonts/nastaliq.woff") format("woff");
    }"""
    (face,) = css.font_faces(sheet)
    assert face.get("font-weight") == "400 700"
    (again,) = css.font_faces(css.render_font_face(face.declarations))
    assert again.family() == "Noto Nastaliq Urdu"
    assert again.urls() == ["fonts/nastaliq.woff2", "fonts/nastaliq.woff"]
    assert again.declarations == face.declarations


# --- unicode-range -----------------------------------------------------------------


def test_unicode_range_may_carry_comments_and_line_breaks() -> None:
    value = "U+0600-06FF /* Arabic */,\n    U+200C-200D, U+FB5?"
    assert css.parse_unicode_range(value) == [(0x600, 0x6FF), (0x200C, 0x200D), (0xFB50, 0xFB5F)]


@pytest.mark.parametrize("value", ["U+0600 U+0700", "U+06??-07FF", "U+1234567", "06FF", "U+"])
def test_malformed_unicode_range_names_the_bad_part(value: str) -> None:
    with pytest.raises(ValueError, match="bad unicode-range") as caught:
        css.parse_unicode_range(f"U+20, {value}")
    assert value in str(caught.value)
