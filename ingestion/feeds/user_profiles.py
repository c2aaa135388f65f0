"""The user-profile feed: randomuser.me-shaped records keyed by stock_db's user_id, paginated,
read incrementally on `modified_at` (`modified_since`, inclusive).

The last run's cursor is asked again (`>=`): a profile modified in the same instant but
committed after that run's read is not lost. The profiles read at that very instant are
remembered and skipped, so none is fetched twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from dlt.sources.helpers.rest_client.paginators import PageNumberPaginator

from ingestion.feeds.http import rest_client
from ingestion.feeds.spec import Feed, Location

PAGE_SIZE = 100


def _seen(state: dict, record: Any) -> bool:
    stamp, key = record.get("modified_at"), record.get("user_id")
    return stamp == state.get("modified_since") and key in state.get("seen_at_cursor", [])


def _advance(state: dict, record: Any) -> None:
    stamp, key = record.get("modified_at"), record.get("user_id")
    if not isinstance(stamp, str):
        return  # a record without a usable time is quarantined; it does not move the cursor
    if stamp > (state.get("modified_since") or ""):
        state["modified_since"], state["seen_at_cursor"] = stamp, []
    if stamp == state["modified_since"]:
        state["seen_at_cursor"].append(key)


def fetch(location: Location, state: dict, _upstream: Any = None) -> Iterator[tuple[str, Any]]:
    params: dict[str, Any] = {"results": PAGE_SIZE}
    if state.get("modified_since"):
        params["modified_since"] = state["modified_since"]
    paginator = PageNumberPaginator(base_page=1, page_param="page", total_path="info.pages")
    client = rest_client(location.url, location.retry, paginator)
    for page in client.paginate("", params=params, data_selector="results"):
        endpoint = page.request.url.removeprefix(location.url.rstrip("/"))
        for record in page:
            if isinstance(record, dict) and _seen(state, record):
                continue
            yield endpoint or "/", record
            if isinstance(record, dict):
                _advance(state, record)


FEED = Feed(
    table="profiles",
    primary_key=("user_id",),
    cursor="modified_at",
    schema_file="user_profiles.json",
    fetch=fetch,
)
