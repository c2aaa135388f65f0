-- One row per currency and day from the first published day to the last: the rate version valid
-- that day (its own, or the most recent earlier one). The GBP facts find a day's rate by
-- equality on it, a hash join; joined on the validity windows, every fact row met every rate day
-- of its currency. A day after the last published one takes that day's rate (the GBP facts join
-- it on the earlier of the two days), so this model depends on the rates alone.
with rates as (

    select * from {{ ref('int_fx_rates_versioned') }}

),

days as (

    {{ date_spine(
        '(select min(rate_date) from ' ~ ref('int_fx_rates_versioned') ~ ')',
        '(select max(rate_date) from ' ~ ref('int_fx_rates_versioned') ~ ')'
    ) }}

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
