"""The sources' own clock (seeds_generator.clock) and when payments are made (settlement)."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from seeds_generator import generate, observed_clock, simulate
from seeds_generator.clock import VIEW
from seeds_generator.timeline import HISTORY_END
from tests.seeds_generator.conftest import SCALE, Case
from tests.seeds_generator.helpers import dump, engine_for

SIX_HOURS = timedelta(hours=6)


def test_a_generated_source_tells_its_simulated_time(case: Case) -> None:
    url = case.new_url()
    generate(case.source, url, scale=SCALE)
    assert observed_clock(url) == HISTORY_END  # the end of the generated history
    reports = simulate({case.source: url}, ticks=2, interval=SIX_HOURS, seed=3)
    assert observed_clock(url) == reports[-1].windows[case.source][1] == HISTORY_END + 2 * SIX_HOURS
    with engine_for(url) as engine:
        assert VIEW not in sa.inspect(engine).get_table_names()  # the extract reads tables only
    generate(case.source, url, scale=SCALE, reset=True)  # the view does not block a reset
    assert observed_clock(url) == HISTORY_END


def test_a_source_without_a_simulated_clock_has_none(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/real.sqlite"
    with engine_for(url) as engine, engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE stock (stock_id text primary key)")
    assert observed_clock(url) is None  # a real source: the pipeline uses the wall clock


def _payments(url: str) -> list[tuple[dict, int]]:
    """Every payment with the days between its payment_date and its order's agreed date."""
    data = dump(url)
    orders = {("SALE", key): row for key, row in data["sales_order"].items()} | {
        ("PURCHASE", key): row for key, row in data["purchase_order"].items()
    }
    found = []
    for payment in data["payment"].values():
        owner = data["transaction"][payment["transaction_id"]]
        key = owner["sales_order_id"] or owner["purchase_order_id"]
        agreed = orders[(owner["transaction_type"], key)]["agreed_payment_date"]
        delay = date.fromisoformat(payment["payment_date"]) - date.fromisoformat(agreed)
        found.append((payment, delay.days))
    return found


def _shares(payments: list[tuple[dict, int]]) -> dict[str, float]:
    paid = [delay for payment, delay in payments if payment["paid"]]
    unpaid_past_due = [
        payment
        for payment, _ in payments
        if not payment["paid"] and payment["payment_date"] < f"{HISTORY_END:%Y-%m-%d}"
    ]
    return {
        "early": sum(delay < 0 for delay in paid) / len(paid),
        "on time": sum(delay == 0 for delay in paid) / len(paid),
        "late": sum(delay > 0 for delay in paid) / len(paid),
        "unpaid past due": len(unpaid_past_due) / len(payments),
    }


def test_payments_are_made_early_on_time_late_or_not_at_all(totesys_case: Case) -> None:
    url = totesys_case.new_url()
    generate("totesys", url, scale=SCALE)
    payments = _payments(url)
    shares = _shares(payments)
    assert 0.08 < shares["early"] < 0.35 and 0.3 < shares["on time"] < 0.7
    assert 0.15 < shares["late"] < 0.5 and 0.02 < shares["unpaid past due"] < 0.12
    assert max(delay for _, delay in payments) <= 60
    for payment, _ in payments:
        if payment["paid"]:  # dated the day it was made
            assert payment["payment_date"] == f"{payment['last_updated']:%Y-%m-%d}"
            assert payment["last_updated"] >= payment["created_at"]


def test_ticks_make_payments_on_their_day(totesys_case: Case) -> None:
    url = totesys_case.new_url()
    generate("totesys", url, scale=SCALE)
    before = {payment["payment_id"]: payment for payment, _ in _payments(url)}
    simulate({"totesys": url}, ticks=14, interval=timedelta(days=1), seed=9)
    made = [
        (payment, delay)
        for payment, delay in _payments(url)
        if payment["paid"] and not before.get(payment["payment_id"], {"paid": False})["paid"]
    ]
    assert {delay < 0 for _, delay in made} == {True, False}  # some early, some not
    assert any(delay > 0 for _, delay in made) and any(delay == 0 for _, delay in made)
    for payment, _ in made:
        assert payment["payment_date"] == f"{payment['last_updated']:%Y-%m-%d}"
        assert payment["last_updated"] > HISTORY_END
