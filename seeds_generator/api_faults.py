"""How the served demo APIs misbehave, as real ones do: rate limits, server errors, stalls.

Each request draws its fate from a seeded generator (so a run is reproducible), unless a test
or a demo forced a burst (`burst`) or took the API down (`down`).
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field

# Seconds a rate-limited client is told to wait (the Retry-After header).
RETRY_AFTER_SECONDS = 1


@dataclass
class FaultPlan:
    """Chances per request of a 429, a 500 and a stall longer than a client's timeout."""

    seed: int = 0
    rate_limited: float = 0.02
    server_error: float = 0.02
    stall: float = 0.0
    stall_seconds: float = 6.0
    _forced: list[str] = field(default_factory=list)
    _down: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)  # noqa: S311 (reproducible faults, not secrets)
        self.served: dict[str, int] = {}

    def burst(self, fault: str, count: int) -> None:
        """The next `count` requests fail with `fault` ("429", "500" or "stall")."""
        with self._lock:
            self._forced.extend([fault] * count)

    def down(self, is_down: bool = True) -> None:
        """Every request gets a 503 until `down(False)`."""
        self._down = is_down

    def calm(self) -> None:
        """No random faults from now on (a test's steady state)."""
        self.rate_limited = self.server_error = self.stall = 0.0

    def next_fault(self) -> str | None:
        """What happens to the request now arriving: None (served) or the fault's name."""
        with self._lock:
            fault = self._draw()
            key = fault or "ok"
            self.served[key] = self.served.get(key, 0) + 1
            return fault

    def _draw(self) -> str | None:
        if self._down:
            return "503"
        if self._forced:
            return self._forced.pop(0)
        roll = self._rng.random()
        for fault, chance in (
            ("429", self.rate_limited),
            ("500", self.server_error),
            ("stall", self.stall),
        ):
            if roll < chance:
                return fault
            roll -= chance
        return None
