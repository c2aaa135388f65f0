-- Every date any fact refers to, from every captured version (facts keep history): each source's
-- earliest and latest, read in one pass over it.
with fact_date_ranges as (

    {%- for orders in ['snp_totesys__sales_orders', 'snp_totesys__purchase_orders'] %}
        select
            least(
                min(cast(created_at as date)),
                min(cast(last_updated as date)),
                min(cast(agreed_delivery_date as date)),
                min(cast(agreed_payment_date as date))
            ) as first_date,
            greatest(
                max(cast(created_at as date)),
                max(cast(last_updated as date)),
                max(cast(agreed_delivery_date as date)),
                max(cast(agreed_payment_date as date))
            ) as last_date
        from {{ ref(orders) }}
        union all
    {%- endfor %}
    select
        least(
            min(cast(created_at as date)),
            min(cast(last_updated as date)),
            min(cast(payment_date as date))
        ) as first_date,
        greatest(
            max(cast(created_at as date)),
            max(cast(last_updated as date)),
            max(cast(payment_date as date))
        ) as last_date
    from {{ ref('snp_totesys__payments') }}
    union all
    select
        min(cast(transaction_date as date)) as first_date,
        max(cast(transaction_date as date)) as last_date
    from {{ ref('stg_stock__transactions') }}

),

bounds as (

    -- Whole calendar years around the dates the facts use.
    select
        cast(cast(extract(year from min(first_date)) as integer) || '-01-01' as date) as first_day,
        cast(cast(extract(year from max(last_date)) as integer) || '-12-31' as date) as last_day
    from fact_date_ranges

),

spine as (

    {{ date_spine('(select first_day from bounds)', '(select last_day from bounds)') }}

)

select date_day from spine
