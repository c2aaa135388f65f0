-- The GBP marts against a reference computed another way: from staging (not the snapshots and
-- intermediate models the marts are built from), each row's rate found by a correlated lookup of
-- the latest published day on or before the row's date (not by validity windows). The lookup runs
-- once per currency and day, not once per row: per row it scanned every rate for every order,
-- which grew as orders times rate days. Returns every latest order or payment whose GBP value
-- differs by more than a penny's rounding. A cycle's selective build checks the rows it loaded;
-- the daily full build checks every row (macros/scoped_tests.sql).
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

day_rates as (

    select
        days_in_currency.currency_code,
        days_in_currency.on_day,
        (
            select rates.units_per_gbp
            from rates
            where
                rates.currency_code = days_in_currency.currency_code
                and rates.rate_date = (
                    select max(earlier.rate_date)
                    from rates as earlier
                    where
                        earlier.currency_code = days_in_currency.currency_code
                        and earlier.rate_date <= days_in_currency.on_day
                )
        ) as units_per_gbp
    from days_in_currency

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
    where {{ loaded_since_last_build('gbp.loaded_at', otherwise='true') }}
    union all
    select
        'purchases' as mart,
        gbp.purchase_order_id as id,
        gbp.purchase_value_gbp as value_gbp
    from {{ ref('fact_purchase_order_gbp') }} as gbp
    inner join {{ ref('latest_purchase_orders') }} as latest
        on gbp.purchase_record_id = latest.purchase_record_id
    where {{ loaded_since_last_build('gbp.loaded_at', otherwise='true') }}
    union all
    select
        'payments' as mart,
        gbp.payment_id as id,
        gbp.payment_amount_gbp as value_gbp
    from {{ ref('fact_payment_gbp') }} as gbp
    inner join {{ ref('latest_payments') }} as latest
        on gbp.payment_record_id = latest.payment_record_id
    where {{ loaded_since_last_build('gbp.loaded_at', otherwise='true') }}

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
