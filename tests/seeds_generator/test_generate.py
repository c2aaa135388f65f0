"""generate(): reproducible data at the real shapes of docs/sources.md, with intact foreign keys."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from seeds_generator import generate
from seeds_generator.timeline import HISTORY_END, HISTORY_START
from tests.seeds_generator.conftest import SCALE, Case
from tests.seeds_generator.helpers import dump, engine_for, orphans, row_counts

WINDOW = (HISTORY_START, HISTORY_END)
WEEKDAYS_IN_WINDOW = sum(
    (WINDOW[0].date() + timedelta(days=n)).weekday() < 5
    for n in range((WINDOW[1] - WINDOW[0]).days)
)


def test_same_seed_same_data_other_seed_other_data(case: Case) -> None:
    first, second, third = case.new_url(), case.new_url(), case.new_url()
    counts = generate(case.source, first, scale=SCALE, seed=7)
    assert generate(case.source, second, scale=SCALE, seed=7) == counts
    generate(case.source, third, scale=SCALE, seed=8)
    assert dump(first) == dump(second)
    assert dump(first) != dump(third)


def test_returned_counts_are_the_rows_written_and_keys_hold(case: Case) -> None:
    url = case.new_url()
    counts = generate(case.source, url, scale=SCALE)
    assert counts == row_counts(url)
    assert orphans(url) == []


def test_scale_multiplies_orders_but_not_reference_tables(tmp_path) -> None:
    small = generate("totesys", f"sqlite:///{tmp_path}/small.sqlite", scale=0.05)
    large = generate("totesys", f"sqlite:///{tmp_path}/large.sqlite", scale=0.2)
    for table in ("sales_order", "purchase_order", "transaction", "payment"):
        assert 3.2 < large[table] / small[table] < 4.8, table
    for table in ("address", "counterparty", "currency", "department", "staff", "design"):
        assert large[table] == small[table], table
    trades_small = generate("stock_db", f"sqlite:///{tmp_path}/s1.sqlite", scale=0.05)
    trades_large = generate("stock_db", f"sqlite:///{tmp_path}/s2.sqlite", scale=0.2)
    assert 3.2 < trades_large["transaction"] / trades_small["transaction"] < 4.8
    assert trades_large["stock"] == trades_small["stock"]


def test_totesys_volumes_match_the_real_database(totesys_case: Case) -> None:
    url = totesys_case.new_url()
    counts = generate("totesys", url, scale=SCALE)
    expected_sales = 22 * WEEKDAYS_IN_WINDOW * SCALE  # ~22 sales orders a weekday
    assert abs(counts["sales_order"] - expected_sales) < 0.15 * expected_sales
    assert 0.3 < counts["purchase_order"] / counts["sales_order"] < 0.5  # ~40% as many
    assert counts["transaction"] == counts["payment"]
    assert counts["transaction"] == counts["sales_order"] + counts["purchase_order"]
    reference = {"address": 30, "counterparty": 20, "currency": 3, "department": 8,
                 "staff": 20, "payment_type": 4}  # fmt: skip
    assert {table: counts[table] for table in reference} == reference
    assert 430 <= counts["design"] <= 510


@pytest.fixture
def totesys_data(totesys_case: Case) -> dict:
    url = totesys_case.new_url()
    generate("totesys", url, scale=SCALE)
    return dump(url)


def test_orders_arrive_on_weekdays_in_trading_hours(totesys_data: dict) -> None:
    for table in ("sales_order", "purchase_order"):
        for row in totesys_data[table].values():
            created = row["created_at"]
            assert WINDOW[0] <= created < WINDOW[1]
            assert created.weekday() < 5 and 8 <= created.hour < 19, created
            assert row["last_updated"] >= created
            delivery = date.fromisoformat(row["agreed_delivery_date"])
            assert 0 <= (delivery - created.date()).days <= 7
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["agreed_payment_date"])


def test_value_ranges(totesys_data: dict) -> None:
    for row in totesys_data["sales_order"].values():
        assert 1_000 <= row["units_sold"] <= 100_000
        assert 2 <= row["unit_price"] <= 4
    for row in totesys_data["purchase_order"].values():
        assert 1 <= row["item_quantity"] <= 1_000
        assert 3 <= row["item_unit_price"] <= 1_000
        assert re.fullmatch(r"[A-Z0-9]{7}", row["item_code"])
    for row in totesys_data["payment"].values():
        assert 0 < row["payment_amount"] <= 1_000_000
        assert 10_000_000 <= row["company_ac_number"] <= 99_999_999
        assert 10_000_000 <= row["counterparty_ac_number"] <= 99_999_999


def test_one_transaction_per_order_one_payment_per_transaction(totesys_data: dict) -> None:
    transactions = totesys_data["transaction"].values()
    sales = Counter(t["sales_order_id"] for t in transactions if t["transaction_type"] == "SALE")
    purchases = Counter(
        t["purchase_order_id"] for t in transactions if t["transaction_type"] == "PURCHASE"
    )
    assert set(sales) == set(totesys_data["sales_order"]) and max(sales.values()) == 1
    assert set(purchases) == set(totesys_data["purchase_order"]) and max(purchases.values()) == 1
    for t in transactions:  # exactly one of the two order ids is set
        assert (t["sales_order_id"] is None) != (t["purchase_order_id"] is None)
    paid_for = Counter(p["transaction_id"] for p in totesys_data["payment"].values())
    assert set(paid_for) == set(totesys_data["transaction"]) and max(paid_for.values()) == 1


def test_reference_quirks(totesys_data: dict) -> None:
    departments = {d["department_name"]: d["location"] for d in totesys_data["department"].values()}
    assert set(departments) == {"Sales", "Purchasing", "Finance", "Facilities", "Production",
                                "Communications", "HR", "Dispatch"}  # fmt: skip
    assert departments["Dispatch"] == "Leds"
    assert set(departments.values()) == {"Manchester", "Leeds", "Leds"}
    currencies = {c["currency_code"] for c in totesys_data["currency"].values()}
    assert currencies == {"GBP", "USD", "EUR"}
    shared = Counter(c["legal_address_id"] for c in totesys_data["counterparty"].values())
    assert max(shared.values()) > 1  # several counterparties share one address
    for design in totesys_data["design"].values():
        assert re.fullmatch(r"[a-z]+-\d{8}-[a-z0-9]{4}\.json", design["file_name"])
        assert design["file_location"].startswith("/")
    for staff in totesys_data["staff"].values():
        assert re.fullmatch(r"[a-z.\-]+@terrifictotes\.com", staff["email_address"])
    assert len(totesys_data["_prisma_migrations"]) >= 1


def test_stock_db_shapes(stock_case: Case) -> None:
    url = stock_case.new_url()
    generate("stock_db", url, scale=SCALE)
    data = dump(url)
    assert len(data["stock"]) == 48 and len(data["user"]) == 20
    assert len({s["category"] for s in data["stock"].values()}) == 15
    for stock_id, stock in data["stock"].items():
        assert re.fullmatch(r"[A-Z]{1,5}", stock_id) and stock["price"] > 0
    for trade in data["transaction"].values():
        when = trade["transaction_date"]
        assert when.weekday() < 5 and 8 <= when.hour < 17, when
        assert 1 <= abs(trade["quantity"]) <= 10
    assert {u["status"] for u in data["user"].values()} <= {"I", "U"}


@pytest.mark.postgres
def test_postgres_sequences_continue_after_copy(make_pg_database) -> None:
    url = make_pg_database()
    counts = generate("totesys", url, scale=SCALE)
    with engine_for(url) as engine, engine.begin() as conn:
        new_id = conn.exec_driver_sql(
            "INSERT INTO currency (currency_code, last_updated) VALUES ('JPY', now()) "
            "RETURNING currency_id"
        ).scalar()
    assert new_id == counts["currency"] + 1


def test_sqlite_parent_directory_is_created(tmp_path) -> None:
    path = tmp_path / "deep" / "er" / "stock.sqlite"
    generate("stock_db", f"sqlite:///{path}", scale=SCALE)
    with engine_for(f"sqlite:///{path}") as engine, engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM stock")).scalar() == 48


def test_sqlite_files_are_identical_to_the_byte(tmp_path) -> None:
    files = [tmp_path / "a" / "totesys.sqlite", tmp_path / "b" / "totesys.sqlite"]
    for path in files:
        generate("totesys", f"sqlite:///{path}", scale=SCALE, seed=5)
    assert files[0].read_bytes() == files[1].read_bytes()
