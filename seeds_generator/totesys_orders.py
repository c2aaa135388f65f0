"""Sales and purchase orders with their transaction and payment, as the application writes them."""

from __future__ import annotations

import bisect
import random
import string
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from seeds_generator import totesys_reference as ref
from seeds_generator.timeline import between, iso_day

Row = dict[str, object]
SALES_PER_TRADING_HOUR = 2.0  # ~22 a weekday between 08:00 and 19:00
PURCHASE_RATIO = 0.4
OPENS, CLOSES = 8, 19
REFUND_SHARE = 0.03
ITEM_CODE_CHARS = string.ascii_uppercase + string.digits


@dataclass
class OrderBook:
    """Next ids and the designs available so far; shared by history and ticks."""

    next_sales_order: int = 1
    next_purchase_order: int = 1
    next_transaction: int = 1
    next_payment: int = 1
    design_created: list[datetime] = field(default_factory=list)


def cents(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(between(rng, round(low * 100), round(high * 100))) / 100


def agreed_dates(rng: random.Random, created: datetime) -> tuple[str, str]:
    """Delivery and payment agreed 0-7 days after the order, as yyyy-mm-dd text."""
    day = created.toordinal()
    return iso_day(day + between(rng, 0, 7)), iso_day(day + between(rng, 0, 7))


def sales_order(rng: random.Random, book: OrderBook, created: datetime) -> Row:
    delivery, payment = agreed_dates(rng, created)
    designs = max(1, bisect.bisect_right(book.design_created, created))
    row = {
        "sales_order_id": book.next_sales_order,
        "design_id": between(rng, 1, designs),
        "staff_id": between(rng, 1, ref.STAFF),
        "counterparty_id": between(rng, 1, ref.COUNTERPARTIES),
        "units_sold": between(rng, 1_000, 100_000),
        "unit_price": cents(rng, 2, 4),
        "currency_id": between(rng, 1, len(ref.CURRENCIES)),
        "agreed_delivery_date": delivery,
        "agreed_payment_date": payment,
        "agreed_delivery_location_id": between(rng, 1, ref.ADDRESSES),
    }
    book.next_sales_order += 1
    return ref.stamped(row, created)


def purchase_order(rng: random.Random, book: OrderBook, created: datetime) -> Row:
    delivery, payment = agreed_dates(rng, created)
    row = {
        "purchase_order_id": book.next_purchase_order,
        "staff_id": between(rng, 1, ref.STAFF),
        "counterparty_id": between(rng, 1, ref.COUNTERPARTIES),
        "item_code": "".join(rng.choices(ITEM_CODE_CHARS, k=7)),
        "item_quantity": between(rng, 1, 1_000),
        "item_unit_price": cents(rng, 3, 1_000),
        "currency_id": between(rng, 1, len(ref.CURRENCIES)),
        "agreed_delivery_date": delivery,
        "agreed_payment_date": payment,
        "agreed_delivery_location_id": between(rng, 1, ref.ADDRESSES),
    }
    book.next_purchase_order += 1
    return ref.stamped(row, created)


def transaction_for(book: OrderBook, order: Row) -> Row:
    is_sale = "sales_order_id" in order
    row = {
        "transaction_id": book.next_transaction,
        "transaction_type": "SALE" if is_sale else "PURCHASE",
        "sales_order_id": order.get("sales_order_id"),
        "purchase_order_id": order.get("purchase_order_id"),
    }
    book.next_transaction += 1
    return ref.stamped(row, order["created_at"])  # type: ignore[arg-type]


def order_amount(order: Row) -> Decimal:
    if "sales_order_id" in order:
        return order["units_sold"] * order["unit_price"]  # type: ignore[operator]
    return order["item_quantity"] * order["item_unit_price"]  # type: ignore[operator]


def payment_for(rng: random.Random, book: OrderBook, order: Row, transaction: Row) -> Row:
    is_sale = transaction["transaction_type"] == "SALE"
    refund = rng.random() < REFUND_SHARE
    type_id = (1 if is_sale else 3) + refund  # SALES_RECEIPT/REFUND, PURCHASE_PAYMENT/REFUND
    due = str(order["agreed_payment_date"])
    row = {
        "payment_id": book.next_payment,
        "transaction_id": transaction["transaction_id"],
        "counterparty_id": order["counterparty_id"],
        "payment_amount": order_amount(order),
        "currency_id": order["currency_id"],
        "payment_type_id": type_id,
        "paid": False,  # until made: seeds_generator.settlement says when
        "payment_date": due,
        "company_ac_number": between(rng, 10_000_000, 99_999_999),
        "counterparty_ac_number": between(rng, 10_000_000, 99_999_999),
    }
    book.next_payment += 1
    return ref.stamped(row, order["created_at"])  # type: ignore[arg-type]


def new_orders(
    rng: random.Random, book: OrderBook, sales: list[datetime], purchases: list[datetime]
) -> dict[str, list[Row]]:
    """Orders created at the given instants, each with its transaction and payment."""
    timeline = sorted([(t, True) for t in sales] + [(t, False) for t in purchases])
    batch: dict[str, list[Row]] = {
        "sales_order": [],
        "purchase_order": [],
        "transaction": [],
        "payment": [],
    }
    for created, is_sale in timeline:
        order = sales_order(rng, book, created) if is_sale else purchase_order(rng, book, created)
        batch["sales_order" if is_sale else "purchase_order"].append(order)
        transaction = transaction_for(book, order)
        batch["transaction"].append(transaction)
        batch["payment"].append(payment_for(rng, book, order, transaction))
    return batch
