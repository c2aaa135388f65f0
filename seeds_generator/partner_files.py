"""A partner's daily counterparty credit-rating files, dropped into the lake's landing prefix.

One JSON Lines file per working day, `credit_ratings_<yyyy-mm-dd>.jsonl`, rating each totesys
counterparty. The demo drops the last week's files before each cycle: the days already dropped
are dropped again with the same name and content (as a partner re-sending does), which the
pipeline must not load twice. A seeded few lines are malformed, as partners' files are.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import fsspec

from seeds_generator.feed_records import malformed, pick, unit

RATINGS = ("AAA", "AA+", "AA", "AA-", "A+", "A", "A-", "BBB+", "BBB", "BBB-", "BB+", "BB", "B")
OUTLOOKS = ("positive", "stable", "stable", "stable", "negative")
AGENCY = "Northbridge Ratings"
WINDOW_DAYS = 7


def file_name(day: date) -> str:
    return f"credit_ratings_{day.isoformat()}.jsonl"


def rating(seed: int, counterparty_id: int, day: date) -> dict:
    """A counterparty's rating on a day: a drift around its own grade."""
    base = int(unit(seed, "grade", counterparty_id) * (len(RATINGS) - 3))
    notch = base + int(unit(seed, "notch", counterparty_id, day.isocalendar().week) * 3)
    record = {
        "counterparty_id": counterparty_id,
        "rated_on": day.isoformat(),
        "rating": RATINGS[notch],
        "outlook": pick(seed, OUTLOOKS, "outlook", counterparty_id, day),
        "agency": AGENCY,
    }
    return _spoiled(seed, record) if malformed(seed, "rating", counterparty_id, day) else record


def _spoiled(seed: int, record: dict) -> dict:
    key = (record["counterparty_id"], record["rated_on"])
    kind = pick(seed, ("no_rating", "bad_rating", "bad_date", "text_id"), "kind", *key)
    spoiled = dict(record)
    if kind == "no_rating":
        del spoiled["rating"]
    elif kind == "bad_rating":
        spoiled["rating"] = "Z"
    elif kind == "bad_date":
        spoiled["rated_on"] = date.fromisoformat(record["rated_on"]).strftime("%d/%m/%Y")
    else:
        spoiled["counterparty_id"] = f"CP-{record['counterparty_id']}"
    return spoiled


def file_lines(seed: int, counterparties: list[int], day: date) -> str:
    return "".join(json.dumps(rating(seed, cid, day)) + "\n" for cid in sorted(counterparties))


def drop_files(
    landing_url: str,
    credentials: dict[str, str],
    counterparties: list[int],
    today: date,
    *,
    seed: int = 7,
    days: int = WINDOW_DAYS,
) -> list[str]:
    """Writes the files of the working days of the last `days` days up to `today`; their paths."""
    fs, root = _filesystem(landing_url, credentials)
    fs.makedirs(root, exist_ok=True)
    written = []
    for offset in range(days - 1, -1, -1):
        day = today - timedelta(days=offset)
        if day.weekday() < 5:
            path = f"{root}/{file_name(day)}"
            with fs.open(path, "w") as handle:
                handle.write(file_lines(seed, counterparties, day))
            written.append(path)
    return written


def _filesystem(url: str, credentials: dict[str, str]) -> tuple[fsspec.AbstractFileSystem, str]:
    if not url.startswith("s3://"):
        return fsspec.filesystem("file"), url.rstrip("/")
    options = {k: credentials[k] for k in ("endpoint_url", "region_name") if credentials.get(k)}
    fs = fsspec.filesystem(
        "s3",
        key=credentials.get("aws_access_key_id"),
        secret=credentials.get("aws_secret_access_key"),
        client_kwargs=options,
    )
    return fs, url.removeprefix("s3://").rstrip("/")
