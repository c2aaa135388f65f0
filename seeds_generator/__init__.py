"""The OLTP simulators: create, populate and keep changing the totesys and stock_db sources."""

from seeds_generator.errors import GeneratorError
from seeds_generator.populate import generate, preflight

__all__ = ["GeneratorError", "generate", "preflight"]
