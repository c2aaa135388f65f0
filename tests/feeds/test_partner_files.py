"""Partner files: each loaded once; the same file dropped again is not loaded twice."""

from __future__ import annotations

from tests.feeds.conftest import FeedDeployment


def test_a_redropped_file_is_not_loaded_twice(feeds: FeedDeployment) -> None:
    dropped = feeds.drop_files()
    first = feeds.ingest("partner_files").tables["credit_ratings"]
    lines = first.extracted
    assert dropped and lines > 0
    rows = feeds.count("select count(*) from raw_files.credit_ratings")

    assert feeds.drop_files() == dropped  # the same names and content, written again
    again = feeds.ingest("partner_files").tables["credit_ratings"]
    assert (again.extracted, again.loaded, again.quarantined) == (0, 0, 0)
    assert feeds.count("select count(*) from raw_files.credit_ratings") == rows


def test_a_file_resent_with_new_content_is_read_again(feeds: FeedDeployment) -> None:
    dropped = feeds.drop_files()
    feeds.ingest("partner_files")
    _append_line(feeds, dropped[-1])
    again = feeds.ingest("partner_files").tables["credit_ratings"]
    per_file = feeds.count("select count(*) from raw_files.credit_ratings") // len(dropped)
    assert again.extracted == again.loaded + again.quarantined >= per_file


def _append_line(feeds: FeedDeployment, path: str) -> None:
    from seeds_generator.partner_files import _filesystem

    fs, _ = _filesystem(feeds.landing_url, feeds.lake_credentials)
    content = fs.cat_file(path).decode()
    with fs.open(path, "w") as handle:
        handle.write(
            content + '{"counterparty_id": 1, "rated_on": "2025-01-02", '
            '"rating": "A", "outlook": "stable", "agency": "Northbridge Ratings"}\n'
        )
