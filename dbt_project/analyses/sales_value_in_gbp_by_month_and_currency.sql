-- Sales value in GBP by month (of order creation) and currency, from the latest version of each
-- order, each converted at the rate of its creation date (or the most recent earlier one).
with latest_sales as (

    select * from {{ ref('latest_sales_orders') }}

),

in_gbp as (

    select * from {{ ref('fact_sales_order_gbp') }}

)

select
    dates.year,
    dates.month,
    dates.month_name,
    in_gbp.currency_code,
    count(*) as orders,
    sum(in_gbp.sales_value) as sales_value,
    sum(in_gbp.sales_value_gbp) as sales_value_gbp,
    count(*) - count(in_gbp.sales_value_gbp) as orders_without_rate
from latest_sales
inner join in_gbp
    on latest_sales.sales_record_id = in_gbp.sales_record_id
inner join {{ ref('dim_date') }} as dates
    on in_gbp.created_date = dates.date_id
group by dates.year, dates.month, dates.month_name, in_gbp.currency_code
order by dates.year, dates.month, in_gbp.currency_code
