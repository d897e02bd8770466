"""Log lines and the machine-readable report.

Messages are gathered during the run and emitted at the end, once the output
is in its safe state: a stop in the middle of wiring would leave it
half-rewritten. Problems are printed with ``khabarnama.problems.show`` (one
line each, never an exception); the Pelican hook then stops the build.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..cache import write_atomic
from ..problems import show

logger = logging.getLogger(__name__)


@dataclass
class Log:
    infos: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    warnings: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)
    errors: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)

    def info(self, msg: str, *args: Any) -> None:
        self.infos.append((msg, args))

    def warning(self, msg: str, *args: Any) -> None:
        self.warnings.append((msg, args))

    def error(self, msg: str, *args: Any) -> None:
        self.errors.append((msg, args))

    def emit(self) -> int:
        """Infos first (they are the report), then errors, then warnings.

        Returns how many problems were shown: any one stops the build.
        """
        for msg, args in self.infos:
            logger.info(msg, *args)
        show((msg % args for msg, args in self.errors), logging.ERROR)
        show((msg % args for msg, args in self.warnings), logging.WARNING)
        return len(self.errors) + len(self.warnings)


def human(n: int) -> str:
    return f"{n:,}"


def font_line(entry: dict[str, Any]) -> tuple[str, tuple[Any, ...]]:
    if entry["status"] != "subset":
        return "fontsubset: %s: %s (%s)", (entry["font"], entry["status"], entry.get("reason", ""))
    return (
        "fontsubset: %s: %s → %s bytes, %d/%d glyphs, %d code points, %.2f s (%s%s)",
        (
            entry["font"],
            human(entry["source_bytes"]),
            human(entry["subset_bytes"]),
            entry["glyphs_kept"],
            entry["glyphs_total"],
            entry["codepoints"],
            entry["seconds"],
            "cached" if entry["cache"] == "hit" else "subsetted",
            {"ran": ", verified", "cached": ", verified earlier", "skipped": ""}[entry["verify"]],
        ),
    )


def write_report(path: Path, report: dict[str, Any]) -> str | None:
    """Write atomically; returns an error text instead of raising."""
    try:
        write_atomic(path, json.dumps(report, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    return None
