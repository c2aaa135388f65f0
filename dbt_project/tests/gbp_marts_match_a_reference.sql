-- The GBP marts against a reference computed another way: from staging (not the snapshots and
-- intermediate models the marts are built from), each row's rate found as the latest published
-- day on or before the row's date, by a running maximum over one timeline per currency of rate
-- days and asked days (not by validity windows). No correlated lookup: a planner that expects few
-- new rows (its statistics end before them) runs one per row pair. Returns every latest order or
-- payment whose GBP value differs by more than a penny's rounding. A cycle's selective build
-- checks the rows it loaded; the daily full build checks every row (macros/scoped_tests.sql).
with rates as (

    select
        rate_date,
        'GBP' as currency_code,
        cast(1 as numeric(18, 6)) as units_per_gbp
    from {{ ref('stg_fx__rates') }}
    union all
    select
        rate_date,
        'USD' as currency_code,
        usd_per_gbp as units_per_gbp
    from {{ ref('stg_fx__rates') }}
    union all
    select
        rate_date,
        'EUR' as currency_code,
        eur_per_gbp as units_per_gbp
    from {{ ref('stg_fx__rates') }}

),

rows_in_currency as (

    select
        'sales' as mart,
        sales.sales_order_id as id,
        currencies.currency_code,
        cast(sales.created_at as date) as on_day,
        sales.units_sold * sales.unit_price as amount
    from {{ ref('stg_totesys__sales_orders') }} as sales
    inner join {{ ref('stg_totesys__currencies') }} as currencies
        on sales.currency_id = currencies.currency_id
    where {{ loaded_since_last_build('sales.loaded_at', otherwise='true') }}
    union all
    select
        'purchases' as mart,
        purchases.purchase_order_id as id,
        currencies.currency_code,
        cast(purchases.created_at as date) as on_day,
        purchases.item_quantity * purchases.item_unit_price as amount
    from {{ ref('stg_totesys__purchase_orders') }} as purchases
    inner join {{ ref('stg_totesys__currencies') }} as currencies
        on purchases.currency_id = currencies.currency_id
    where {{ loaded_since_last_build('purchases.loaded_at', otherwise='true') }}
    union all
    select
        'payments' as mart,
        payments.payment_id as id,
        currencies.currency_code,
        payments.payment_date as on_day,
        payments.payment_amount as amount
    from {{ ref('stg_totesys__payments') }} as payments
    inner join {{ ref('stg_totesys__currencies') }} as currencies
        on payments.currency_id = currencies.currency_id
    where {{ loaded_since_last_build('payments.loaded_at', otherwise='true') }}

),

days_in_currency as (

    select distinct
        currency_code,
        on_day
    from rows_in_currency

),

timeline as (

    select
        currency_code,
        rate_date as on_day,
        rate_date,
        false as is_asked
    from rates
    union all
    select
        currency_code,
        on_day,
        null as rate_date,
        true as is_asked
    from days_in_currency

),

day_rate_dates as (

    -- On a day that is itself a rate day, the rate day sorts first, so the asked day sees it.
    select
        currency_code,
        on_day,
        is_asked,
        max(rate_date) over (
            partition by currency_code
            order by on_day, is_asked
            rows between unbounded preceding and current row
        ) as rate_date
    from timeline

),

day_rates as (

    select
        day_rate_dates.currency_code,
        day_rate_dates.on_day,
        rates.units_per_gbp
    from day_rate_dates
    left join rates
        on
            day_rate_dates.currency_code = rates.currency_code
            and day_rate_dates.rate_date = rates.rate_date
    where day_rate_dates.is_asked

),

reference as (

    select
        rows_in_currency.mart,
        rows_in_currency.id,
        rows_in_currency.amount / day_rates.units_per_gbp as value_gbp
    from rows_in_currency
    left join day_rates
        on
            rows_in_currency.currency_code = day_rates.currency_code
            and rows_in_currency.on_day = day_rates.on_day

),

marts as (

    select
        'sales' as mart,
        gbp.sales_order_id as id,
        gbp.sales_value_gbp as value_gbp
    from {{ ref('fact_sales_order_gbp') }} as gbp
    inner join {{ ref('latest_sales_orders') }} as latest
        on gbp.sales_record_id = latest.sales_record_id
    where
        {{ loaded_since_last_build('gbp.loaded_at', otherwise='true') }}
        and {{ loaded_since_last_build('latest.loaded_at', otherwise='true') }}
    union all
    select
        'purchases' as mart,
        gbp.purchase_order_id as id,
        gbp.purchase_value_gbp as value_gbp
    from {{ ref('fact_purchase_order_gbp') }} as gbp
    inner join {{ ref('latest_purchase_orders') }} as latest
        on gbp.purchase_record_id = latest.purchase_record_id
    where
        {{ loaded_since_last_build('gbp.loaded_at', otherwise='true') }}
        and {{ loaded_since_last_build('latest.loaded_at', otherwise='true') }}
    union all
    select
        'payments' as mart,
        gbp.payment_id as id,
        gbp.payment_amount_gbp as value_gbp
    from {{ ref('fact_payment_gbp') }} as gbp
    inner join {{ ref('latest_payments') }} as latest
        on gbp.payment_record_id = latest.payment_record_id
    where
        {{ loaded_since_last_build('gbp.loaded_at', otherwise='true') }}
        and {{ loaded_since_last_build('latest.loaded_at', otherwise='true') }}

)

select
    reference.mart,
    reference.id,
    reference.value_gbp as reference_gbp,
    marts.value_gbp as mart_gbp
from reference
inner join marts
    on reference.mart = marts.mart and reference.id = marts.id
where
    (reference.value_gbp is null) <> (marts.value_gbp is null)
    or abs(reference.value_gbp - marts.value_gbp) > 0.01
