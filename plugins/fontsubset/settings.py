"""Settings of the fontsubset plugin: defaults, validation, and the typed view.

Pelican settings are a flat dict of UPPERCASE names; this module is the one
place that knows the plugin's names, fills their defaults and turns them into
frozen dataclasses, so no other module reads ``settings`` directly.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..settings import PluginSettings, Setting

#: Bumped whenever the output for the same inputs may change; part of the cache key.
PLUGIN_VERSION = "1.2.0"

PREFIX = "FONTSUBSET_"

#: The mapping shared with the theme: text whose effective ``lang`` matches one
#: of ``lang`` (BCP 47 prefix match, like CSS ``:lang()``) is rendered by this
#: face. ``source`` and ``stylesheet`` are paths inside OUTPUT_PATH.
DEFAULT_FONT: dict[str, Any] = {
    "family": "Noto Nastaliq Urdu",
    "source": "theme/fonts/noto-nastaliq-urdu-arabic-400-normal.woff2",
    "weight": 400,
    "style": "normal",
    "lang": ["ur"],
    "stylesheet": "theme/css/fonts.css",
    "unicode_range": None,
    "extra_text": "",
}

FONT_KEYS_REQUIRED = ("family", "source", "lang")
FONT_KEYS_OPTIONAL = {
    "weight": 400,
    "style": "normal",
    "stylesheet": "theme/css/fonts.css",
    "unicode_range": None,
    "extra_text": "",
}

STRATEGIES = ("shaping", "codepoints")

SETTINGS = PluginSettings(
    "fontsubset",
    PREFIX,
    {
        "FONTSUBSET_FONTS": Setting(
            [DEFAULT_FONT],
            "the @font-face rules to subset (see README.md for the keys)",
            "a list of dicts",
            lambda v: isinstance(v, (list, tuple)),
        ),
        "FONTSUBSET_EXTRA_TEXT": Setting(
            "", "text always kept in every subset", "a string", lambda v: isinstance(v, str)
        ),
        "FONTSUBSET_VERIFY": Setting(True, "prove each subset shapes the site's text exactly"),
        "FONTSUBSET_STRATEGY": Setting(
            "shaping",
            "what a subset keeps: what shaping uses, or every glyph of the code points",
            " or ".join(repr(x) for x in STRATEGIES),
            lambda v: v in STRATEGIES,
        ),
        "FONTSUBSET_CACHE_PATH": Setting(None, "cache folder (None: CACHE_PATH/fontsubset)"),
        "FONTSUBSET_REPORT_PATH": Setting(None, "the JSON report (None: in the cache folder)"),
        "FONTSUBSET_LOCK_PATH": Setting(
            None,
            "folder of the locked main subsets, to commit (None: in the cache folder; False: "
            "no lock, the subset follows the text on every build); builds verify against the "
            "lock and serve text it cannot shape from supplements",
            "None, False or a folder",
            lambda v: v is None or v is False or (isinstance(v, str) and bool(v)),
        ),
    },
)
DEFAULTS = SETTINGS.defaults


@dataclass(frozen=True)
class FontSpec:
    """One @font-face the plugin subsets; ``index`` names it in messages."""

    index: int
    family: str
    source: str
    weight: int | str
    style: str
    lang: tuple[str, ...]
    stylesheet: str
    unicode_range: str | None
    extra_text: str

    @property
    def label(self) -> str:
        return f"{self.family} {self.weight} {self.style}"

    @property
    def setting(self) -> str:
        return f"FONTSUBSET_FONTS[{self.index}]"

    def matches_lang(self, lang: str | None) -> bool:
        """CSS :lang() semantics: 'ur' matches 'ur' and 'ur-PK', case-insensitively."""
        if not lang:
            return False
        lang = lang.lower()
        return any(lang == want or lang.startswith(want + "-") for want in self.lang)


@dataclass(frozen=True)
class Config:
    output_path: Path
    fonts: tuple[FontSpec, ...]
    extra_text: str
    verify: bool
    strategy: str
    cache_path: Path
    report_path: Path
    lock_path: Path | None


@dataclass
class Problems:
    """Messages gathered while reading settings, emitted by the caller in order."""

    errors: list[str] = field(default_factory=list)


def fill_defaults(settings: MutableMapping[str, Any]) -> None:
    """Fill every FONTSUBSET_* default in place; safe to call any number of times.

    Path defaults hang off Pelican's CACHE_PATH (absolute when read from a
    settings file), which keeps cache and report outside the deployed output.
    """
    SETTINGS.fill_defaults(settings)
    if settings.get("FONTSUBSET_CACHE_PATH") is None:
        base = settings.get("CACHE_PATH") or "cache"
        settings["FONTSUBSET_CACHE_PATH"] = os.path.join(base, "fontsubset")
    if settings.get("FONTSUBSET_LOCK_PATH") is None:
        settings["FONTSUBSET_LOCK_PATH"] = os.path.join(settings["FONTSUBSET_CACHE_PATH"], "lock")
    if settings.get("FONTSUBSET_REPORT_PATH") is None:
        settings["FONTSUBSET_REPORT_PATH"] = os.path.join(
            settings["FONTSUBSET_CACHE_PATH"], "report.json"
        )


def _is_inside(child: Path, parent: Path) -> bool:
    try:
        child.resolve().relative_to(parent.resolve())
    except ValueError:
        return False
    return True


def _font_spec(index: int, raw: Any, problems: Problems) -> FontSpec | None:
    where = f"FONTSUBSET_FONTS[{index}]"
    if not isinstance(raw, Mapping):
        problems.errors.append(
            f"fontsubset: {where} must be a dict with keys family, source, lang, "
            f"got {type(raw).__name__}"
        )
        return None
    missing = [k for k in FONT_KEYS_REQUIRED if not raw.get(k)]
    if missing:
        problems.errors.append(
            f"fontsubset: {where} lacks {', '.join(missing)} — "
            f"see plugins/fontsubset/README.md for the keys"
        )
        return None
    for key in sorted(set(raw) - set(FONT_KEYS_REQUIRED) - set(FONT_KEYS_OPTIONAL)):
        problems.errors.append(
            f"settings: {where}: unknown key {key!r} — remove it or use one of: "
            f"{', '.join([*FONT_KEYS_REQUIRED, *FONT_KEYS_OPTIONAL])}"
        )
    lang = raw["lang"]
    if isinstance(lang, str):
        lang = [lang]
    if not isinstance(lang, (list, tuple)) or not all(isinstance(x, str) for x in lang):
        problems.errors.append(f"fontsubset: {where}['lang'] must be a list of language tags")
        return None
    values = {k: raw.get(k, default) for k, default in FONT_KEYS_OPTIONAL.items()}
    for key in ("source", "stylesheet"):
        value = raw.get(key, values.get(key))
        if not isinstance(value, str) or os.path.isabs(value) or ".." in Path(value).parts:
            problems.errors.append(
                f"fontsubset: {where}['{key}'] must be a relative path inside OUTPUT_PATH, "
                f"got {value!r}"
            )
            return None
    if values["unicode_range"] is not None and not isinstance(values["unicode_range"], str):
        problems.errors.append(f"fontsubset: {where}['unicode_range'] must be a string or None")
        return None
    if not isinstance(values["extra_text"], str):
        problems.errors.append(f"fontsubset: {where}['extra_text'] must be a string")
        return None
    return FontSpec(
        index=index,
        family=str(raw["family"]),
        source=Path(raw["source"]).as_posix(),
        weight=values["weight"],
        style=str(values["style"]),
        lang=tuple(x.lower() for x in lang),
        stylesheet=Path(values["stylesheet"]).as_posix(),
        unicode_range=values["unicode_range"],
        extra_text=values["extra_text"],
    )


def load_config(settings: MutableMapping[str, Any]) -> tuple[Config, Problems]:
    """Validate the settings into a Config plus the problems found.

    A Config comes back even when there are errors, holding every font entry
    that could be read, so the caller can still take those fonts out of the
    output safely instead of leaving the full font deployed.
    """
    fill_defaults(settings)
    problems = Problems(errors=SETTINGS.problems(settings))
    output_path = Path(settings.get("OUTPUT_PATH") or "output")

    raw_fonts = settings["FONTSUBSET_FONTS"]
    fonts: list[FontSpec] = []
    if isinstance(raw_fonts, (list, tuple)):  # else SETTINGS said so
        for index, raw in enumerate(raw_fonts):
            spec = _font_spec(index, raw, problems)
            if spec is not None:
                fonts.append(spec)
        sources = [f.source for f in fonts]
        for dup in sorted({s for s in sources if sources.count(s) > 1}):
            problems.errors.append(f"fontsubset: FONTSUBSET_FONTS lists source {dup!r} twice")

    extra_text = settings["FONTSUBSET_EXTRA_TEXT"]
    if not isinstance(extra_text, str):
        extra_text = ""
    strategy = settings["FONTSUBSET_STRATEGY"]
    cache_path = Path(settings["FONTSUBSET_CACHE_PATH"])
    report_path = Path(settings["FONTSUBSET_REPORT_PATH"])
    for name, path in (
        ("FONTSUBSET_CACHE_PATH", cache_path),
        ("FONTSUBSET_REPORT_PATH", report_path),
    ):
        if _is_inside(path, output_path):
            problems.errors.append(
                f"fontsubset: {name} ({path}) is inside OUTPUT_PATH and would be deployed — "
                f"point it outside {output_path}"
            )
    return (
        Config(
            output_path=output_path,
            fonts=tuple(fonts),
            extra_text=extra_text,
            verify=bool(settings["FONTSUBSET_VERIFY"]),
            strategy=strategy,
            cache_path=cache_path,
            report_path=report_path,
            lock_path=Path(lock)
            if isinstance(lock := settings["FONTSUBSET_LOCK_PATH"], str)
            else None,
        ),
        problems,
    )
