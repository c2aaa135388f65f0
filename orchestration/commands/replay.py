"""`warehouse replay`: rebuild the raw schemas from the lake alone (no source access)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TYPE_CHECKING

from orchestration.commands.ingest import DATABASE_NAMES, add_source_option, chosen_sources

if TYPE_CHECKING:
    from orchestration.settings import Settings


def since_date(text: str) -> dt.date:
    """A YYYY-MM-DD date (argparse type): a bad one is a usage error naming the format."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, such as 2025-01-31, got {text!r}"
        ) from None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "replay", help="rebuild raw_* from the lake's loads since a date", description=__doc__
    )
    parser.add_argument(
        "--since",
        type=since_date,
        required=True,
        metavar="YYYY-MM-DD",
        help="the first load date to re-apply; on or before the first load rebuilds raw_* entirely",
    )
    add_source_option(parser, DATABASE_NAMES)
    parser.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from ingestion.replay import replay

    for source in chosen_sources(args, DATABASE_NAMES):
        report = replay(
            source,
            since=args.since,
            **settings.ingest_places,
        )
        print(report)
    return 0
