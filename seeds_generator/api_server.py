"""The demo's two APIs served on 127.0.0.1: FX rates under /fx, user profiles under /profiles.

Both read the generated sources as they are now (the simulated clock, stock_db's users), so
they move on as the simulator ticks. Each request may meet a fault of the plan (api_faults).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import sqlalchemy as sa

from seeds_generator.api_faults import RETRY_AFTER_SECONDS, FaultPlan
from seeds_generator.clock import has_clock, read_clock
from seeds_generator.database import open_engine
from seeds_generator.fx_api import RateWalk, time_series
from seeds_generator.profiles_api import page_of_profiles

log = logging.getLogger(__name__)
FX_PREFIX, PROFILES_PREFIX = "/fx/", "/profiles/"
# The share of requests the demo stalls past a client's timeout (a timeout costs its wait).
DEMO_STALL_SHARE = 0.005


@dataclass
class ServedApis:
    """The running server: its base URLs (by source name) and its fault plan."""

    urls: dict[str, str]
    faults: FaultPlan
    today: Callable[[], date]  # the simulated today the APIs serve up to


class _Backend:
    """What the handlers read: the sources, the seeded walk of rates, the fault plan."""

    def __init__(self, source_urls: dict[str, str], seed: int, faults: FaultPlan) -> None:
        self.engines = {name: open_engine(url) for name, url in source_urls.items()}
        self.seed, self.faults, self.walk = seed, faults, RateWalk(seed)

    def today(self) -> date:
        """The simulated today: the latest clock of the generated sources (wall clock if none)."""
        clocks = []
        for engine in self.engines.values():
            with engine.connect() as conn:
                if has_clock(conn):
                    clocks.append(read_clock(conn))
        return max(clocks).date() if clocks else datetime.now(UTC).date()

    def respond(self, path: str, query: dict) -> tuple[int, dict]:
        if path.startswith(FX_PREFIX):
            return time_series(self.walk, path.removeprefix(FX_PREFIX), query, self.today())
        if path.rstrip("/") + "/" == PROFILES_PREFIX and "stock_db" in self.engines:
            with self.engines["stock_db"].connect() as conn:
                return page_of_profiles(self.seed, conn, query)
        return 404, {"error": "not found"}

    def close(self) -> None:
        for engine in self.engines.values():
            engine.dispose()


def _handler(backend: _Backend) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            fault = backend.faults.next_fault()
            if fault == "stall":
                time.sleep(backend.faults.stall_seconds)
            if fault in ("429", "500", "503"):
                self._send(int(fault), {"error": f"simulated {fault}"})
                return
            status, body = backend.respond(parts.path, dict(parse_qsl(parts.query)))
            self._send(status, body)

        def _send(self, status: int, body: dict) -> None:
            payload = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                if status == 429:
                    self.send_header("Retry-After", str(RETRY_AFTER_SECONDS))
                self.end_headers()
                self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (its timeout): as with a real server, nothing to do

        def log_message(self, format: str, *args: object) -> None:
            log.debug("served API: " + format, *args)

    return Handler


@contextmanager
def serve_apis(
    source_urls: dict[str, str], *, seed: int = 7, faults: FaultPlan | None = None
) -> Iterator[ServedApis]:
    """Serves both APIs on a free port of 127.0.0.1 until the block ends."""
    backend = _Backend(source_urls, seed, faults or FaultPlan(seed=seed, stall=DEMO_STALL_SHARE))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(backend))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="served-apis", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    urls = {"fx_rates": base + FX_PREFIX.rstrip("/"), "user_profiles": base + PROFILES_PREFIX}
    try:
        yield ServedApis(urls, backend.faults, backend.today)
    finally:
        server.shutdown()
        server.server_close()
        backend.close()


def counterparty_ids(totesys_url: str) -> list[int]:
    """totesys' counterparties (the partner's files rate each of them)."""
    engine = open_engine(totesys_url)
    try:
        with engine.connect() as conn:
            table = sa.table("counterparty", sa.column("counterparty_id", sa.Integer))
            return list(conn.execute(sa.select(table.c.counterparty_id)).scalars())
    finally:
        engine.dispose()
