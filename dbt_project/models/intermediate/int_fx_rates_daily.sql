-- One row per currency and calendar day of the facts (int_dates_spanned) from the currency's
-- first published day on: the rate version valid that day. The GBP facts find a day's rate by
-- equality on it, a hash join; joined on the validity windows, every fact row met every rate
-- day of its currency.
with days as (

    select * from {{ ref('int_dates_spanned') }}

),

rates as (

    select * from {{ ref('int_fx_rates_versioned') }}

)

select
    {{ surrogate_key(['rates.currency_code', 'days.date_day']) }} as fx_rate_day_key,
    rates.currency_code,
    days.date_day,
    rates.rate_date,
    rates.units_per_gbp
from days
inner join rates
    on
        days.date_day >= rates.valid_from
        and days.date_day < rates.valid_to
