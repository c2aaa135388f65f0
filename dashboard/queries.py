"""Every SQL statement the dashboard runs: portable DuckDB/PostgreSQL, bound parameters only."""

from __future__ import annotations

import sqlalchemy as sa

# Parameters used throughout: :start_date and :end_date (inclusive dates), :currency (an ISO
# code, or NULL for every currency), :stock_id. NULL-able binds are cast so that PostgreSQL can
# type them. Facts keep one row per captured version of a source row; the CTEs below keep the
# latest version of each order or payment (the numbers the business sees today).


def _after(*ctes: str, body: str) -> sa.TextClause:
    """A statement: the shared CTEs (constants of this module) then its own body, no input."""
    return sa.text(",".join(ctes) + body)


_LATEST_SALES = """
with latest_sales as (
    select
        f.*,
        row_number() over (
            partition by f.sales_order_id
            order by f.last_updated_date desc, f.last_updated_time desc, f.sales_record_id desc
        ) as version_rank
    from marts.fact_sales_order as f
),
sales as (
    select
        s.sales_order_id, s.created_date, s.design_id, s.staff_key, s.counterparty_key,
        s.agreed_payment_date, c.currency_code, s.units_sold * s.unit_price as sales_value
    from latest_sales as s
    inner join marts.dim_currency as c on s.currency_key = c.currency_key
    where s.version_rank = 1
        and s.created_date between cast(:start_date as date) and cast(:end_date as date)
        and (cast(:currency as varchar) is null or c.currency_code = cast(:currency as varchar))
)
"""

_LATEST_PURCHASES = """
latest_purchases as (
    select
        f.*,
        row_number() over (
            partition by f.purchase_order_id
            order by f.last_updated_date desc, f.last_updated_time desc, f.purchase_record_id desc
        ) as version_rank
    from marts.fact_purchase_order as f
),
purchases as (
    select
        p.purchase_order_id, p.created_date, p.agreed_payment_date, c.currency_code,
        p.item_quantity * p.item_unit_price as purchase_value
    from latest_purchases as p
    inner join marts.dim_currency as c on p.currency_key = c.currency_key
    where p.version_rank = 1
        and p.created_date between cast(:start_date as date) and cast(:end_date as date)
        and (cast(:currency as varchar) is null or c.currency_code = cast(:currency as varchar))
)
"""

_LATEST_PAYMENTS = """
with latest_payments as (
    select
        f.*,
        row_number() over (
            partition by f.payment_id
            order by f.last_updated_date desc, f.last_updated_time desc, f.payment_record_id desc
        ) as version_rank
    from marts.fact_payment as f
),
payments as (
    select
        p.payment_id, p.transaction_id, p.payment_type_id, p.paid, p.payment_date,
        p.payment_amount, c.currency_code
    from latest_payments as p
    inner join marts.dim_currency as c on p.currency_key = c.currency_key
    where p.version_rank = 1
        and p.payment_date between cast(:start_date as date) and cast(:end_date as date)
        and (cast(:currency as varchar) is null or c.currency_code = cast(:currency as varchar))
)
"""

# --- filter choices -------------------------------------------------------------------------

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
    select min(payment_date), max(payment_date) from marts.fact_payment
) as bounds
""")

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

# --- 1. Sales -------------------------------------------------------------------------------

SALES_TOTALS = _after(
    _LATEST_SALES,
    body="""
select
    currency_code,
    count(*) as orders,
    cast(sum(sales_value) as double precision) as sales_value
from sales
group by currency_code
order by currency_code
""",
)

SALES_BY_MONTH = _after(
    _LATEST_SALES,
    body="""
select
    cast(date_trunc('month', created_date) as date) as month,
    currency_code,
    cast(sum(sales_value) as double precision) as sales_value
from sales
group by cast(date_trunc('month', created_date) as date), currency_code
order by month, currency_code
""",
)

# Ranked on the value over every selected currency; the bar is split by currency.
TOP_DESIGNS = _after(
    _LATEST_SALES,
    body=""",
design_values as (
    select design_id, currency_code, sum(sales_value) as sales_value
    from sales
    group by design_id, currency_code
),
top_designs as (
    select design_id, sum(sales_value) as total_value
    from design_values
    group by design_id
    order by total_value desc, design_id
    limit 10
)
select
    d.design_name || ' (#' || cast(v.design_id as varchar) || ')' as design,
    v.currency_code,
    cast(v.sales_value as double precision) as sales_value,
    cast(t.total_value as double precision) as total_value
from design_values as v
inner join top_designs as t on v.design_id = t.design_id
inner join marts.dim_design as d on v.design_id = d.design_id and d.is_current
order by total_value desc, design, v.currency_code
""",
)

# The counterparty's legal address as it was when the order was placed (point-in-time key).
SALES_BY_LOCATION = _after(
    _LATEST_SALES,
    body="""
select
    cp.counterparty_legal_country as country,
    cp.counterparty_legal_city as city,
    s.currency_code,
    count(*) as orders,
    cast(sum(s.sales_value) as double precision) as sales_value
from sales as s
inner join marts.dim_counterparty as cp on s.counterparty_key = cp.counterparty_key
group by cp.counterparty_legal_country, cp.counterparty_legal_city, s.currency_code
order by sales_value desc, country, city
""",
)

# Sales are credited to the department the staff member was in at the time of the sale.
STAFF_LEADERBOARD = _after(
    _LATEST_SALES,
    body=""",
staff_values as (
    select
        st.department_name,
        st.first_name || ' ' || st.last_name as staff_name,
        s.currency_code,
        count(*) as orders,
        sum(s.sales_value) as sales_value
    from sales as s
    inner join marts.dim_staff as st on s.staff_key = st.staff_key
    group by st.department_name, st.first_name, st.last_name, s.currency_code
)
select
    department_name,
    rank() over (
        partition by department_name, currency_code order by sales_value desc
    ) as department_rank,
    staff_name,
    currency_code,
    orders,
    cast(sales_value as double precision) as sales_value
from staff_values
order by department_name, currency_code, department_rank, staff_name
""",
)

# --- 2. Purchases and payments --------------------------------------------------------------

PURCHASES_VS_SALES = _after(
    _LATEST_SALES,
    _LATEST_PURCHASES,
    body="""
select
    cast(date_trunc('month', created_date) as date) as month,
    'sales' as flow,
    currency_code,
    cast(sum(sales_value) as double precision) as order_value
from sales
group by cast(date_trunc('month', created_date) as date), currency_code
union all
select
    cast(date_trunc('month', created_date) as date),
    'purchases',
    currency_code,
    cast(sum(purchase_value) as double precision)
from purchases
group by cast(date_trunc('month', created_date) as date), currency_code
order by month, flow, currency_code
""",
)

UNPAID_PAYMENTS = _after(
    _LATEST_PAYMENTS,
    body="""
select
    pt.payment_type_name,
    p.currency_code,
    count(*) as payments,
    cast(sum(p.payment_amount) as double precision) as unpaid_amount
from payments as p
inner join marts.dim_payment_type as pt
    on p.payment_type_id = pt.payment_type_id and pt.is_current
where not p.paid
group by pt.payment_type_name, p.currency_code
order by pt.payment_type_name, p.currency_code
""",
)

# Days between the payment date and the date agreed on the order it pays (latest versions).
PAYMENT_DELAY = _after(
    _LATEST_PAYMENTS,
    body=""",
agreed as (
    select sales_order_id as order_id, 'SALE' as transaction_type, agreed_payment_date
    from (
        select sales_order_id, agreed_payment_date, row_number() over (
            partition by sales_order_id
            order by last_updated_date desc, last_updated_time desc, sales_record_id desc
        ) as version_rank
        from marts.fact_sales_order
    ) as s
    where version_rank = 1
    union all
    select purchase_order_id, 'PURCHASE', agreed_payment_date
    from (
        select purchase_order_id, agreed_payment_date, row_number() over (
            partition by purchase_order_id
            order by last_updated_date desc, last_updated_time desc, purchase_record_id desc
        ) as version_rank
        from marts.fact_purchase_order
    ) as p
    where version_rank = 1
)
select
    cast(t.transaction_type as varchar) as transaction_type,
    cast(p.payment_date - a.agreed_payment_date as integer) as delay_days,
    count(*) as payments
from payments as p
inner join marts.dim_transaction as t on p.transaction_id = t.transaction_id and t.is_current
inner join agreed as a
    on a.order_id = coalesce(t.sales_order_id, t.purchase_order_id)
    and a.transaction_type = cast(t.transaction_type as varchar)
group by 1, 2
order by transaction_type, delay_days
""",
)

# --- 3. Stock platform (no currency: the platform quotes one) --------------------------------

# Category from the dim_stock version valid at the trade's time.
TRADES_BY_DAY = sa.text("""
select
    f.transaction_date_id as trade_date,
    s.category,
    count(*) as trades,
    cast(sum(f.transaction_value) as double precision) as traded_value
from marts.fact_stock_transaction as f
inner join marts.dim_stock as s
    on f.stock_id = s.stock_id
    and f.transaction_date >= s.valid_from
    and f.transaction_date < s.valid_to
where f.transaction_date_id between cast(:start_date as date) and cast(:end_date as date)
group by f.transaction_date_id, s.category
order by trade_date, s.category
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
    transaction_date_id as trade_date,
    count(distinct user_id) as active_users
from marts.fact_stock_transaction
where transaction_date_id between cast(:start_date as date) and cast(:end_date as date)
group by transaction_date_id
order by trade_date
""")

ACTIVE_USERS_TOTAL = sa.text("""
select count(distinct user_id) as active_users
from marts.fact_stock_transaction
where transaction_date_id between cast(:start_date as date) and cast(:end_date as date)
""")

# --- 4. Pipeline health (the `ops` schema the cycle appends to) ------------------------------
# (dlt creates a column only once a value arrives: failed_step/error exist after a failure only.)

CYCLE_DATE_BOUNDS = sa.text("""
select cast(min(started_at) as date) as first_date, cast(max(started_at) as date) as last_date
from ops.runs
""")

CYCLES = sa.text("""
select
    run_id,
    started_at,
    finished_at,
    status,
    rows_extracted,
    rows_loaded,
    tests_failed,
    cast(extract(epoch from finished_at - started_at) as double precision) as duration_seconds
from ops.runs
where cast(started_at as date) between cast(:start_date as date) and cast(:end_date as date)
order by started_at desc
limit 20
""")

# Rows per source table for the cycles in range (the `table` column is quoted: a keyword).
TABLE_LOADS = sa.text("""
select
    r.run_id,
    r.started_at,
    l.source || '.' || l."table" as source_table,
    l.rows_extracted,
    l.rows_loaded
from ops.table_loads as l
inner join ops.runs as r on l.run_id = r.run_id
where cast(r.started_at as date) between cast(:start_date as date) and cast(:end_date as date)
order by r.started_at, source_table
""")

# Freshness as the most recent cycle measured it, per source table.
SOURCE_FRESHNESS = sa.text("""
with ranked as (
    select
        f.*,
        r.started_at as measured_at,
        row_number() over (
            partition by f.source, f."table" order by r.started_at desc
        ) as recency
    from ops.source_freshness as f
    inner join ops.runs as r on f.run_id = r.run_id
)
select
    source,
    "table" as source_table,
    status,
    max_loaded_at,
    cast(age_seconds / 3600.0 as double precision) as age_hours,
    measured_at
from ranked
where recency = 1
order by source, source_table
""")

# dbt tests of the last cycle that ran any.
LAST_TEST_RESULTS = sa.text("""
with last_run as (
    select r.run_id
    from ops.runs as r
    where exists (
        select 1 from ops.dbt_nodes as n
        where n.run_id = r.run_id and n.resource_type in ('test', 'unit_test')
    )
    order by r.started_at desc
    limit 1
)
select
    n.unique_id,
    n.resource_type,
    n.layer,
    n.status,
    cast(n.execution_seconds as double precision) as execution_seconds,
    n.message
from ops.dbt_nodes as n
inner join last_run on n.run_id = last_run.run_id
where n.resource_type in ('test', 'unit_test')
order by n.status, n.unique_id
""")
