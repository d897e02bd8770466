"""``python -m khabarnama.build``: Pelican's command line, as ``make html`` runs it.

    python -m khabarnama.build [--into OUTPUT] CONTENT -s SETTINGS [pelican options]

With ``--into OUTPUT`` (what the Makefile passes) the site is built into a
staging folder of its own, ``OUTPUT.partial.<pid>``, and published only once
the whole build succeeded, by one atomic rename: ``OUTPUT`` is a symbolic
link to ``OUTPUT.site.<id>``, and publishing replaces the link (a rename of a
new link over the old one; readers and web servers see the old site or the
new one, never a mixture or nothing). The previous site folder is removed
afterwards; if that fails (a read-only folder), the new site is still live.
A first build over a plain ``OUTPUT`` folder moves that folder aside before
the link takes its place, and moves it back if the link cannot be made.

Builds of the same ``OUTPUT`` take turns (``flock`` on ``.OUTPUT.lock``):
two at once would share caches and race for the link. Whoever holds the lock
first removes staging and site folders that a killed build left behind.

Ctrl-C reaches every process of the build at once (Pelican, the font
plugin's forked workers, Pagefind) and, left to Python, each prints a
traceback from wherever it was, even from inside an import. The handler is
installed here, before Pelican is imported: the main process removes its
staging folder, prints one line and exits with status 130 (128 + SIGINT),
and the forked workers, which inherit the handler, exit silently. SIGTERM is
treated the same way (status 143).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

MAIN_PID = os.getpid()
#: The staging folder of this build, removed if the build is stopped.
_staging: Path | None = None


def _stopped(signum: int, frame: FrameType | None) -> None:
    if os.getpid() == MAIN_PID:
        if _staging is not None:
            # the search index's process may still be writing into the staging
            # folder until it has seen the signal (or, on a SIGTERM sent to this
            # process alone, this process's end): move the folder out of its
            # way first, then remove both
            trash = _staging.with_name(f".{_staging.name}.stopped")
            with contextlib.suppress(OSError):
                _staging.rename(trash)
            for _ in range(20):  # until nothing writes there any more (~0.2 s at most)
                for path in (trash, _staging):
                    shutil.rmtree(path, ignore_errors=True)
                if not trash.exists() and not _staging.exists():
                    break
                time.sleep(0.01)
        what = "interrupted (Ctrl-C)" if signum == signal.SIGINT else "stopped (SIGTERM)"
        os.write(2, f"{what}: the build stopped before it finished\n".encode())
    os._exit(128 + signum)


def fail(message: str) -> int:
    sys.stderr.write(message + "\n")
    return 1


def run_pelican(arguments: Sequence[str]) -> int:
    """Pelican's ``main`` in this process; its exit status."""
    from pelican import main as pelican_main

    sys.argv = ["pelican", *arguments]
    try:
        pelican_main()
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    return 0


def take_turn(output: Path) -> int:
    """Hold the lock of ``output`` for the rest of this process; the lock's fd."""
    lock = output.parent / f".{output.name}.lock"
    fd = os.open(lock, os.O_CREAT | os.O_RDWR, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.stderr.write(f"waiting for another build of {output} to finish…\n")
        fcntl.flock(fd, fcntl.LOCK_EX)
    return fd


def leftovers(output: Path, keep: set[Path]) -> list[Path]:
    """Staging and site folders of ``output`` that no build uses (we hold the lock)."""
    prefixes = (
        f"{output.name}.partial.",
        f".{output.name}.partial.",
        f"{output.name}.site.",
        f".{output.name}.link.",
    )
    return [
        path
        for path in output.parent.iterdir()
        if path.name.startswith(prefixes) and path not in keep
    ]


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def publish(site: Path, output: Path) -> Path | None:
    """Point ``output`` at ``site`` in one rename; the folder it showed before."""
    link = output.parent / f".{output.name}.link.{os.getpid()}"
    remove(link)
    os.symlink(site.name, link)  # relative: the pair can be moved together
    previous: Path | None = None
    moved_aside: Path | None = None
    if output.is_symlink():
        previous = output.resolve()
    elif output.is_dir():
        # the first staged build over a plain folder: it steps aside first
        moved_aside = output.parent / f"{output.name}.site.before-{os.getpid()}"
        output.rename(moved_aside)
        previous = moved_aside
    try:
        os.replace(link, output)
    except OSError:
        remove(link)
        if moved_aside is not None:
            moved_aside.rename(output)
        raise
    return previous


def staged(output: Path, arguments: list[str]) -> int:
    global _staging
    output = Path(os.path.abspath(output))
    if output.exists() and not output.is_dir():
        return fail(f"{output}: exists and is not a folder — move it away, then build again")
    output.parent.mkdir(parents=True, exist_ok=True)
    lock = take_turn(output)
    current = output.resolve() if output.is_symlink() else None
    for stale in leftovers(output, keep={current} if current else set()):
        remove(stale)
    _staging = output.parent / f"{output.name}.partial.{os.getpid()}"
    code = run_pelican([*arguments, "-o", str(_staging)])
    if code != 0:
        remove(_staging)
        return code
    site = output.parent / f"{output.name}.site.{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
    try:
        _staging.rename(site)
        _staging = None
        previous = publish(site, output)
    except OSError as error:
        remove(site)
        if _staging is not None:
            remove(_staging)
        return fail(
            f"{output}: the new site could not be put in place ({error.strerror or error}) — "
            "the previous site is unchanged; fix the folder's permissions and build again"
        )
    if previous is not None and previous != site:
        shutil.rmtree(previous, ignore_errors=True)
        if previous.exists():
            sys.stderr.write(
                f"{previous}: the previous site could not be removed (the new one is live) — "
                "remove it when convenient\n"
            )
    os.close(lock)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    signal.signal(signal.SIGINT, _stopped)
    signal.signal(signal.SIGTERM, _stopped)
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["--into"] and len(arguments) >= 2:
        return staged(Path(arguments[1]), arguments[2:])
    return run_pelican(arguments)


if __name__ == "__main__":
    sys.exit(main())
