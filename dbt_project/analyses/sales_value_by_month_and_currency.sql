-- Sales value by month (of order creation) and currency, from the latest version of each order.
with latest_sales as (

    select * from {{ ref('latest_sales_orders') }}

)

select
    dates.year,
    dates.month,
    dates.month_name,
    currencies.currency_code,
    count(*) as orders,
    sum(latest_sales.units_sold) as units_sold,
    sum(latest_sales.units_sold * latest_sales.unit_price) as sales_value
from latest_sales
inner join {{ ref('dim_date') }} as dates
    on latest_sales.created_date = dates.date_id
inner join {{ ref('dim_currency') }} as currencies
    on latest_sales.currency_key = currencies.currency_key
group by dates.year, dates.month, dates.month_name, currencies.currency_code
order by dates.year, dates.month, currencies.currency_code
