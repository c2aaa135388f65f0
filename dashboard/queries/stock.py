"""The Stock platform page (no currency: the platform quotes one)."""

from __future__ import annotations

import sqlalchemy as sa

# Trades, and every price change after the first capture (so the range shows all history).
TRADE_DATE_BOUNDS = sa.text("""
select min(first_date) as first_date, max(last_date) as last_date from (
    select min(transaction_date_id) as first_date, max(transaction_date_id) as last_date
    from marts.fact_stock_transaction
    union all
    select cast(min(valid_from) as date), cast(max(valid_from) as date)
    from marts.dim_stock
    where valid_from > cast('1900-01-01' as timestamp)
) as bounds
""")


# Per week (starting Monday) and category: two years of days are too many bars to read.
# Category from the dim_stock version valid at the trade's time. Traded value counts both sides:
# a sale's transaction_value is negative in the fact (its quantity is).
TRADES_BY_WEEK = sa.text("""
select
    cast(date_trunc('week', f.transaction_date_id) as date) as week,
    s.category,
    count(*) as trades,
    cast(sum(abs(f.transaction_value)) as double precision) as traded_value
from marts.fact_stock_transaction as f
inner join marts.dim_stock as s
    on f.stock_id = s.stock_id
    and f.transaction_date >= s.valid_from
    and f.transaction_date < s.valid_to
where f.transaction_date_id between cast(:start_date as date) and cast(:end_date as date)
group by cast(date_trunc('week', f.transaction_date_id) as date), s.category
order by week, s.category
""")

# The stocks whose price changed most come first: their history is the one worth a look.
STOCKS = sa.text("""
select s.stock_id, s.company, s.is_deleted, v.versions
from marts.dim_stock as s
inner join (
    select stock_id, count(*) as versions from marts.dim_stock group by stock_id
) as v on s.stock_id = v.stock_id
where s.is_current
order by v.versions desc, s.stock_id
""")

# Every SCD2 version of one stock overlapping the date range, clipped to it for plotting.
PRICE_HISTORY = sa.text("""
select
    cast(greatest(valid_from, cast(:start_date as timestamp)) as timestamp) as shown_from,
    valid_from,
    valid_to,
    cast(price as double precision) as price,
    is_current,
    is_deleted
from marts.dim_stock
where stock_id = :stock_id
    and valid_from <= cast(:end_date as timestamp) + interval '1 day'
    and valid_to > cast(:start_date as timestamp)
order by valid_from
""")

ACTIVE_USERS = sa.text("""
select
    cast(date_trunc('week', transaction_date_id) as date) as week,
    count(distinct user_id) as active_users
from marts.fact_stock_transaction
where transaction_date_id between cast(:start_date as date) and cast(:end_date as date)
group by cast(date_trunc('week', transaction_date_id) as date)
order by week
""")

ACTIVE_USERS_TOTAL = sa.text("""
select count(distinct user_id) as active_users
from marts.fact_stock_transaction
where transaction_date_id between cast(:start_date as date) and cast(:end_date as date)
""")
