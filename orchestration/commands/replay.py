"""`warehouse replay`: rebuild the raw schemas from the lake alone (no source access)."""

from __future__ import annotations

import argparse
import datetime as dt

from ingestion.replay import replay
from orchestration.commands.ingest import add_source_option, chosen_sources
from orchestration.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "replay", help="re-apply the lake loads dated SINCE or later to raw_* (from the lake only)"
    )
    parser.add_argument(
        "--since",
        type=dt.date.fromisoformat,
        required=True,
        help="YYYY-MM-DD; on or before the first load rebuilds raw_* entirely",
    )
    add_source_option(parser)
    parser.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    for source in chosen_sources(args):
        report = replay(
            source,
            since=args.since,
            lake_url=settings.lake_url,
            lake_credentials=settings.lake_credentials,
            warehouse_url=settings.warehouse_url,
            pipelines_dir=settings.pipelines_dir,
        )
        print(report)
    return 0
