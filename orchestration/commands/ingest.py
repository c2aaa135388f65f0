"""`warehouse ingest`: extract each source into the lake and load its raw schema from that load."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from common.sources import DATABASE_SOURCES, SOURCE_NAMES

# reconcile compares with a database, replay rebuilds a database's raw tables: databases only
# (a feed has no source to compare with, and its quarantine tables are append-only).
DATABASE_NAMES = tuple(source.name for source in DATABASE_SOURCES)

if TYPE_CHECKING:
    from orchestration.settings import Settings


def add_source_option(
    parser: argparse.ArgumentParser, names: tuple[str, ...] = SOURCE_NAMES
) -> None:
    parser.add_argument("--source", choices=names, help="one source (default: all)")


def chosen_sources(
    args: argparse.Namespace, names: tuple[str, ...] = SOURCE_NAMES
) -> tuple[str, ...]:
    return (args.source,) if args.source else names


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ingest", help="extract the sources into the lake, then load raw_*", description=__doc__
    )
    add_source_option(parser)
    parser.add_argument(
        "--reextract",
        action="append",
        default=[],
        metavar="TABLE",
        help="read this table whole once (after a column was added with a default); "
        "needs --source; repeatable",
    )
    parser.set_defaults(func=run)


def run(settings: Settings, args: argparse.Namespace) -> int:
    from ingestion import IngestionError, ingest
    from orchestration.cycle import feeds

    if args.reextract and not args.source:
        raise IngestionError("--reextract needs --source (the source the table is in)")
    chosen = chosen_sources(args)
    for source in (name for name in chosen if name in settings.source_urls):
        report = ingest(
            source,
            settings.source_urls[source],
            **settings.ingest_places,
            reextract=args.reextract,
        )
        print(report)
    with feeds.feed_locations(settings) as locations:
        for source in (name for name in chosen if name in locations):
            print(feeds.ingest_feed(settings, source, locations[source]))
    return 0
