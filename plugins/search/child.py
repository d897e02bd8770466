"""``python -m khabarnama.search.child JOB``: the search index's process.

``search.IndexJob`` pickles ``bundle.index_shards``'s arguments into the file
``JOB`` and starts this module in a fresh interpreter; it prints
``{"indexed": n}`` or ``{"error": "…"}`` as its last line.
"""

from __future__ import annotations

import json
import os
import pickle
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from .bundle import BundleError, index_shards

#: The signals a build stops on; this process starts with them blocked.
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


def main(argv: Sequence[str]) -> int:
    """Index as the pickled arguments in the file ``argv[0]`` say.

    The process starts with ``STOP_SIGNALS`` blocked, so a Ctrl-C during its
    start-up waits until the handler below is in place: it then leaves at
    once and silently, and the build reports the interruption in one line.
    It also leaves when the build does, whatever way that ends: the build
    holds this process's standard input open and never writes to it, so
    end-of-file means the build is gone and nobody wants the index any more.
    """
    for stop in STOP_SIGNALS:
        signal.signal(stop, lambda signum, _frame: os._exit(128 + signum))
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    threading.Thread(target=_leave_with_the_build, daemon=True).start()
    with open(argv[0], "rb") as job:
        arguments = pickle.load(job)
    os.unlink(argv[0])  # the build removes it too, if this process never gets here
    try:
        result: dict[str, Any] = {"indexed": index_shards(*arguments)}
    except (OSError, BundleError) as error:
        result = {"error": str(error) or type(error).__name__}
    print(json.dumps(result), flush=True)
    return 0


def _leave_with_the_build() -> None:
    while os.read(sys.stdin.fileno(), 4096):  # unbuffered: no lock held at shutdown
        pass
    os._exit(1)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
