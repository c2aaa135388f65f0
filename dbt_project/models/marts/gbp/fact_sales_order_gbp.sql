{{
    config(
        materialized='incremental',
        unique_key='sales_record_id',
        post_hook="{{ lookup_indexes(['sales_record_id', 'loaded_at']) }}"
    )
}}

-- depends_on: {{ ref('int_fx_rates_versioned') }}

-- Every sales-order version's value in GBP, at the rate of its creation date (or the most
-- recent earlier one).
with sales as (

    select * from {{ ref('int_sales_orders_joined_point_in_time') }}
    {% if is_incremental() %}
    -- A cycle converts what changed: new versions, and the days a new rate day now prices.
    {{ new_gbp_rows_filter('created_date') }}
    {% endif %}

),

currencies as (

    select * from {{ ref('int_currencies_versioned') }}

),

rates as (

    select * from {{ ref('int_fx_rates_daily') }}

),

last_rate_day as (

    -- A day after the last published one takes that day's rate.
    select max(date_day) as date_day from rates

)

select
    sales.sales_record_id,
    sales.sales_order_id,
    sales.created_date,
    currencies.currency_code,
    cast(sales.units_sold * sales.unit_price as numeric(18, 2)) as sales_value,
    rates.rate_date,
    rates.units_per_gbp,
    cast(sales.units_sold * sales.unit_price / rates.units_per_gbp as numeric(18, 2))
        as sales_value_gbp,
    sales.loaded_at
from sales
inner join currencies
    on sales.currency_key = currencies.currency_key
cross join last_rate_day
left join rates
    on currencies.currency_code = rates.currency_code
        and least(sales.created_date, last_rate_day.date_day) = rates.date_day
