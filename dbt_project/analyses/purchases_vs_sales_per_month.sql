-- Orders and value of purchases against sales per month of creation and currency (latest
-- version of each order).
with latest_sales as (

    select
        created_date,
        currency_id,
        units_sold * unit_price as order_value
    from {{ ref('latest_sales_orders') }}

),

latest_purchases as (

    select
        created_date,
        currency_id,
        item_quantity * item_unit_price as order_value
    from {{ ref('latest_purchase_orders') }}

),

orders as (

    select
        'sale' as kind,
        created_date,
        currency_id,
        order_value
    from latest_sales
    union all
    select
        'purchase' as kind,
        created_date,
        currency_id,
        order_value
    from latest_purchases

)

select
    dates.year,
    dates.month,
    orders.currency_id,
    sum(case when orders.kind = 'sale' then 1 else 0 end) as sales_orders,
    sum(case when orders.kind = 'sale' then orders.order_value else 0 end) as sales_value,
    sum(case when orders.kind = 'purchase' then 1 else 0 end) as purchase_orders,
    sum(case when orders.kind = 'purchase' then orders.order_value else 0 end) as purchase_value
from orders
inner join {{ ref('dim_date') }} as dates
    on orders.created_date = dates.date_id
group by dates.year, dates.month, orders.currency_id
order by dates.year, dates.month, orders.currency_id
