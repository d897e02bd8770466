"""Shaping-aware subsetting strategy for the fontsubset plugin (issue 5).

``subset_shaping(font_bytes, units)`` keeps only the glyphs and layout data
that shaping the site's text units needs — plus what unseen text needs to
join and keep its marks — and proves the result shapes every unit exactly as
the full font.
"""

from .core import ShapingError, ShapingOptions, ShapingResult, ots_check, subset_shaping
from .units import TextUnit, text_units

__all__ = [
    "ShapingError",
    "ShapingOptions",
    "ShapingResult",
    "TextUnit",
    "ots_check",
    "subset_shaping",
    "text_units",
]
