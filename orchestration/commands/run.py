"""`warehouse run`: one or more cycles, optionally with simulated source activity in between."""

from __future__ import annotations

import argparse
import itertools
import logging
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from orchestration.cycle.summary import RunTotals
    from orchestration.settings import Settings

log = logging.getLogger(__name__)


def duration(text: str) -> timedelta:
    """`30s`, `15m`, `1h`, `1h30m` as a timedelta (argparse type; same syntax as simulate)."""
    import seeds_generator

    try:
        return seeds_generator.parse_interval(text)
    except seeds_generator.GeneratorError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run", help="run cycles: sources → lake → raw → dbt build → marts", description=__doc__
    )
    parser.add_argument(
        "--cycles", type=positive_int, help="cycles to run (default 1; with --every, forever)"
    )
    parser.add_argument(
        "--every",
        type=duration,
        help="start a cycle every DURATION (e.g. 15m) in this process: a scheduler without "
        "cron or Dagster that also skips the per-process start-up and dbt parse",
    )
    parser.add_argument(
        "--simulate",
        action="store_true",
        help="simulate source activity between cycles (a demo of history building up)",
    )
    parser.add_argument(
        "--interval",
        type=duration,
        default=timedelta(hours=1),
        help="simulated time between cycles with --simulate (default 1h)",
    )
    parser.add_argument(
        "--ticks", type=positive_int, default=1, help="simulated ticks between cycles (1)"
    )
    parser.add_argument(
        "--full-build",
        action="store_true",
        help="build and test every dbt node (default: only what this cycle's changes reach)",
    )
    parser.set_defaults(func=handle)


def simulate_between_cycles(settings: Settings, args: argparse.Namespace) -> None:
    import seeds_generator

    reports = seeds_generator.simulate(
        settings.source_urls, ticks=args.ticks, interval=args.interval
    )
    log.info("simulated %s of source activity in %d tick(s)", args.interval, len(reports))


def _cycle_numbers(args: argparse.Namespace) -> Iterator[int]:
    """0, 1, 2 … for --cycles N, or without end for --every alone."""
    if args.cycles is None and args.every:
        return itertools.count()
    return iter(range(args.cycles or 1))


def _wait_for_slot(started: float, every: timedelta | None) -> None:
    if every:
        time.sleep(max(0.0, started + every.total_seconds() - time.monotonic()))


def _closes_with_totals(args: argparse.Namespace) -> bool:
    """A bounded run of several cycles (the demo) ends with totals and what to open next; one
    cycle from cron or a scheduler has its summary only."""
    return bool(args.cycles) and (args.cycles > 1 or sys.stdout.isatty())


def handle(settings: Settings, args: argparse.Namespace) -> int:
    from orchestration.cycle.summary import RunTotals, format_closing
    from orchestration.notify.logs import configure_logging

    configure_logging(log_file=settings.log_file)
    totals = RunTotals()
    run_cycles(settings, args, totals)
    if _closes_with_totals(args):
        print(format_closing(totals, settings), flush=True)
    return 1 if totals.failed else 0


def run_cycles(settings: Settings, args: argparse.Namespace, totals: RunTotals) -> None:
    """Each cycle in turn, its summary printed as it ends and added to `totals`."""
    from orchestration.cycle.first_run import ensure_local_sources
    from orchestration.cycle.run import run_cycle
    from orchestration.cycle.summary import format_summary
    from orchestration.dagster_defs.record import record_in_dagster

    ensure_local_sources(settings)
    for cycle in _cycle_numbers(args):
        started = time.monotonic()
        if cycle and args.simulate:
            simulate_between_cycles(settings, args)
        report = run_cycle(settings, full_build=args.full_build)
        record_in_dagster(settings, report)
        totals.add(report)
        print(format_summary(report), file=sys.stdout, flush=True)
        if args.cycles is None or cycle + 1 < args.cycles:
            _wait_for_slot(started, args.every)
