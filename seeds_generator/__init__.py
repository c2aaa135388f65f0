"""The OLTP simulators: create, populate and keep changing the totesys and stock_db sources."""

from seeds_generator.clock import observed_clock
from seeds_generator.errors import GeneratorError
from seeds_generator.populate import generate, preflight
from seeds_generator.simulate import parse_interval, simulate
from seeds_generator.tick_report import TickReport

__all__ = [
    "GeneratorError",
    "TickReport",
    "generate",
    "observed_clock",
    "parse_interval",
    "preflight",
    "simulate",
]
