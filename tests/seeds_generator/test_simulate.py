"""simulate(): every tick's changes move the change columns exactly where rows change."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest

from seeds_generator import generate, simulate
from seeds_generator.timeline import HISTORY_END
from tests.seeds_generator.conftest import SCALE, Case
from tests.seeds_generator.helpers import dump, engine_for, orphans

DAY, HOUR = timedelta(days=1), timedelta(hours=1)
STAMP = {"totesys": "last_updated", "stock_db": None}


def _generated(case: Case) -> str:
    url = case.new_url()
    generate(case.source, url, scale=SCALE)
    return url


def _diff(before: dict, after: dict) -> dict[str, dict[str, list]]:
    """Per table: inserted, deleted and updated (before, after) row pairs."""
    changes = {}
    for table in after:
        old, new = before[table], after[table]
        changes[table] = {
            "inserted": [new[k] for k in new.keys() - old.keys()],
            "deleted": [old[k] for k in old.keys() - new.keys()],
            "updated": [(old[k], new[k]) for k in old.keys() & new.keys() if old[k] != new[k]],
        }
    return changes


def _ticks(source: str, url: str, count: int, interval: timedelta, seed: int = 3):
    """One simulate() call per tick, with a full dump around each: (report, before, after)."""
    results = []
    for _ in range(count):
        before = dump(url)
        (report,) = simulate({source: url}, ticks=1, interval=interval, seed=seed)
        results.append((report, before, dump(url)))
    return results


def _assert_report_matches(report, source: str, changes: dict) -> None:
    for table, kinds in changes.items():
        for kind, rows in kinds.items():
            assert report.count(source, table, kind) == len(rows), (table, kind)


def test_totesys_ticks_move_last_updated_exactly_on_changed_rows(totesys_case: Case) -> None:
    url = _generated(totesys_case)
    previous_end = HISTORY_END
    for report, before, after in _ticks("totesys", url, 7, DAY):
        start, end = report.windows["totesys"]
        assert start == previous_end and end == start + DAY  # continues where the last stopped
        previous_end = end
        changes = _diff(before, after)
        _assert_report_matches(report, "totesys", changes)
        for table, kinds in changes.items():
            assert kinds["deleted"] == [], table
            for old, new in kinds["updated"]:
                assert start < new["last_updated"] <= end, table
                assert new["last_updated"] > old["last_updated"]
                assert new["created_at"] == old["created_at"]
            for row in kinds["inserted"]:
                assert start < row["created_at"] == row["last_updated"] <= end, table
        unchanged = [
            (table, key)
            for table in after
            if table != "_prisma_migrations"
            for key in before[table].keys() & after[table].keys()
            if before[table][key] == after[table][key]
        ]
        assert unchanged  # most rows are untouched - and so keep their last_updated
        assert orphans(url) == []


def test_totesys_activity_rates_over_a_week(totesys_case: Case) -> None:
    url = _generated(totesys_case)
    reports = simulate({"totesys": url}, ticks=7, interval=DAY, seed=11)  # from Mon 3 Nov 08:00

    def total(table: str, kind: str) -> int:
        return sum(r.count("totesys", table, kind) for r in reports)

    sales, purchases = total("sales_order", "inserted"), total("purchase_order", "inserted")
    assert 70 <= sales <= 150  # ~22 a weekday, five weekdays, none at the weekend
    assert 0.2 < purchases / sales < 0.6
    assert total("transaction", "inserted") == sales + purchases == total("payment", "inserted")
    assert all(r.count("totesys", "sales_order", "inserted") == 0 for r in reports[5:7])
    assert 7 <= total("sales_order", "updated") <= 80  # amendments several times a day
    assert total("payment", "updated") > 0  # payments made as they fall due
    changed_elsewhere = sum(total(t, "updated") for t in ("staff", "counterparty", "design"))
    assert changed_elsewhere > 0
    assert orphans(url) == []


def test_stock_ticks_change_prices_in_place_and_users_with_updated_at(stock_case: Case) -> None:
    url = _generated(stock_case)
    deleted = inserted = unchanged = listed = 0
    for report, before, after in _ticks("stock_db", url, 4, DAY):
        start, end = report.windows["stock_db"]
        changes = _diff(before, after)
        _assert_report_matches(report, "stock_db", changes)
        unchanged += sum(
            before["stock"][k] == row for k, row in after["stock"].items() if k in before["stock"]
        )
        listed += len(before["stock"])
        assert changes["stock"]["updated"]  # prices move in place, with no timestamp at all
        for old, new in changes["stock"]["updated"]:
            assert set(old) == {"stock_id", "company", "category", "price"}
            assert abs(new["price"] / old["price"] - 1) <= 0.3 + 0.01 / float(old["price"])
        traded = {t["stock_id"] for t in after["transaction"].values()}
        assert not {row["stock_id"] for row in changes["stock"]["deleted"]} & traded
        deleted += len(changes["stock"]["deleted"])
        inserted += len(changes["stock"]["inserted"])
        _assert_user_changes(changes["user"], len(before["user"]), start, end)
        _assert_trades(changes["transaction"], start, end)
        assert orphans(url) == []
    assert deleted > 0 and inserted > 0  # delistings and listings both happen
    assert unchanged / listed < 0.1  # a daily tick reprices every stock, bar a 2% chance


def _assert_user_changes(changes: dict, users_before: int, start, end) -> None:
    assert 8 <= len(changes["inserted"]) <= 12  # ~10 new users a day
    assert len(changes["updated"]) <= math.ceil(0.15 * users_before)  # up to 15% change email
    for old, new in changes["updated"]:
        assert new["email"] != old["email"] and new["status"] == "U"
        assert old["updated_at"] <= start < new["updated_at"] <= end
    for row in changes["inserted"]:
        assert row["status"] == "I" and start < row["updated_at"] <= end


def _assert_trades(changes: dict, start, end) -> None:
    assert changes["updated"] == [] and changes["deleted"] == []  # insert-only
    for trade in changes["inserted"]:
        when = trade["transaction_date"]
        assert start < when <= end and when.weekday() < 5 and 8 <= when.hour < 17


@pytest.mark.parametrize("source", ["totesys", "stock_db"])
def test_even_a_night_hour_changes_something(source: str, tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/{source}.sqlite"
    generate(source, url, scale=SCALE)
    for report in simulate({source: url}, ticks=3, interval=HOUR, seed=5):
        assert report.total("updated") >= 1


def test_same_seed_same_ticks(case: Case) -> None:
    first, second, third = (_generated(case) for _ in range(3))
    for url, seed in ((first, 4), (second, 4), (third, 5)):
        simulate({case.source: url}, ticks=2, interval=timedelta(hours=12), seed=seed)
    assert dump(first) == dump(second)
    assert dump(first) != dump(third)


def test_one_report_per_tick_for_both_sources(tmp_path) -> None:
    urls = {source: f"sqlite:///{tmp_path}/{source}.sqlite" for source in ("totesys", "stock_db")}
    for source, url in urls.items():
        generate(source, url, scale=SCALE)
    reports = simulate(urls, ticks=2, interval=timedelta(minutes=15))
    assert [r.tick for r in reports] == [1, 2]
    for report in reports:
        assert set(report.windows) == {"totesys", "stock_db"}
        text = str(report)
        assert "totesys" in text and "stock_db" in text and "updated" in text
        assert "sales_order" in text and "stock" in text


def test_ticks_cope_with_gaps_in_ids(tmp_path) -> None:
    # A real totesys has deleted rows; transaction's ON DELETE SET NULL keeps its history.
    url = f"sqlite:///{tmp_path}/totesys.sqlite"
    generate("totesys", url, scale=SCALE)
    with engine_for(url) as engine, engine.begin() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys = ON")
        conn.exec_driver_sql("DELETE FROM sales_order WHERE sales_order_id % 2 = 0")
        nulls = (
            'SELECT count(*) FROM "transaction" '
            "WHERE transaction_type = 'SALE' AND sales_order_id IS NULL"
        )
        assert conn.exec_driver_sql(nulls).scalar() > 0
    generated_up_to = None
    for report, before, after in _ticks("totesys", url, 2, DAY):
        changes = _diff(before, after)
        _assert_report_matches(report, "totesys", changes)
        generated_up_to = generated_up_to or max(before["sales_order"])
        # The gaps stay gaps: new orders take ids after the highest, none fills a hole.
        assert all(key % 2 == 1 for key in after["sales_order"] if key <= generated_up_to)
        assert report.count("totesys", "sales_order", "updated") >= 1
