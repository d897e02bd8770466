"""Share cards: a 1200 × 630 picture per article with its Urdu headline.

News in Pakistan travels by WhatsApp and social media, and a shared link
without a picture is easy to scroll past. Every published article gets a
card, set at build time in Noto Nastaliq Urdu and shaped by HarfBuzz
(Pillow's raqm layout, which is HarfBuzz with FriBiDi): without shaping,
Nastaliq comes out as a row of unjoined letters. The metadata plugin points
``og:image`` and ``twitter:image`` at it (``article.share_card``).

Cards are small palette PNGs (text on a flat background needs few colours),
at most ``SHARECARD_MAX_BYTES``. Rendering costs ~50 ms a card, so each is
kept in ``CACHE_PATH/sharecard/`` under a key of everything drawn on it
(headline, site name, date, font, layout version) and copied from there
when nothing changed. The file name carries that key, so a changed
headline gets a new URL and no social network shows a stale card.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup
from pelican import signals

from ..cache import read_framed, write_atomic, write_framed
from ..problems import BuildError
from ..problems import install as install_problem_reporting
from ..settings import PluginSettings, Setting, is_positive_int

__all__ = ["DEFAULTS", "CardText", "register", "render_card"]

logger = logging.getLogger(__name__)

LAYOUT_VERSION = "1"
THEME_FONT = "noto-nastaliq-urdu-arabic-400-normal.woff2"
WIDTH, HEIGHT = 1200, 630

SETTINGS = PluginSettings(
    "sharecard",
    "SHARECARD_",
    {
        "SHARECARD_ENABLED": Setting(True, "make a share card for every published article"),
        "SHARECARD_FONT": Setting(
            None,
            "the Urdu font the headline is set in (TTF, OTF or WOFF2); "
            "None: the theme's static/fonts/" + "noto-nastaliq-urdu-arabic-400-normal.woff2",
            "a path, or None",
            lambda v: v is None or (isinstance(v, str) and bool(v)),
        ),
        "SHARECARD_OUTPUT": Setting(
            "cards",
            "the output folder for the cards",
            "a relative path",
            lambda v: isinstance(v, str) and bool(v) and not v.startswith("/"),
        ),
        "SHARECARD_MAX_BYTES": Setting(
            60_000, "the largest card file allowed", "a positive integer", is_positive_int
        ),
        "SHARECARD_COLORS": Setting(
            {"background": "#fdfcf9", "text": "#1b1b1b", "accent": "#0b5d8a", "muted": "#555555"},
            "the card's colours (the site's light theme)",
            "a dict with background, text, accent and muted",
            lambda v: isinstance(v, dict) and {"background", "text", "accent", "muted"} <= set(v),
        ),
    },
)
DEFAULTS = SETTINGS.defaults


@dataclass(frozen=True)
class CardText:
    headline: str
    site_name: str
    date: str


def plain(value: Any) -> str:
    return " ".join(Markup(str(value or "")).striptags().split())


def _font_bytes(path: Path) -> bytes:
    """The font as TrueType/OpenType bytes (WOFF2 decompressed: FreeType may lack brotli)."""
    data = path.read_bytes()
    if data[:4] != b"wOF2":
        return data
    from fontTools.ttLib import TTFont

    out = io.BytesIO()
    font = TTFont(io.BytesIO(data))
    font.flavor = None
    font.save(out)
    return out.getvalue()


def _check_raqm() -> None:
    from PIL import features

    if not features.check("raqm"):
        raise BuildError(
            [
                "sharecard: Pillow has no raqm (HarfBuzz) text layout, and Nastaliq "
                "needs shaping — install Pillow's wheel (pip install pillow==13.0.0), "
                "or set SHARECARD_ENABLED = False"
            ]
        )


#: Latin fonts for what the Nastaliq font lacks (the web font ships only its
#: Arabic-script part: no colon, no Latin letters): the first one found.
FALLBACK_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
    "/System/Library/Fonts/Supplemental/Arial.ttf",
    "C:/Windows/Fonts/arial.ttf",
)
URDU_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


class Faces:
    """The Nastaliq face and a Latin fallback at one size, and what each draws."""

    def __init__(self, font_data: bytes, cmap: frozenset[int], size: int) -> None:
        from PIL import ImageFont

        layout = ImageFont.Layout.RAQM
        self.cmap = cmap
        self.urdu = ImageFont.truetype(io.BytesIO(font_data), size, layout_engine=layout)
        fallback = next((f for f in FALLBACK_FONTS if Path(f).exists()), None)
        self.latin = (
            ImageFont.truetype(fallback, round(size * 0.8), layout_engine=layout)
            if fallback
            else self.urdu
        )

    def runs(self, text: str) -> list[tuple[str, Any]]:
        """``text`` cut where the font changes; spaces go with the Urdu face."""
        runs: list[tuple[str, Any]] = []
        for char in text:
            face = self.urdu if ord(char) in self.cmap else self.latin
            if runs and (runs[-1][1] is face or char == " "):
                runs[-1] = (runs[-1][0] + char, runs[-1][1])
            else:
                runs.append((char, face))
        return runs

    def length(self, text: str) -> float:
        return sum(self.run_length(run, face) for run, face in self.runs(text))

    def run_length(self, run: str, face: Any) -> float:
        if face is self.urdu:
            return face.getlength(run, direction="rtl", language="ur")
        return face.getlength(run)

    def draw(self, draw: Any, right: float, top: float, text: str, fill: str) -> None:
        """One right-to-left line, its runs placed from the right edge leftwards.

        Each run is shaped whole by HarfBuzz (raqm); a Latin run keeps its
        own left-to-right order inside. Runs follow each other in logical
        order, which is the visual order of a right-to-left line.
        """
        x = right
        for run, face in self.runs(text):
            width = self.run_length(run, face)
            if face is self.urdu:
                draw.text(
                    (x, top), run, font=face, fill=fill, anchor="rs", direction="rtl", language="ur"
                )
            else:
                draw.text((x - width, top), run, font=face, fill=fill, anchor="ls")
            x -= width


def _wrap(faces: Faces, text: str, width: int) -> list[str]:
    """Greedy line breaking on spaces, measuring shaped widths."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        trial = f"{current} {word}".strip()
        if current and faces.length(trial) > width:
            lines.append(current)
            current = word
        else:
            current = trial
    if current:
        lines.append(current)
    return lines


def render_card(text: CardText, font_data: bytes, colors: dict[str, str], max_bytes: int) -> bytes:
    """The PNG of one card: headline (up to four lines) above the site name and date."""
    from fontTools.ttLib import TTFont
    from PIL import Image, ImageDraw

    cmap = frozenset(TTFont(io.BytesIO(font_data)).getBestCmap())
    margin = 72
    image = Image.new("RGB", (WIDTH, HEIGHT), colors["background"])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 14), fill=colors["accent"])
    headline = text.headline.translate(URDU_DIGITS)
    # The largest size at which the headline fits in four lines.
    for size in (64, 58, 52, 46, 40):
        faces = Faces(font_data, cmap, size)
        lines = _wrap(faces, headline, WIDTH - 2 * margin)
        if len(lines) <= 4:
            break
    else:
        lines = lines[:4]
        lines[-1] += " …"
    # Nastaliq needs about two ems from one baseline to the next.
    leading = round(size * 1.95)
    block = leading * len(lines)
    first = 40 + max(0, (470 - block) // 2) + round(size * 1.35)
    for i, line in enumerate(lines):
        faces.draw(draw, WIDTH - margin, first + i * leading, line, colors["text"])
    draw.line((margin, 520, WIDTH - margin, 520), fill=colors["accent"], width=3)
    Faces(font_data, cmap, 40).draw(draw, WIDTH - margin, 592, text.site_name, colors["accent"])
    if text.date:
        small = Faces(font_data, cmap, 30)
        date = text.date.translate(URDU_DIGITS)
        small.draw(draw, margin + small.length(date), 592, date, colors["muted"])
    for colours in (32, 16, 8):
        out = io.BytesIO()
        image.quantize(colors=colours, dither=Image.Dither.NONE).save(out, "PNG", optimize=True)
        if out.tell() <= max_bytes:
            return out.getvalue()
    raise ValueError(f"the card is {out.tell()} bytes, over SHARECARD_MAX_BYTES = {max_bytes}")


class Cards:
    """The cards of one build: named when the articles are known, drawn at the end."""

    def __init__(self, settings: dict[str, Any]) -> None:
        SETTINGS.fill_defaults(settings)
        self.settings = settings
        font = settings["SHARECARD_FONT"]
        if font is None:
            font = Path(settings.get("THEME") or "theme") / "static" / "fonts" / THEME_FONT
        self.font_path = Path(font)
        self.cache = Path(settings.get("CACHE_PATH") or "cache") / "sharecard"
        self.pending: dict[str, CardText] = {}
        self._font: bytes | None = None
        self._font_hash: str | None = None

    def font_hash(self) -> str:
        if self._font_hash is None:
            try:
                raw = self.font_path.read_bytes()
            except OSError as exc:
                raise BuildError(
                    [
                        f"{self.font_path}: SHARECARD_FONT: cannot read the font "
                        f"({exc.strerror}) — set SHARECARD_FONT to the Urdu font's path"
                    ]
                ) from None
            self._font_hash = hashlib.sha256(raw).hexdigest()
        return self._font_hash

    def name(self, article: Any, date: str) -> str:
        text = CardText(plain(article.title), plain(self.settings.get("SITENAME", "")), date)
        key = hashlib.sha256(
            "\x1f".join(
                [
                    LAYOUT_VERSION,
                    self.font_hash(),
                    text.headline,
                    text.site_name,
                    text.date,
                    repr(sorted(self.settings["SHARECARD_COLORS"].items())),
                ]
            ).encode()
        ).hexdigest()[:12]
        path = f"{self.settings['SHARECARD_OUTPUT'].strip('/')}/{article.slug}-{key}.png"
        self.pending[path] = text
        return path

    def draw_all(self, output: Path) -> tuple[int, int]:
        """Write every named card into ``output``; returns (drawn, from cache)."""
        drawn = cached = 0
        for path, text in self.pending.items():
            cache_file = self.cache / Path(path).name
            body, _state = read_framed(cache_file)
            if body is None:
                if self._font is None:
                    _check_raqm()
                    self._font = _font_bytes(self.font_path)
                try:
                    body = render_card(
                        text,
                        self._font,
                        self.settings["SHARECARD_COLORS"],
                        self.settings["SHARECARD_MAX_BYTES"],
                    )
                except ValueError as exc:
                    raise BuildError([f"sharecard: {path}: {exc} — shorten the headline"]) from None
                drawn += 1
                try:
                    write_framed(cache_file, body)
                except OSError as exc:  # a read-only cache costs time, not the build
                    logger.debug("sharecard: could not cache %s (%s)", cache_file, exc)
            else:
                cached += 1
            write_atomic(output / path, body)
            (output / path).chmod(0o644)  # served as it is, like every other output file
        return drawn, cached


_CARDS: dict[int, Cards] = {}


# -- signal receivers (module-level: blinker holds weak references) ----------


def initialized(pelican: Any) -> None:
    SETTINGS.apply(pelican.settings)


def name_cards(generators: Any) -> None:
    """Give every published article (and translation) its card's path (``share_card``)."""
    from babel.dates import format_date
    from pelican.generators import ArticlesGenerator

    for generator in generators:
        if not isinstance(generator, ArticlesGenerator):
            continue
        settings = generator.settings
        SETTINGS.fill_defaults(settings)
        if not settings["SHARECARD_ENABLED"]:
            return
        if not str(settings.get("SITEURL") or "").startswith(("https://", "http://")):
            # og:image must be absolute, so only a deployable build (`make
            # publish`) refers to cards: a local build would draw them for
            # nothing (about 0.2 s a card, minutes for a large site)
            return
        cards = _CARDS.setdefault(id(settings), Cards(settings))
        articles = list(generator.articles)
        for article in list(articles):
            articles.extend(getattr(article, "translations", None) or [])
        for article in articles:
            if getattr(article, "status", "published") != "published":
                continue
            date = format_date(article.date, "d MMMM y", locale=article.lang or "ur")
            article.share_card = cards.name(article, date)


def draw_cards(pelican: Any) -> None:
    cards = _CARDS.pop(id(pelican.settings), None)
    if cards is None:
        return
    drawn, cached = cards.draw_all(Path(pelican.output_path))
    logger.info("sharecard: %d cards (%d drawn, %d from the cache)", drawn + cached, drawn, cached)


def register() -> None:
    install_problem_reporting()
    signals.initialized.connect(initialized)
    signals.all_generators_finalized.connect(name_cards)
    signals.finalized.connect(draw_cards)
