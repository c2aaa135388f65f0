"""A step of the cycle: timed, logged, and recorded in the cycle's report with its outcome."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager

from orchestration.cycle.cycle_report import CycleReport, StepTiming
from orchestration.notify.logs import mask_secrets

log = logging.getLogger("orchestration.cycle.run")


class StepFailed(Exception):
    """A step of the cycle failed; the report already names it and its error."""


@contextmanager
def step(report: CycleReport, name: str) -> Iterator[None]:
    """Times a step; records the first failure in the report and stops the cycle."""
    started = time.perf_counter()
    log.info("%s: started", name, extra={"step": name})
    try:
        yield
    except Exception as error:
        seconds = round(time.perf_counter() - started, 3)
        report.steps.append(StepTiming(name, seconds, "failed"))
        report.fail(name, mask_secrets(f"{type(error).__name__}: {error}"))
        log.error("%s: failed after %.1fs: %s", name, seconds, report.error, extra={"step": name})
        raise StepFailed(name) from error
    seconds = round(time.perf_counter() - started, 3)
    report.steps.append(StepTiming(name, seconds, "success"))
    log.info("%s: done in %.1fs", name, seconds, extra={"step": name, "seconds": seconds})
