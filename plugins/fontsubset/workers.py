"""Worker processes: how many, where they come from, how they stop.

Collection, verification and the first-ever prune spread work over every
core; they share these three rules so that a worker behaves the same
whichever stage started it.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import threading
from multiprocessing.context import BaseContext

#: Processes a stage spreads its work over (at most the CPUs).
MAX_WORKERS = 4


def count() -> int:
    """How many processes a stage may keep busy: the CPUs this build may use."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MAX_WORKERS))


def context() -> BaseContext | None:
    """Where worker processes come from, or None where they cannot.

    Not ``fork`` while another thread runs: a forked copy of a threaded
    process can deadlock. A fork server is a fresh process that imports the
    plugin once (the preload) and forks each worker from there, so workers
    still start in milliseconds; what they need travels as arguments.
    """
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")  # no other thread: a plain fork is safe and quickest
    if "forkserver" not in methods:
        return None
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload([__package__ + ".verify"])  # imports the stages' modules
    return ctx


def ignore_interrupts() -> None:
    """In a worker: Ctrl-C reaches the whole process group; the worker leaves
    at once and silently (no traceback, no pending work finished first), and
    the build reports the interruption in one line."""
    signal.signal(signal.SIGINT, lambda _signum, _frame: os._exit(130))
