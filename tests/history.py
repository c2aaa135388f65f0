"""What the test warehouse's history is made of, and what it holds after each cycle."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from orchestration.settings import Settings
from tests.dbt.deployments import query, source_engine

# A stock listed before the first cycle and delisted (deleted) before the second; a totesys
# payment is deleted then too (delete_payment).
DELISTED_STOCK = "ZZE2E"
# dimension -> (staging model, natural key in staging, change signature, natural key in the dim)
DIMENSIONS = {
    "dim_staff": ("stg_totesys__staff", "staff_id", "last_updated", "staff_id"),
    "dim_design": ("stg_totesys__designs", "design_id", "last_updated", "design_id"),
    "dim_counterparty": (
        "stg_totesys__counterparties",
        "counterparty_id",
        "last_updated",
        "counterparty_id",
    ),
    "dim_location": ("stg_totesys__addresses", "address_id", "last_updated", "location_id"),
    "dim_currency": ("stg_totesys__currencies", "currency_id", "last_updated", "currency_id"),
    "dim_payment_type": (
        "stg_totesys__payment_types",
        "payment_type_id",
        "last_updated",
        "payment_type_id",
    ),
    "dim_transaction": (
        "stg_totesys__transactions",
        "transaction_id",
        "last_updated",
        "transaction_id",
    ),
    "dim_stock": (
        "stg_stock__stocks",
        "stock_id",
        "company || '|' || category || '|' || cast(price as text)",
        "stock_id",
    ),
    "dim_stock_user": ("stg_stock__users", "user_id", "updated_at", "user_id"),
}
# fact -> (staging model, natural key)
FACTS = {
    "fact_sales_order": ("stg_totesys__sales_orders", "sales_order_id"),
    "fact_purchase_order": ("stg_totesys__purchase_orders", "purchase_order_id"),
    "fact_payment": ("stg_totesys__payments", "payment_id"),
}


@dataclass
class State:
    """What the warehouse holds after a cycle: staged signatures and version/row counts."""

    staged: dict[str, dict[str, str]] = field(default_factory=dict)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)


def capture(settings: Settings) -> State:
    state = State()
    for dim, (staging, key, signature, dim_key) in DIMENSIONS.items():
        state.staged[staging] = _pairs(
            settings,
            f"select cast({key} as text), cast({signature} as text) from staging.{staging}",
        )
        state.counts[dim] = _counts(settings, f"marts.{dim}", dim_key)
    for fact, (staging, key) in FACTS.items():
        state.staged[staging] = _pairs(
            settings,
            f"select cast({key} as text), cast(last_updated as text) from staging.{staging}",
        )
        state.counts[fact] = _counts(settings, f"marts.{fact}", key)
    return state


def _pairs(settings: Settings, sql: str) -> dict[str, str]:
    return {key: value for key, value in query(settings, sql)}


def _counts(settings: Settings, table: str, key: str) -> dict[str, int]:
    sql = f"select cast({key} as text), count(*) from {table} group by {key}"
    return {natural_key: int(count) for natural_key, count in query(settings, sql)}


def delete_payment(settings: Settings) -> int:
    """Deletes totesys's first payment, as the application would; its id."""
    engine = source_engine(settings, "totesys")
    try:
        with engine.begin() as conn:
            payment_id = conn.execute(sa.text("select min(payment_id) from payment")).scalar_one()
            conn.execute(sa.text("delete from payment where payment_id = :id"), {"id": payment_id})
    finally:
        engine.dispose()
    return payment_id


def list_stock(settings: Settings) -> None:
    _stock_listing(
        settings,
        "insert into stock (stock_id, company, category, price) "
        "values (:stock_id, 'E2E Delisting plc', 'Testing', 12.34)",
    )


def delist_stock(settings: Settings) -> None:
    _stock_listing(settings, "delete from stock where stock_id = :stock_id")


def _stock_listing(settings: Settings, statement: str) -> None:
    engine = source_engine(settings, "stock_db")
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(statement), {"stock_id": DELISTED_STOCK})
    finally:
        engine.dispose()
