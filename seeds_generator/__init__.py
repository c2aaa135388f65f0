"""The OLTP simulators (create, populate and keep changing totesys and stock_db), and the demo's
feeds: the FX-rates and user-profile APIs served on 127.0.0.1 and the partner's dropped files."""

from seeds_generator.api_faults import FaultPlan
from seeds_generator.api_server import ServedApis, counterparty_ids, serve_apis
from seeds_generator.clock import observed_clock
from seeds_generator.errors import GeneratorError
from seeds_generator.partner_files import drop_files
from seeds_generator.populate import generate, preflight
from seeds_generator.simulate import parse_interval, simulate
from seeds_generator.tick_report import TickReport

__all__ = [
    "FaultPlan",
    "GeneratorError",
    "ServedApis",
    "TickReport",
    "counterparty_ids",
    "drop_files",
    "generate",
    "observed_clock",
    "parse_interval",
    "preflight",
    "serve_apis",
    "simulate",
]
