"""Self-time accounting for nested timed calls (plugins) and inclusive stages."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["Timer"]


class Timer:
    """``self_time[plugin]`` excludes time spent in nested *plugin* calls."""

    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.self_time: dict[str, float] = defaultdict(float)
        self.by_signal: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.stages: dict[str, float] = defaultdict(float)
        self._stack: list[list[float]] = []  # [start, time in nested plugin calls]

    @contextmanager
    def measure(self, key: str, *, plugin: bool, signal: str = "") -> Iterator[None]:
        start = time.perf_counter()
        if plugin:
            self._stack.append([start, 0.0])
        try:
            yield
        finally:
            elapsed = time.perf_counter() - start
            if not plugin:
                self.stages[key] += elapsed
            else:
                _, nested = self._stack.pop()
                own = elapsed - nested
                self.self_time[key] += own
                self.by_signal[key][signal or "generator"] += own
                if self._stack:
                    self._stack[-1][1] += elapsed
