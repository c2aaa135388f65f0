"""The served APIs misbehave as real ones do: dlt's REST client rides it out or names the source."""

from __future__ import annotations

import time

import pytest

from ingestion.errors import IngestionError
from orchestration.cycle.feeds import QuarantineExceeded, check_quarantine
from tests.feeds.conftest import FeedDeployment


@pytest.mark.parametrize("fault", ["429", "500"])
def test_a_burst_of_errors_is_retried_and_recovers(feeds: FeedDeployment, fault: str) -> None:
    feeds.apis.faults.burst(fault, 2)
    started = time.monotonic()
    report = feeds.ingest("user_profiles")
    counts = report.tables["profiles"]
    assert counts.extracted == counts.loaded + counts.quarantined > 0
    assert feeds.apis.faults.served[fault] == 2
    if fault == "429":
        # dlt waited as each 429's Retry-After said (1s), not its own shorter back-off.
        assert time.monotonic() - started >= 2


def test_a_stalled_request_times_out_and_is_retried(feeds: FeedDeployment) -> None:
    feeds.apis.faults.stall_seconds = 2.5  # past the client's 2s timeout
    feeds.apis.faults.burst("stall", 1)
    report = feeds.ingest("fx_rates")
    assert report.tables["rates"].extracted > 0
    assert feeds.apis.faults.served["stall"] == 1


def test_an_api_that_stays_down_fails_naming_the_source(feeds: FeedDeployment) -> None:
    feeds.apis.faults.down()
    with pytest.raises(IngestionError, match=r"source fx_rates at http://127\.0\.0\.1:\d+/fx"):
        feeds.ingest("fx_rates")
    assert feeds.apis.faults.served["503"] == 4  # every attempt the policy allows
    feeds.apis.faults.down(False)
    report = feeds.ingest("fx_rates")  # nothing half-written: the next run loads everything
    counts = report.tables["rates"]
    assert counts.extracted == counts.loaded + counts.quarantined > 0


def test_a_quarantine_share_above_the_threshold_names_source_and_commonest_error(
    feeds: FeedDeployment,
) -> None:
    report = feeds.ingest("fx_rates")
    share = report.tables["rates"].quarantined / report.tables["rates"].extracted
    check_quarantine(report, max_share=share)  # at the threshold: passes
    with pytest.raises(QuarantineExceeded) as raised:
        check_quarantine(report, max_share=share / 2)
    commonest = report.quarantine_errors.most_common(1)[0][0]
    assert str(raised.value).startswith("source fx_rates: ")
    assert f"commonest error: {commonest}" in str(raised.value)
