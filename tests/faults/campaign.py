"""The SIGKILL campaigns' kill points, and which of them a run kills at (all, or a sample).

A point is a phase of the cycle and a delay after the phase is first seen; the delays spread
evenly over the phase's usual length, so the full campaign lands early, mid-way and late in each.
"""

from __future__ import annotations

import os
import random
from dataclasses import dataclass

PHASES = {"dlt": ("extract", "normalize", "load"), "dbt": ("snapshot", "dbt build")}
POINTS_PER_PHASE = 15  # 5 phases x 15 = 75 kills in the full campaign
# Seconds after the phase is seen within which the kills spread.
SPREAD = {"extract": 0.3, "normalize": 0.05, "load": 0.3, "snapshot": 0.5, "dbt build": 2.0}
# Points per campaign that `make test` kills at.
SAMPLE_SIZE = int(os.environ.get("WAREHOUSE_FAULT_SAMPLE", "1"))
SEED_VARIABLE = "WAREHOUSE_FAULT_SEED"
# One seed per pytest run (tests/conftest.py draws it), printed so that a sample can be rerun.
SEED = int(os.environ.get(SEED_VARIABLE) or os.environ["WAREHOUSE_FAULT_RUN_SEED"])


@dataclass(frozen=True, order=True)
class KillPoint:
    phase: str
    index: int

    @property
    def delay(self) -> float:
        return SPREAD[self.phase] * (self.index + 0.5) / POINTS_PER_PHASE

    def __str__(self) -> str:
        return f"{self.phase} +{self.delay:.3f}s"


def every_point(campaign: str) -> list[KillPoint]:
    """The campaign's points, phase by phase in turn (extract, normalize, load, extract, ...)."""
    return [KillPoint(p, i) for i in range(POINTS_PER_PHASE) for p in PHASES[campaign]]


def whole_campaign() -> bool:
    """`make test-faults` asks for every point; a given seed asks for the sample it chose."""
    return os.environ.get("WAREHOUSE_FAULT_POINTS") == "all" and SEED_VARIABLE not in os.environ


def chosen_points(campaign: str) -> tuple[list[KillPoint], str]:
    """The points this run kills at, and a line saying which and how to rerun them."""
    points = every_point(campaign)
    if whole_campaign():
        return points, f"every point ({len(points)})"
    sample = random.Random(f"{SEED}:{campaign}").sample(points, min(SAMPLE_SIZE, len(points)))
    return sample, f"a sample of {len(sample)} of {len(points)} points, {rerun_command()}"


def rerun_command() -> str:
    sample = (
        f" WAREHOUSE_FAULT_SAMPLE={SAMPLE_SIZE}" if "WAREHOUSE_FAULT_SAMPLE" in os.environ else ""
    )
    return f"seed {SEED}: rerun it with {SEED_VARIABLE}={SEED}{sample} make test-faults"
