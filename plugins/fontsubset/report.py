"""Log lines and the machine-readable report.

Messages are gathered during the run and emitted at the end: under
``pelican --fatal warnings`` the first warning or error raises, and a raise in
the middle of wiring would leave the output half-rewritten. Emitting last
means the output is already in its safe state when the build stops.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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

    def emit(self) -> None:
        """Infos first (they are the report), then errors, then warnings:
        with --fatal the first of the last two stops the build."""
        for msg, args in self.infos:
            logger.info(msg, *args)
        for msg, args in self.errors:
            logger.error(msg, *args)
        for msg, args in self.warnings:
            logger.warning(msg, *args)


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
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".report-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2, ensure_ascii=False, sort_keys=True)
            fh.write("\n")
        os.replace(tmp, path)
    except OSError as exc:
        return f"{path}: {exc.strerror or exc}"
    return None
