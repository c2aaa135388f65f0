"""The `warehouse` CLI's subcommands, one module each, each exposing `register(subparsers)`.

A command module imports only argparse at the top: its pipeline libraries (dlt, dbt, SQLAlchemy,
Faker) are imported inside the function that runs it, so `warehouse --help` stays instant.
"""

# In the order `warehouse --help` lists them: the everyday command first.
COMMANDS = (
    "run",
    "generate",
    "simulate",
    "ingest",
    "transform",
    "replay",
    "reconcile",
    "grants",
)
