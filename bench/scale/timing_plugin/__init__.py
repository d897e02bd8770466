"""Benchmark-only Pelican plugin: time every plugin's work in this build.

Registered only by ``bench/scale/bench.py`` (never in ``pelicanconf.py``) and
inert unless the environment variable ``KHABARNAMA_BENCH_TIMING`` names a JSON
file to write. It changes no plugin's code; in this process only it

* times every receiver of every Pelican signal, by the plugin (top-level
  package) that owns the receiver, as self time (a plugin's receiver that
  runs inside another plugin's timed call is not counted twice);
* wraps the generator classes plugins return from ``get_generators`` so that
  their ``generate_context``/``generate_output`` count for the plugin;
* times Pelican's own generator stages (inclusive, for the stage breakdown).

The file is written at interpreter exit: blinker calls receivers in no fixed
order, so no receiver is reliably the last one.
"""

from __future__ import annotations

import atexit
import json
import os
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from pelican import generators as core_generators
from pelican.plugins import signals

from .timer import Timer

__all__ = ["ENV", "register"]

ENV = "KHABARNAMA_BENCH_TIMING"
CORE_GENERATORS = (
    "ArticlesGenerator",
    "PagesGenerator",
    "TemplatePagesGenerator",
    "StaticGenerator",
    "SourceFileGenerator",
)
STAGE_METHODS = ("generate_context", "generate_output")


def owner_of(receiver: Callable[..., Any]) -> str:
    """The plugin a receiver belongs to: ``khabarnama.<plugin>`` → ``<plugin>``."""
    func = getattr(receiver, "__func__", receiver)
    module = getattr(func, "__module__", None) or type(receiver).__module__
    parts = module.split(".")
    return parts[1] if parts[0] == "khabarnama" and len(parts) > 1 else parts[0]


def _timed_method(timer: Timer, key: str, method: Callable[..., Any], plugin: bool):
    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        with timer.measure(key, plugin=plugin):
            return method(self, *args, **kwargs)

    timed.__name__ = method.__name__
    timed.__qualname__ = method.__qualname__
    return timed


def timed_generator(timer: Timer, cls: type, owner: str) -> type:
    """A subclass of a plugin's generator whose stages count for the plugin."""
    namespace: dict[str, Any] = {"__module__": cls.__module__, "__doc__": cls.__doc__}
    for name in STAGE_METHODS:
        method = getattr(cls, name, None)
        if method is not None:
            namespace[name] = _timed_method(timer, owner, method, plugin=True)
    return type(cls.__name__, (cls,), namespace)


class SignalTimer:
    """Replaces ``send`` on every Pelican signal with a timed equivalent."""

    def __init__(self, timer: Timer) -> None:
        self.timer = timer
        self.sends: dict[str, int] = defaultdict(int)
        self.generators: dict[int, type] = {}

    def install(self) -> None:
        for name in dir(signals):
            signal = getattr(signals, name)
            if hasattr(signal, "receivers_for") and hasattr(signal, "send"):
                signal.send = self._send_for(name, signal)  # instance attribute
        for cls_name in CORE_GENERATORS:
            cls = getattr(core_generators, cls_name, None)
            for method_name in STAGE_METHODS if cls is not None else ():
                method = cls.__dict__.get(method_name)
                if method is not None:
                    key = f"{cls_name}.{method_name}"
                    setattr(cls, method_name, _timed_method(self.timer, key, method, False))

    def _send_for(self, name: str, signal: Any) -> Callable[..., list[tuple[Any, Any]]]:
        def send(sender: Any = None, /, **kwargs: Any) -> list[tuple[Any, Any]]:
            self.sends[name] += 1
            if signal.is_muted:
                return []
            results = []
            for receiver in signal.receivers_for(sender):
                owner = owner_of(receiver)
                if owner == __name__.split(".")[0]:
                    results.append((receiver, receiver(sender, **kwargs)))
                    continue
                with self.timer.measure(owner, plugin=True, signal=name):
                    value = receiver(sender, **kwargs)
                if name == "get_generators":
                    value = self._wrap_generators(value, owner)
                results.append((receiver, value))
            return results

        return send

    def _wrap_generators(self, value: Any, owner: str) -> Any:
        if isinstance(value, type):
            if id(value) not in self.generators:
                self.generators[id(value)] = timed_generator(self.timer, value, owner)
            return self.generators[id(value)]
        if isinstance(value, Iterable) and not isinstance(value, (str, bytes)):
            return [self._wrap_generators(v, owner) for v in value]
        return value


def write(path: str, timer: Timer, signal_timer: SignalTimer) -> None:
    report = {
        "started": timer.started,
        "seconds": time.perf_counter() - timer.started,
        "plugins": dict(sorted(timer.self_time.items())),
        "plugin_signals": {k: dict(v) for k, v in sorted(timer.by_signal.items())},
        "stages": dict(timer.stages),
        "sends": dict(sorted(signal_timer.sends.items())),
    }
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(report, fh, indent=1, sort_keys=True)


def register() -> None:
    path = os.environ.get(ENV)
    if not path:
        return
    timer = Timer()
    signal_timer = SignalTimer(timer)
    signal_timer.install()
    atexit.register(write, path, timer, signal_timer)
