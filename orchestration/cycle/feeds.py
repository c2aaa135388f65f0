"""The cycle's feeds (API and files sources): where each is read, its ingest, its quarantine check.

On the embedded target the feeds are the demo's: seeds_generator serves both APIs on 127.0.0.1
for the length of the cycle and drops the partner's files of the last week into the landing
folder first. On the postgres target the API base URLs come from settings and the partner drops
its own files into the lake bucket's landing prefix.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from common.sources import FEED_SOURCES
from ingestion.ingest_report import IngestReport
from orchestration.settings import SERVED, Settings

log = logging.getLogger(__name__)
# Below this many records fetched in a cycle the quarantine share is not judged: one bad record
# of three says nothing about a feed.
MIN_JUDGED_RECORDS = 20


class QuarantineExceeded(Exception):
    """A feed's quarantined share of this cycle's records is above the allowed share."""


@contextmanager
def feed_locations(settings: Settings) -> Iterator[dict[str, str]]:
    """Each feed this deployment reads -> its base URL or landing prefix, while the block runs."""
    with ExitStack() as stack:
        urls = dict(settings.feed_urls)
        if SERVED in urls.values():
            urls |= _serve_demo(settings, stack)
        if settings.landing_url:
            urls["partner_files"] = settings.landing_url
        yield {source.name: urls[source.name] for source in FEED_SOURCES if source.name in urls}


def _serve_demo(settings: Settings, stack: ExitStack) -> dict[str, str]:
    import seeds_generator

    apis = stack.enter_context(seeds_generator.serve_apis(settings.source_urls))
    if settings.landing_url and "totesys" in settings.source_urls:
        counterparties = seeds_generator.counterparty_ids(settings.source_urls["totesys"])
        seeds_generator.drop_files(
            settings.landing_url, settings.lake_credentials, counterparties, apis.today()
        )
    return {name: url for name, url in apis.urls.items() if settings.feed_urls.get(name) == SERVED}


def ingest_feed(settings: Settings, source: str, url: str) -> IngestReport:
    from ingestion.feeds import ingest_feed as ingest

    return ingest(
        source,
        url,
        **settings.ingest_places,
    )


def check_quarantine(report: IngestReport, max_share: float) -> None:
    """Raises when more than `max_share` of the feed's records were quarantined this cycle."""
    fetched = sum(counts.extracted for counts in report.tables.values())
    quarantined = sum(counts.quarantined for counts in report.tables.values())
    if fetched < MIN_JUDGED_RECORDS or quarantined <= max_share * fetched:
        return
    commonest = report.quarantine_errors.most_common(1)
    error = commonest[0][0] if commonest else "?"
    raise QuarantineExceeded(
        f"source {report.source}: {quarantined} of {fetched} records quarantined "
        f"({quarantined / fetched:.0%}, above the {max_share:.0%} allowed); "
        f"commonest error: {error}"
    )
