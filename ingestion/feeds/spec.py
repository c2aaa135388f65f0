"""What a feed module declares: its table, key, change column, JSON Schema and how to fetch it."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from common.sources import SOURCES_BY_NAME
from ingestion.errors import IngestionError

QUARANTINE_SUFFIX = "_quarantine"


@dataclass(frozen=True)
class RetryPolicy:
    """dlt's REST client retries: attempts, back-off and timeout (RUNTIME__REQUEST_* config)."""

    timeout: float = 5.0
    attempts: int = 5
    backoff: float = 0.5
    max_delay: float = 10.0

    @classmethod
    def from_config(cls) -> RetryPolicy:
        """dlt's own runtime settings (runtime.request_timeout, …) where set, else these."""
        import dlt

        def value(key: str, default: float) -> float:
            found = dlt.config.get(f"runtime.request_{key}")
            return float(found) if found is not None else default

        return cls(
            timeout=value("timeout", cls.timeout),
            attempts=int(value("max_attempts", cls.attempts)),
            backoff=value("backoff_factor", cls.backoff),
            max_delay=value("max_retry_delay", cls.max_delay),
        )


@dataclass(frozen=True)
class Location:
    """Where a feed is read: an API's base URL, or the landing prefix of files."""

    url: str
    credentials: dict[str, str] = field(default_factory=dict, repr=False)
    retry: RetryPolicy = field(default_factory=RetryPolicy)


# fetch(location, state, upstream items) yields (endpoint or file, record); `state` is the
# feed's dlt state, which it reads and moves on (its cursor), committed with the load in the
# same package. Upstream items are those of the feed's upstream resource (dlt's filesystem
# source for files), None for a feed without one.
Fetch = Callable[[Location, dict, Any], Iterator[tuple[str, Any]]]


@dataclass(frozen=True)
class Feed:
    table: str
    primary_key: tuple[str, ...]
    cursor: str  # raw merges rows on the key; the change column orders versions
    schema_file: str  # under ingestion/feeds/schemas/
    fetch: Fetch
    upstream: Callable[[Location], Any] | None = None  # a dlt resource whose items it reads

    @property
    def quarantine_table(self) -> str:
        return self.table + QUARANTINE_SUFFIX


def feed_of(source: str) -> Feed:
    """The feed module's FEED for a registered api or files source."""
    registered = SOURCES_BY_NAME.get(source)
    if registered is None or not registered.module:
        raise IngestionError(f"unknown feed {source!r}: not an api or files source")
    return importlib.import_module(registered.module).FEED
