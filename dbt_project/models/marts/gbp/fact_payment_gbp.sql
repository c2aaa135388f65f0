{{
    config(
        materialized='incremental',
        unique_key='payment_record_id',
        post_hook="{{ lookup_indexes(['payment_record_id', 'loaded_at']) }}"
    )
}}

-- depends_on: {{ ref('int_fx_rates_versioned') }}

-- Every payment version's amount in GBP, at the rate of its payment date (or the most recent
-- earlier one).
with payments as (

    select * from {{ ref('int_payments_joined_point_in_time') }}
    {% if is_incremental() %}
    -- A cycle converts what changed: new versions, and the days a new rate day now prices.
    {{ new_gbp_rows_filter('payment_date') }}
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
    payments.payment_record_id,
    payments.payment_id,
    payments.payment_date,
    currencies.currency_code,
    cast(payments.payment_amount as numeric(18, 2)) as payment_amount,
    rates.rate_date,
    rates.units_per_gbp,
    cast(payments.payment_amount / rates.units_per_gbp as numeric(18, 2)) as payment_amount_gbp,
    payments.loaded_at
from payments
inner join currencies
    on payments.currency_key = currencies.currency_key
cross join last_rate_day
left join rates
    on currencies.currency_code = rates.currency_code
        and least(payments.payment_date, last_rate_day.date_day) = rates.date_day
