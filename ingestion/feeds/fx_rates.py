"""The FX-rates feed: daily rates from GBP, frankfurter.app-shaped, read incrementally by date.

The first run back-fills from `FIRST_DAY`; each later run asks for the days after the last one
it fetched (whether that day's record was valid or quarantined: a bad day is not re-read).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from dlt.sources.helpers.rest_client.paginators import SinglePagePaginator

from ingestion.feeds.http import rest_client
from ingestion.feeds.spec import Feed, Location

FIRST_DAY = date(2023, 11, 1)  # the warehouse's history starts here
BASE, SYMBOLS = "GBP", "USD,EUR"


def fetch(location: Location, state: dict, _upstream: Any = None) -> Iterator[tuple[str, Any]]:
    last = state.get("last_date")
    start = date.fromisoformat(last) + timedelta(days=1) if last else FIRST_DAY
    path = f"{start.isoformat()}.."
    client = rest_client(location.url, location.retry, SinglePagePaginator())
    params = {"base": BASE, "symbols": SYMBOLS}
    for page in client.paginate(path, params=params, data_selector="$"):
        for body in page:
            for day, rates in sorted(body.get("rates", {}).items()):
                yield path, {"date": day, "base": body.get("base"), "rates": rates}
                state["last_date"] = max(day, state.get("last_date") or day)


FEED = Feed(
    table="rates", primary_key=("date",), cursor="date", schema_file="fx_rates.json", fetch=fetch
)
