"""Pelican's ways of stopping, each printed as one line by khabarnama.problems.

The build tests (tests/site/test_real_world_build.py) reach these through real
builds where a case can be made; this covers the ones the content checks now
catch before Pelican ever gets there, so the filter stays right for them.
"""

from __future__ import annotations

import logging
import sys

import pytest
from pelican.writers import FileOverwriteFailedError

from khabarnama.problems import BuildError, _OneLinePerProblem


def record_for(error: BaseException, msg: str = "%s: %s") -> logging.LogRecord:
    try:
        raise error
    except BaseException:
        exc_info = sys.exc_info()
    return logging.LogRecord(
        "pelican", logging.CRITICAL, __file__, 1, msg, (type(error).__name__, error), exc_info
    )


def shown(record: logging.LogRecord) -> str:
    return logging.Formatter().format(record)


def test_a_build_error_is_its_lines() -> None:
    record = record_for(BuildError(["a.md:1: title: missing — add it"], "1 problem"))
    assert _OneLinePerProblem().filter(record)
    assert shown(record) == "a.md:1: title: missing — add it\n1 problem"


def test_the_runtime_error_after_a_fatal_warning_is_not_shown() -> None:
    assert not _OneLinePerProblem().filter(record_for(RuntimeError("Warning or error encountered")))


def test_a_file_written_twice_is_one_line_naming_it() -> None:
    record = record_for(FileOverwriteFailedError("Failed to overwrite out/glossary/index.html"))
    assert _OneLinePerProblem().filter(record)
    line = shown(record)
    assert "\n" not in line and "Traceback" not in line
    assert line.startswith("Failed to overwrite out/glossary/index.html — ")


def test_a_file_system_error_is_one_line_naming_the_file() -> None:
    record = record_for(PermissionError(13, "Permission denied", "output/index.html"))
    assert _OneLinePerProblem().filter(record)
    assert shown(record) == (
        "output/index.html: Permission denied — fix the file or folder, then build again"
    )


def test_a_bug_keeps_its_traceback() -> None:
    record = record_for(KeyError("oops"))
    assert _OneLinePerProblem().filter(record)
    assert "Traceback" in shown(record)


def test_pelicans_ctrl_c_message_is_one_line_and_status_130(
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = logging.LogRecord(
        "pelican", logging.WARNING, __file__, 1, "Keyboard interrupt received. Exiting.", (), None
    )
    with pytest.raises(SystemExit) as stopped:
        _OneLinePerProblem().filter(record)
    assert stopped.value.code == 130
    assert capsys.readouterr().err == "interrupted (Ctrl-C): the build stopped before it finished\n"
