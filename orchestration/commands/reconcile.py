"""`warehouse reconcile`: compare every source table with raw; exit 1 on any mismatch."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from orchestration.commands.ingest import DATABASE_NAMES, add_source_option, chosen_sources

if TYPE_CHECKING:
    from orchestration.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reconcile",
        help="compare each source table with raw (counts, checksums)",
        description=__doc__,
    )
    add_source_option(parser, DATABASE_NAMES)
    parser.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from ingestion.reconcile import format_reconcile, reconcile

    mismatched = 0
    for source in chosen_sources(args, DATABASE_NAMES):
        rows = reconcile(source, settings.source_urls[source], warehouse_url=settings.warehouse_url)
        print(format_reconcile(source, rows))
        mismatched += sum(not row.matches for row in rows)
    if mismatched:
        print(f"reconcile: {mismatched} table(s) differ between source and raw")
    return 1 if mismatched else 0
