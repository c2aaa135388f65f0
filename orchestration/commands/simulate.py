"""`warehouse simulate`: advance the sources' simulated clock and apply each interval's activity."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from common.sources import GENERATED_SOURCES

if TYPE_CHECKING:
    from orchestration.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "simulate", help="simulate source activity: orders, prices, trades", description=__doc__
    )
    parser.add_argument("--ticks", type=int, default=1, help="how many intervals (default 1)")
    parser.add_argument("--interval", default="1h", help="simulated time per tick: 15m, 1h, 1d")
    parser.add_argument("--seed", type=int, help="reproducible activity (default: random)")
    parser.add_argument(
        "--source", choices=(*GENERATED_SOURCES, "all"), default="all", help="default: all"
    )
    parser.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from seeds_generator import GeneratorError, parse_interval, simulate

    if args.ticks < 1:
        raise GeneratorError(f"--ticks must be a positive integer, got {args.ticks}")
    interval = parse_interval(args.interval)
    sources = GENERATED_SOURCES if args.source == "all" else (args.source,)
    urls = {source: settings.source_urls[source] for source in sources}
    simulate(
        urls,
        ticks=args.ticks,
        interval=interval,
        seed=args.seed,
        on_tick=lambda report: print(report, flush=True),  # as each tick commits
    )
    return 0
