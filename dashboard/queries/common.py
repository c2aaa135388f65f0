"""What several pages share: the filters' choices and the current orders and payments."""

from __future__ import annotations

import sqlalchemy as sa


def with_ctes(*ctes: str, body: str) -> sa.TextClause:
    """A statement: the shared CTEs (constants of this module) then its own body, no input."""
    return sa.text("with " + ",".join(ctes) + body)


# The page's date range and currency, applied to the date column each CTE names; the values
# are bound parameters, only this fixed text is put in place.
_IN_RANGE = """
        between cast(:start_date as date) and cast(:end_date as date)
        and (cast(:currency as varchar) is null or c.currency_code = cast(:currency as varchar))
"""


def _in_range(cte: str) -> str:
    return cte.replace("{in_range}", _IN_RANGE)


SALES = _in_range(
    """
sales as (
    select
        s.sales_order_id, s.created_date, s.design_id, s.staff_key, s.counterparty_key,
        c.currency_code, s.units_sold * s.unit_price as sales_value
    from marts.latest_sales_orders as s
    inner join marts.dim_currency as c on s.currency_key = c.currency_key
    where s.created_date {in_range}
)
"""
)

# The same orders valued in GBP (marts.fact_sales_order_gbp): null where no rate is that old.
SALES_GBP = _in_range(
    """
sales_gbp as (
    select c.currency_code, g.sales_value_gbp
    from marts.latest_sales_orders as s
    inner join marts.dim_currency as c on s.currency_key = c.currency_key
    inner join marts.fact_sales_order_gbp as g on s.sales_record_id = g.sales_record_id
    where s.created_date {in_range}
)
"""
)

PURCHASES = _in_range(
    """
purchases as (
    select
        p.purchase_order_id, p.created_date, c.currency_code,
        p.item_quantity * p.item_unit_price as purchase_value
    from marts.latest_purchase_orders as p
    inner join marts.dim_currency as c on p.currency_key = c.currency_key
    where p.created_date {in_range}
)
"""
)

# A payment without a payment date yet is dated by its creation.
PAYMENTS = _in_range(
    """
payments as (
    select
        p.payment_id, p.transaction_id, p.payment_type_id, p.paid, p.payment_date,
        p.payment_amount, c.currency_code
    from marts.latest_payments as p
    inner join marts.dim_currency as c on p.currency_key = c.currency_key
    where coalesce(p.payment_date, p.created_date) {in_range}
)
"""
)

HAS_SALES = sa.text("select count(*) as fact_rows from marts.fact_sales_order")

CURRENCIES = sa.text(
    "select distinct currency_code from marts.dim_currency where is_current order by currency_code"
)

ORDER_DATE_BOUNDS = sa.text("""
select min(created_date) as first_date, max(created_date) as last_date
from marts.fact_sales_order
""")

PAYMENT_DATE_BOUNDS = sa.text("""
select min(first_date) as first_date, max(last_date) as last_date from (
    select min(created_date) as first_date, max(created_date) as last_date
    from marts.fact_sales_order
    union all
    select min(created_date), max(created_date) from marts.fact_purchase_order
    union all
    select min(coalesce(payment_date, created_date)), max(coalesce(payment_date, created_date))
    from marts.fact_payment
) as bounds
""")
