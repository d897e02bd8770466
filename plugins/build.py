"""``python -m khabarnama.build``: Pelican's command line, as ``make html`` runs it.

Ctrl-C reaches every process of the build at once (Pelican, the font
plugin's forked workers, Pagefind) and, left to Python, each prints a
traceback from wherever it was, even from inside an import. The handler is
installed here, before Pelican is imported: the main process prints one line
and exits with status 130 (the shell's status for SIGINT), the forked
workers, which inherit it, exit silently. Caches are written atomically
(``khabarnama.cache``) and the Makefile builds into a staging folder, so
stopping at any point leaves nothing half-written behind.
"""

from __future__ import annotations

import os
import signal
import sys
from types import FrameType

MAIN_PID = os.getpid()


def _interrupted(signum: int, frame: FrameType | None) -> None:
    if os.getpid() == MAIN_PID:
        os.write(2, b"interrupted (Ctrl-C): the build stopped before it finished\n")
    os._exit(128 + signum)


def main() -> None:
    signal.signal(signal.SIGINT, _interrupted)
    from pelican import main as pelican_main

    sys.argv[0] = "pelican"
    pelican_main()


if __name__ == "__main__":
    main()
