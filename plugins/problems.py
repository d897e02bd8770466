"""How our plugins report problems under Pelican's ``--fatal warnings``.

Pelican's logger raises ``RuntimeError`` after the first warning when run with
``--fatal warnings``, and ``pelican.main`` logs any exception with its
traceback. A contributor needs the list of problems, one line each, and
nothing else. So a plugin never logs a problem that stops the build: it
raises :class:`BuildError` with every problem it found, and the filter that
:func:`install` puts on Pelican's logger prints exactly those lines. Problems
that must not stop the build (a byte-order mark, CRLF line endings) go to
:func:`advise`, which prints them as warnings through a logger that
``--fatal warnings`` does not arm. A plugin that must finish its work before
stopping (the font plugin leaves the output safe first) prints its problems
with :func:`show` as it finds them and raises a :class:`BuildError` with only
a summary at the end.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from typing import NoReturn

from .cache import harden_pelican_caches

__all__ = ["BuildError", "advise", "install", "interrupted", "show", "stop"]


class BuildError(Exception):
    """Every problem that stops the build, each a line naming the file and the fix."""

    exitcode = 1

    def __init__(self, problems: Iterable[object], summary: str = "") -> None:
        self.problems = [str(p) for p in problems]
        self.summary = summary
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        return [*self.problems, *([self.summary] if self.summary else [])]


def stop(problems: Iterable[object], summary: str = "") -> NoReturn:
    raise BuildError(problems, summary)


#: What Pelican's FatalLogger raises after it printed a warning under
#: ``--fatal warnings``; the warning itself is the line that matters.
_FATAL_WARNING = "Warning or error encountered"
#: What ``pelican.main`` logs when Ctrl-C stops it.
_INTERRUPTED = "Keyboard interrupt received"


def _environment_line(error: BaseException) -> str | None:
    """One line for the mistakes a build meets outside its code: a file Pelican
    was asked to write twice, a file it could not read or write. ``None`` for
    anything else (a bug: its traceback is worth having)."""
    from pelican.writers import FileOverwriteFailedError

    if isinstance(error, FileOverwriteFailedError):
        return (
            f"{error} — two pages want the same output file: give the article or page "
            "another Slug (make check names it)"
        )
    if isinstance(error, OSError) and error.filename:
        what = error.strerror or str(error)
        return f"{error.filename}: {what} — fix the file or folder, then build again"
    return None


class _OneLinePerProblem(logging.Filter):
    """Print a BuildError as its lines: no class name, no traceback.

    Also, for Pelican's own ways of stopping: after a warning under
    ``--fatal warnings`` only the warning is shown (not the RuntimeError and
    its traceback), Ctrl-C is one line and exit status 130, and a file or
    folder problem is one line naming the file.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, BuildError):
            record.msg, record.args = "\n".join(error.lines), ()
            record.exc_info = record.exc_text = None
            return True
        if isinstance(error, RuntimeError) and str(error) == _FATAL_WARNING:
            return False  # the warning that raised it was printed just before
        if record.levelno >= logging.WARNING and str(record.msg).startswith(_INTERRUPTED):
            interrupted()
        line = _environment_line(error) if error is not None else None
        if line is not None:
            record.msg, record.args = line, ()
            record.exc_info = record.exc_text = None
        return True


def interrupted() -> NoReturn:
    """Ctrl-C: one line and the shell's status for SIGINT, wherever the build was."""
    sys.stderr.write("interrupted (Ctrl-C): the build stopped before it finished\n")
    sys.stderr.flush()
    raise SystemExit(130)


_FILTER = _OneLinePerProblem()

#: Not created by ``logging.getLogger``, so not Pelican's FatalLogger: a
#: warning logged here is shown but never turned into an exception.
_ADVICE = logging.Logger("khabarnama")
_ADVICE.parent = logging.getLogger()


def install() -> None:
    """Put the filter on Pelican's logger (idempotent; each plugin's register calls it),
    and make Pelican's own caches survive an interrupted build: a damaged one
    would otherwise be a traceback on every build after it."""
    pelican_logger = logging.getLogger("pelican")
    if _FILTER not in pelican_logger.filters:
        pelican_logger.addFilter(_FILTER)
    harden_pelican_caches()


def show(lines: Iterable[object], level: int = logging.WARNING) -> None:
    """Print problems now, one line each, without Pelican turning them into exceptions."""
    for line in lines:
        _ADVICE.log(level, "%s", line)


def advise(lines: Iterable[object]) -> None:
    """Show problems that do not stop the build (``make check`` lists them too)."""
    show(lines, logging.WARNING)
