-- Every date any fact refers to, from every captured version (facts keep history).
with fact_dates as (

    select cast(created_at as date) as fact_date
    from {{ ref('snp_totesys__sales_orders') }}
    union all
    select cast(last_updated as date) as fact_date
    from {{ ref('snp_totesys__sales_orders') }}
    union all
    select cast(agreed_delivery_date as date) as fact_date
    from {{ ref('snp_totesys__sales_orders') }}
    union all
    select cast(agreed_payment_date as date) as fact_date
    from {{ ref('snp_totesys__sales_orders') }}
    union all
    select cast(created_at as date) as fact_date
    from {{ ref('snp_totesys__purchase_orders') }}
    union all
    select cast(last_updated as date) as fact_date
    from {{ ref('snp_totesys__purchase_orders') }}
    union all
    select cast(agreed_delivery_date as date) as fact_date
    from {{ ref('snp_totesys__purchase_orders') }}
    union all
    select cast(agreed_payment_date as date) as fact_date
    from {{ ref('snp_totesys__purchase_orders') }}
    union all
    select cast(created_at as date) as fact_date
    from {{ ref('snp_totesys__payments') }}
    union all
    select cast(last_updated as date) as fact_date
    from {{ ref('snp_totesys__payments') }}
    union all
    select cast(payment_date as date) as fact_date
    from {{ ref('snp_totesys__payments') }}
    union all
    select cast(transaction_date as date) as fact_date
    from {{ ref('stg_stock__transactions') }}

),

bounds as (

    -- Whole calendar years around the dates the facts use.
    select
        cast(cast(extract(year from min(fact_date)) as integer) || '-01-01' as date) as first_day,
        cast(cast(extract(year from max(fact_date)) as integer) || '-12-31' as date) as last_day
    from fact_dates

),

spine as (

    {{ date_spine('(select first_day from bounds)', '(select last_day from bounds)') }}

)

select
    date_day as date_id,
    cast(extract(year from date_day) as integer) as year,
    cast(extract(month from date_day) as integer) as month,
    cast(extract(day from date_day) as integer) as day,
    cast(extract(isodow from date_day) as integer) as day_of_week,
    {{ day_name('cast(extract(isodow from date_day) as integer)') }} as day_name,
    {{ month_name('cast(extract(month from date_day) as integer)') }} as month_name,
    cast(extract(quarter from date_day) as integer) as quarter
from spine
