"""Declared settings: each plugin's names, defaults, types and documentation in one table.

Pelican settings are one flat dict, and a misspelt name is silently ignored
by Pelican. Every plugin of ours declares its settings here once; the same
code fills the defaults (deep copies, so no build mutates another's), rejects
unknown names with the prefix and values of the wrong kind, and gives every
plugin the same message format and severity: an unknown or invalid setting
is an error that stops the build before anything is written.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass
from typing import Any

from .problems import BuildError

__all__ = ["PluginSettings", "Setting", "is_positive_int", "is_str_list"]


@dataclass(frozen=True)
class Setting:
    """One setting: its default, what it means, and what a valid value is."""

    default: Any
    doc: str
    #: A valid value "is ..." this (completes the error message); "" means any value.
    expect: str = ""
    valid: Callable[[Any], bool] | None = None


def is_positive_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def is_str_list(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value)


class PluginSettings:
    """The settings of one plugin: ``prefix`` names are all declared in ``declared``.

    ``declared`` may also name settings outside the prefix that the plugin
    reads (``TAG_SLUGS``, ``URDU_DIGITS``); they get defaults and checks too.
    ``check`` sees the whole settings once each value is valid, for rules that
    span settings; it returns ``(name, what, fix)`` triples like :meth:`issues`.
    """

    def __init__(
        self,
        plugin: str,
        prefix: str,
        declared: Mapping[str, Setting],
        check: Callable[[Mapping[str, Any]], list[tuple[str, str, str]]] | None = None,
    ) -> None:
        self.plugin = plugin
        self.prefix = prefix
        self.declared = dict(declared)
        self._check = check

    @property
    def defaults(self) -> dict[str, Any]:
        return {name: copy.deepcopy(s.default) for name, s in self.declared.items()}

    def fill_defaults(self, settings: MutableMapping[str, Any]) -> None:
        """Give every missing setting its default; safe to call any number of times."""
        for name, setting in self.declared.items():
            if name not in settings:
                settings[name] = copy.deepcopy(setting.default)

    def issues(self, settings: Mapping[str, Any]) -> list[tuple[str, str, str]]:
        """Every unknown or invalid setting as ``(name, what is wrong, what to do)``."""
        known = ", ".join(sorted(n for n in self.declared if n.startswith(self.prefix)))
        found = [
            (name, f"unknown {self.plugin} setting", f"remove it or use one of: {known}")
            for name in sorted(settings)
            if name.startswith(self.prefix) and name not in self.declared
        ]
        for name, setting in self.declared.items():
            value = settings.get(name, setting.default)
            if setting.valid is not None and not setting.valid(value):
                found.append((name, f"{value!r} is not valid", f"use {setting.expect}"))
        if self._check is not None and not found:
            found += self._check(settings)
        return found

    def problems(self, settings: Mapping[str, Any]) -> list[str]:
        """:meth:`issues` as lines: ``settings: NAME: what — what to do``."""
        return [f"settings: {name}: {what} — {fix}" for name, what, fix in self.issues(settings)]

    def apply(self, settings: MutableMapping[str, Any]) -> None:
        """Fill the defaults, then stop the build on any problem (Pelican's ``initialized``)."""
        self.fill_defaults(settings)
        found = self.problems(settings)
        if found:
            raise BuildError(found)

    def table(self) -> str:
        """The settings as a Markdown table, for the plugin's README."""
        rows = ["| setting | default | meaning |", "| --- | --- | --- |"]
        rows += [f"| `{n}` | `{s.default!r}` | {s.doc} |" for n, s in self.declared.items()]
        return "\n".join(rows)
