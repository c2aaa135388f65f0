-- One row per currency and day with a published rate, valid until the next published day: a
-- day without a rate (a weekend, a holiday, a quarantined day) takes the most recent earlier
-- one. GBP is its own rate (1) on every published day.
with rates as (

    select * from {{ ref('stg_fx__rates') }}

),

per_currency as (

    select
        rate_date,
        'GBP' as currency_code,
        cast(1 as numeric(18, 6)) as units_per_gbp,
        loaded_at
    from rates
    union all
    select
        rate_date,
        'USD' as currency_code,
        usd_per_gbp as units_per_gbp,
        loaded_at
    from rates
    union all
    select
        rate_date,
        'EUR' as currency_code,
        eur_per_gbp as units_per_gbp,
        loaded_at
    from rates

)

select
    {{ surrogate_key(['currency_code', 'rate_date']) }} as fx_rate_key,
    currency_code,
    rate_date,
    units_per_gbp,
    rate_date as valid_from,
    coalesce(
        lead(rate_date) over (partition by currency_code order by rate_date),
        cast('9999-12-31' as date)
    ) as valid_to,
    loaded_at
from per_currency
