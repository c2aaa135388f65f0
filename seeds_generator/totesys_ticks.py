"""One tick of totesys activity: new orders, amendments, payments made, staff and design churn."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from seeds_generator import settlement
from seeds_generator import totesys_orders as orders
from seeds_generator import totesys_reference as ref
from seeds_generator.bulk import sync_sequences, write_rows
from seeds_generator.tick import Tick
from seeds_generator.timeline import (
    draw_count,
    random_instant,
    sample_instants,
    segments_seconds,
    trading_segments,
)

# Rates per simulated day (the real application changes rows "several times a day").
SALES_AMENDMENTS, PURCHASE_AMENDMENTS = 6.0, 3.0
NEW_DESIGNS, DESIGN_RENAMES = 0.65, 0.5
STAFF_MOVES, CONTACT_CHANGES = 0.2, 0.3


def totesys_tick(tick: Tick) -> None:
    """Apply (start, end]'s activity; existing rows are changed before new ones are added."""
    pay_due_payments(tick)
    amend_orders(tick, "sales_order", SALES_AMENDMENTS, at_least=1)
    amend_orders(tick, "purchase_order", PURCHASE_AMENDMENTS)
    move_staff(tick)
    change_contacts(tick)
    rename_designs(tick)
    add_designs(tick)
    add_orders(tick)
    sync_sequences(tick.conn, tick.metadata.sorted_tables)


def pay_due_payments(tick: Tick) -> None:
    """Payments whose day (seeds_generator.settlement) has come are made, dated that day."""
    payment = tick.table("payment")
    columns = (payment.c.payment_id, payment.c.payment_date, payment.c.created_at)
    query = sa.select(*columns).where(
        ~payment.c.paid, payment.c.payment_date <= settlement.unpaid_until(tick.end.date())
    )
    unpaid = tick.conn.execute(query.order_by(payment.c.payment_id))
    rows = [made for row in unpaid if (made := _payment_made(tick, *row))]
    tick.update_many("payment", rows)


def _payment_made(tick: Tick, payment_id: int, agreed: str, created: datetime) -> dict | None:
    day = settlement.settlement_day(payment_id, agreed, created)
    earliest = max(tick.start, settlement.earliest_payment(day, created)) if day else tick.end
    if earliest >= tick.end:
        return None
    moment = random_instant(tick.rng, earliest, tick.end, tick.resolution)
    return {"payment_id": payment_id, "paid": True, "payment_date": f"{moment:%Y-%m-%d}",
            "last_updated": moment}  # fmt: skip


def amend_orders(tick: Tick, name: str, per_day: float, at_least: int = 0) -> None:
    """Change quantity, price or agreed delivery date; an unpaid payment follows the new amount."""
    for index, order in enumerate(_some_orders(tick, name, tick.how_many(per_day, at_least))):
        changes = amendment(tick, name, order)
        # The tick's guaranteed change is stamped at its end, so the clock read back from the
        # data next time (max last_updated) is exactly where this tick stopped.
        changes["last_updated"] = tick.end if at_least and index == 0 else tick.instant()
        table = tick.table(name)
        key = table.c[f"{name}_id"]
        tick.conn.execute(table.update().where(key == order[key.name]).values(changes))
        tick.record(name, "updated", 1)
        if set(changes) & {"units_sold", "unit_price", "item_quantity", "item_unit_price"}:
            reprice_payment(tick, name, {**order, **changes})


def _some_orders(tick: Tick, name: str, wanted: int) -> list[dict[str, object]]:
    """Distinct existing orders drawn at random; ids with gaps are tolerated (next id up)."""
    table = tick.table(name)
    key = table.c[f"{name}_id"]
    last_id = tick.max_id(name)
    found: dict[object, dict[str, object]] = {}
    for drawn in tick.rng.sample(range(1, last_id + 1), min(wanted, last_id)):
        query = sa.select(table).where(key >= drawn).order_by(key).limit(1)
        row = tick.conn.execute(query).mappings().one()
        found.setdefault(row[key.name], dict(row))
    return [found[order_id] for order_id in sorted(found)]


def amendment(tick: Tick, name: str, order: dict[str, object]) -> dict[str, object]:
    rng = tick.rng
    kind = rng.choice(("quantity", "price", "delivery"))
    sale = name == "sales_order"
    if kind == "quantity":
        column = "units_sold" if sale else "item_quantity"
        value = rng.randint(1_000, 100_000) if sale else rng.randint(1, 1_000)
        return {column: value if value != order[column] else value + 1}
    if kind == "price":
        column = "unit_price" if sale else "item_unit_price"
        value = orders.cents(rng, 2, 4) if sale else orders.cents(rng, 3, 1_000)
        return {column: value if value != order[column] else value + orders.cents(rng, 0.01, 0.01)}
    delivered = datetime.fromisoformat(str(order["agreed_delivery_date"]))
    return {"agreed_delivery_date": f"{delivered + timedelta(days=rng.randint(1, 5)):%Y-%m-%d}"}


def reprice_payment(tick: Tick, name: str, order: dict[str, object]) -> None:
    transaction, payment = tick.table("transaction"), tick.table("payment")
    order_key = transaction.c[f"{name}_id"] == order[f"{name}_id"]
    owner = sa.select(transaction.c.transaction_id).where(order_key).scalar_subquery()
    unpaid = payment.c.transaction_id == owner
    amount = orders.order_amount(order)
    statement = payment.update().where(unpaid, ~payment.c.paid)
    result = tick.conn.execute(statement.values(payment_amount=amount, last_updated=tick.instant()))
    tick.record("payment", "updated", result.rowcount)


def move_staff(tick: Tick) -> None:
    staff = tick.table("staff")
    departments = tick.keys("department")
    rows = []
    for staff_id in tick.pick("staff", tick.how_many(STAFF_MOVES)):
        current = tick.conn.execute(
            sa.select(staff.c.department_id).where(staff.c.staff_id == staff_id)
        ).scalar()
        moved = tick.rng.choice([d for d in departments if d != current] or departments)
        rows.append({"staff_id": staff_id, "department_id": moved, "last_updated": tick.instant()})
    tick.update_many("staff", rows)


def change_contacts(tick: Tick) -> None:
    rows = [
        {
            "counterparty_id": counterparty_id,
            "commercial_contact": tick.fake.name(),
            "delivery_contact": tick.fake.name(),
            "last_updated": tick.instant(),
        }
        for counterparty_id in tick.pick("counterparty", tick.how_many(CONTACT_CHANGES))
    ]
    tick.update_many("counterparty", rows)


def rename_designs(tick: Tick) -> None:
    rows = [
        {
            "design_id": design_id,
            "design_name": tick.fake.word().capitalize(),
            "last_updated": tick.instant(),
        }
        for design_id in tick.pick("design", tick.how_many(DESIGN_RENAMES))
    ]
    tick.update_many("design", rows)


def add_designs(tick: Tick) -> None:
    first_id = tick.max_id("design") + 1
    instants = sorted(tick.instant() for _ in range(tick.how_many(NEW_DESIGNS)))
    rows = [ref.design_row(tick.rng, tick.fake, first_id + i, t) for i, t in enumerate(instants)]
    tick.record("design", "inserted", write_rows(tick.conn, tick.table("design"), rows))


def add_orders(tick: Tick) -> None:
    """Orders of the tick's trading hours, each with its transaction and payment."""
    design = tick.table("design")
    book = orders.OrderBook(
        next_sales_order=tick.max_id("sales_order") + 1,
        next_purchase_order=tick.max_id("purchase_order") + 1,
        next_transaction=tick.max_id("transaction") + 1,
        next_payment=tick.max_id("payment") + 1,
        design_created=list(
            tick.conn.execute(sa.select(design.c.created_at).order_by(design.c.design_id)).scalars()
        ),
    )
    segments = trading_segments(tick.start, tick.end, orders.OPENS, orders.CLOSES)
    expected = orders.SALES_PER_TRADING_HOUR * segments_seconds(segments) / 3600
    sales = sample_instants(tick.rng, segments, draw_count(tick.rng, expected), ref.MS)
    purchases = sample_instants(
        tick.rng, segments, draw_count(tick.rng, expected * orders.PURCHASE_RATIO), ref.MS
    )
    for name, rows in orders.new_orders(tick.rng, book, sales, purchases).items():
        tick.record(name, "inserted", write_rows(tick.conn, tick.table(name), rows))
