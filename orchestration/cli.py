"""Runs the warehouse: extracts the totesys and stock_db sources into the lake (parquet) and the
raw schemas with dlt, then builds the star schemas (marts) with dbt, once or on a schedule."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from orchestration.commands import COMMANDS

EPILOG = """\
A first try: `warehouse run --cycles 3 --simulate` (what `make run` does). The target is
WAREHOUSE_TARGET or --target; the postgres target reads its settings from .dlt/secrets.toml or
environment variables. `warehouse COMMAND --help` describes each command."""


def build_parser() -> argparse.ArgumentParser:
    """The parser: importing each command's module costs only argparse (their work is lazy)."""
    parser = argparse.ArgumentParser(
        prog="warehouse",
        description=__doc__,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--target",
        choices=("local", "postgres"),
        help="deployment (default: WAREHOUSE_TARGET, else local)",
    )
    subparsers = parser.add_subparsers(
        dest="command", required=True, title="commands", metavar="COMMAND"
    )
    for name in COMMANDS:
        importlib.import_module(f"orchestration.commands.{name}").register(subparsers)
    return parser


def _user_errors() -> tuple[type[Exception], ...]:
    """Errors a user can act on: printed as one line, exit 1, no traceback. Imported only once
    one was raised, so that `--help` and argument errors load no pipeline library."""
    from ingestion.errors import IngestionError
    from orchestration.settings import SettingsError
    from seeds_generator.errors import GeneratorError

    return (SettingsError, GeneratorError, IngestionError)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    from orchestration.settings import load_settings

    try:
        settings = load_settings(args.target)
        return int(args.func(settings, args) or 0)
    except KeyboardInterrupt:
        print(f"warehouse {args.command}: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if not isinstance(error, _user_errors()):
            raise
        print(f"warehouse {args.command}: error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
