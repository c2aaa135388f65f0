"""`warehouse transform`: `dbt build` (seeds, snapshots, models and tests) in-process."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from orchestration.settings import Settings

_BUILT = ("model", "snapshot", "seed")
_TESTS = ("test", "unit_test")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "transform",
        help="dbt build: seeds, snapshots, models and their tests",
        description="Runs `dbt build` on the warehouse. Other dbt options go after `--`, "
        "e.g. warehouse transform -- --fail-fast",
    )
    parser.add_argument("-s", "--select", nargs="+", help="dbt node selection")
    parser.add_argument("--exclude", nargs="+", help="dbt nodes to leave out")
    parser.add_argument("--full-refresh", action="store_true", help="rebuild incremental models")
    parser.add_argument("dbt_args", nargs=argparse.REMAINDER, help="further dbt build arguments")
    parser.set_defaults(func=run)


def dbt_build_args(args: argparse.Namespace) -> list[str]:
    """The `dbt build` command line the parsed options stand for."""
    command = ["build"]
    if args.select:
        command += ["--select", *args.select]
    if args.exclude:
        command += ["--exclude", *args.exclude]
    if args.full_refresh:
        command.append("--full-refresh")
    extra = list(args.dbt_args or [])
    return command + (extra[1:] if extra[:1] == ["--"] else extra)


def build_summary(result: Any) -> str:
    """One line: nodes built and test outcomes, e.g. '45 built, 0 errors; tests: 230 pass'."""
    results = getattr(getattr(result, "result", None), "results", None) or []
    built: Counter[str] = Counter()
    tests: Counter[str] = Counter()
    for node_result in results:
        status = str(getattr(node_result.status, "value", node_result.status))
        kind = str(node_result.node.resource_type)
        if kind in _TESTS:
            tests[status] += 1
        elif kind in _BUILT:
            built[status] += 1
    line = (
        f"{built['success']} built, {built['error']} errors, {built['skipped']} skipped; "
        f"tests: {tests['pass']} pass, {tests['warn']} warn, {tests['fail']} fail, "
        f"{tests['error']} error, {tests['skipped']} skipped"
    )
    if result.exception is not None:
        line += f"; dbt stopped: {result.exception}"
    return line


def source_clock_args(settings: Settings) -> list[str]:
    """The demo sources' simulated clocks for the snapshots, as a cycle passes them; a source
    that cannot be read is named, and its snapshots observe it at wall-clock time."""
    import seeds_generator
    from orchestration.cycle.dbt_selection import dbt_vars

    clocks = {}
    for source, url in settings.source_urls.items():
        try:
            clock = seeds_generator.observed_clock(url)
        except Exception as error:  # transform needs only the warehouse, not the sources
            print(f"warehouse transform: {source}'s clock unreadable ({type(error).__name__}); "
                  "its snapshots use wall-clock time")  # fmt: skip
            continue
        if clock is not None:
            clocks[source] = clock
    return dbt_vars(clocks)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from orchestration.cycle.dbt_runner import run_dbt

    result = run_dbt(settings, [*dbt_build_args(args), *source_clock_args(settings)])
    print(f"warehouse transform: {build_summary(result)}")
    return 0 if result.success else 1
