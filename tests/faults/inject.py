"""Fires a fault from a watcher thread the moment a running cycle reaches a given point."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from tests.faults.phases import POLL_SECONDS


@contextmanager
def inject_when(
    condition: Callable[[], bool], fault: Callable[[], None], timeout: float = 300
) -> Iterator[threading.Event]:
    """Runs `fault()` once, as soon as `condition()` holds; the event tells whether it fired."""
    fired, done = threading.Event(), threading.Event()

    def watch() -> None:
        deadline = time.monotonic() + timeout
        while not done.is_set() and time.monotonic() < deadline:
            if condition():
                fault()
                fired.set()
                return
            time.sleep(POLL_SECONDS)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        yield fired
    finally:
        done.set()
        watcher.join()
