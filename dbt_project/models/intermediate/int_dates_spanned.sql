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

select date_day from spine
