"""The `warehouse` command: one entry point whose subcommands live in orchestration.commands."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Sequence

from ingestion.errors import IngestionError
from orchestration import commands
from orchestration.settings import SettingsError, load_settings
from seeds_generator.errors import GeneratorError

# Errors a user can act on: printed as one line, exit 1, no traceback.
USER_ERRORS: tuple[type[Exception], ...] = (SettingsError, GeneratorError, IngestionError)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="warehouse", description=__doc__)
    parser.add_argument(
        "--target",
        choices=("local", "postgres"),
        help="deployment (default: WAREHOUSE_TARGET, else local)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for module_info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{module_info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    try:
        settings = load_settings(args.target)
        return int(args.func(settings, args) or 0)
    except USER_ERRORS as error:
        print(f"warehouse {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"warehouse {args.command}: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
