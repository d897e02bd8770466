"""Bilingual glossary: link Urdu mentions to English entry pages, and back."""

from .glossary import GlossaryGenerator, register

__all__ = ["GlossaryGenerator", "register"]
