"""`warehouse generate`: create the source databases and fill them with two years of history."""

from __future__ import annotations

import argparse
import time
from typing import TYPE_CHECKING

from common.sources import GENERATED_SOURCES

if TYPE_CHECKING:
    from orchestration.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "generate", help="create and fill the totesys and stock_db sources", description=__doc__
    )
    parser.add_argument(
        "--source", choices=(*GENERATED_SOURCES, "all"), default="all", help="default: all"
    )
    parser.add_argument(
        "--scale", type=float, default=1.0, help="1 = about two years of real volume (default)"
    )
    parser.add_argument("--seed", type=int, default=42, help="same seed, same data (default 42)")
    parser.add_argument(
        "--reset", action="store_true", help="drop and recreate the tables if they exist"
    )
    parser.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from seeds_generator import generate, preflight

    sources = GENERATED_SOURCES if args.source == "all" else (args.source,)
    urls = {source: settings.source_urls[source] for source in sources}
    # Check every source before writing any, so a bad second source leaves the first untouched.
    for source, url in urls.items():
        preflight(source, url, scale=args.scale, reset=args.reset)
    for source, url in urls.items():
        started = time.perf_counter()
        counts = generate(source, url, scale=args.scale, seed=args.seed, reset=args.reset)
        elapsed = time.perf_counter() - started
        tables = ", ".join(f"{table} {rows:,}" for table, rows in counts.items())
        print(f"{source}: {sum(counts.values()):,} rows in {elapsed:.1f}s ({tables})")
    return 0
