"""Feeds: sources that are not databases (REST APIs, files landed in the lake), validated."""

from ingestion.feeds.ingest_feed import ingest_feed
from ingestion.feeds.spec import QUARANTINE_SUFFIX, RetryPolicy, feed_of

__all__ = ["QUARANTINE_SUFFIX", "RetryPolicy", "feed_of", "ingest_feed"]
