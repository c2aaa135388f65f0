"""Deterministic helpers of the served feeds: a stable pseudo-random number per key."""

from __future__ import annotations

import hashlib

# The share of records a served feed gets wrong on purpose (missing fields, wrong types, …).
MALFORMED_SHARE = 0.02


def unit(*parts: object) -> float:
    """A number in [0, 1) fixed by `parts` (a seed and a record's identity)."""
    digest = hashlib.sha256(":".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def malformed(seed: int, *key: object) -> bool:
    """Whether the record with this key is served malformed (about MALFORMED_SHARE of them)."""
    return unit(seed, "malformed", *key) < MALFORMED_SHARE


def pick(seed: int, options: tuple | list, *key: object) -> object:
    """One of `options`, fixed by the key."""
    return options[int(unit(seed, "pick", *key) * len(options))]
