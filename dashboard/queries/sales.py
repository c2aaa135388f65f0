"""The Sales page: value per currency, per month, per design, per place and per person."""

from __future__ import annotations

from dashboard.queries.common import SALES, SALES_GBP, with_ctes

SALES_TOTALS = with_ctes(
    SALES,
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

# Every currency's sales added up in pounds, each order at its day's rate (or the latest before).
SALES_GBP_TOTAL = with_ctes(
    SALES_GBP,
    body="""
select
    count(*) as orders,
    cast(sum(sales_value_gbp) as double precision) as sales_value_gbp,
    count(*) - count(sales_value_gbp) as orders_without_rate
from sales_gbp
""",
)

SALES_BY_MONTH = with_ctes(
    SALES,
    body="""
select
    cast(date_trunc('month', created_date) as date) as month,
    currency_code,
    count(*) as orders,
    cast(sum(sales_value) as double precision) as sales_value
from sales
group by cast(date_trunc('month', created_date) as date), currency_code
order by currency_code, month
""",
)

# The ten designs that sold for the most in each currency, ranked within it.
TOP_DESIGNS = with_ctes(
    SALES,
    body=""",
design_values as (
    select
        design_id,
        currency_code,
        count(*) as orders,
        sum(sales_value) as sales_value,
        row_number() over (
            partition by currency_code order by sum(sales_value) desc, design_id
        ) as design_rank
    from sales
    group by design_id, currency_code
)
select
    v.currency_code,
    v.design_rank,
    d.design_name || ' (#' || cast(v.design_id as varchar) || ')' as design,
    v.orders,
    cast(v.sales_value as double precision) as sales_value
from design_values as v
inner join marts.dim_design as d on v.design_id = d.design_id and d.is_current
where v.design_rank <= 10
order by v.currency_code, v.design_rank
""",
)

# The counterparty's legal address as it was when the order was placed (point-in-time key).
SALES_BY_LOCATION = with_ctes(
    SALES,
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
order by s.currency_code, sales_value desc, country, city
""",
)

# Sales are credited to the department the staff member was in at the time of the sale.
STAFF_LEADERBOARD = with_ctes(
    SALES,
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
