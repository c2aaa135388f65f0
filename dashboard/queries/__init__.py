"""Every SQL statement the dashboard runs (written one module per page, all named here):
portable DuckDB/PostgreSQL, bound parameters only.

Parameters used throughout: :start_date and :end_date (inclusive dates), :currency (an ISO code,
or NULL for every currency), :stock_id. NULL-able binds are cast so that PostgreSQL can type them.
Orders and payments are read at their latest captured version (the numbers the business sees
today) from the marts.latest_* models, which dbt defines once, for the analyses too. Money is
never added across currencies: every money figure is grouped by currency_code.
"""

from __future__ import annotations

from dashboard.queries.common import (
    CURRENCIES,
    HAS_SALES,
    ORDER_DATE_BOUNDS,
    PAYMENT_DATE_BOUNDS,
)
from dashboard.queries.health import (
    CYCLE_DATE_BOUNDS,
    CYCLES,
    FEED_COUNTS,
    LAST_TEST_RESULTS,
    SOURCE_FRESHNESS,
    TABLE_LOADS,
)
from dashboard.queries.payments import (
    PAYMENT_DELAY,
    PURCHASES_VS_SALES,
    UNPAID_PAYMENTS,
)
from dashboard.queries.sales import (
    SALES_BY_LOCATION,
    SALES_BY_MONTH,
    SALES_GBP_TOTAL,
    SALES_TOTALS,
    STAFF_LEADERBOARD,
    TOP_DESIGNS,
)
from dashboard.queries.stock import (
    ACTIVE_USERS,
    ACTIVE_USERS_TOTAL,
    PRICE_HISTORY,
    STOCKS,
    TRADE_DATE_BOUNDS,
    TRADES_BY_WEEK,
)

__all__ = [
    "ACTIVE_USERS",
    "ACTIVE_USERS_TOTAL",
    "CURRENCIES",
    "CYCLES",
    "CYCLE_DATE_BOUNDS",
    "FEED_COUNTS",
    "HAS_SALES",
    "LAST_TEST_RESULTS",
    "ORDER_DATE_BOUNDS",
    "PAYMENT_DATE_BOUNDS",
    "PAYMENT_DELAY",
    "PRICE_HISTORY",
    "PURCHASES_VS_SALES",
    "SALES_BY_LOCATION",
    "SALES_BY_MONTH",
    "SALES_GBP_TOTAL",
    "SALES_TOTALS",
    "SOURCE_FRESHNESS",
    "STAFF_LEADERBOARD",
    "STOCKS",
    "TABLE_LOADS",
    "TOP_DESIGNS",
    "TRADES_BY_WEEK",
    "TRADE_DATE_BOUNDS",
    "UNPAID_PAYMENTS",
]
