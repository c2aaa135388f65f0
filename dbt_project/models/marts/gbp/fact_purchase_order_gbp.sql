{{
    config(
        materialized='incremental',
        unique_key='purchase_record_id',
        post_hook="{{ lookup_indexes(['purchase_record_id', 'loaded_at']) }}"
    )
}}

-- depends_on: {{ ref('int_fx_rates_versioned') }}

-- Every purchase-order version's value in GBP, at the rate of its creation date (or the most
-- recent earlier one).
with purchases as (

    select * from {{ ref('int_purchase_orders_joined_point_in_time') }}
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
    purchases.purchase_record_id,
    purchases.purchase_order_id,
    purchases.created_date,
    currencies.currency_code,
    cast(purchases.item_quantity * purchases.item_unit_price as numeric(18, 2)) as purchase_value,
    rates.rate_date,
    rates.units_per_gbp,
    cast(
        purchases.item_quantity * purchases.item_unit_price / rates.units_per_gbp
        as numeric(18, 2)
    ) as purchase_value_gbp,
    purchases.loaded_at
from purchases
inner join currencies
    on purchases.currency_key = currencies.currency_key
cross join last_rate_day
left join rates
    on currencies.currency_code = rates.currency_code
        and least(purchases.created_date, last_rate_day.date_day) = rates.date_day
