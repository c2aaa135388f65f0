"""dlt's REST client with its retries (429 with Retry-After, 5xx, timeouts) set by a policy."""

from __future__ import annotations

from dlt.sources.helpers.requests import Client
from dlt.sources.helpers.rest_client import RESTClient
from dlt.sources.helpers.rest_client.paginators import BasePaginator

from ingestion.feeds.spec import RetryPolicy


def rest_client(base_url: str, retry: RetryPolicy, paginator: BasePaginator) -> RESTClient:
    """A client whose every request is retried by dlt's session (tenacity), not by us."""
    session = Client(
        request_timeout=retry.timeout,
        request_max_attempts=retry.attempts,
        request_backoff_factor=retry.backoff,
        request_max_retry_delay=retry.max_delay,
        respect_retry_after_header=True,
        raise_for_status=False,  # RESTClient raises after the last attempt itself
    ).session
    return RESTClient(base_url=base_url, paginator=paginator, session=session)
