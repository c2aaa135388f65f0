-- Every date any fact refers to, from every captured version (facts keep history): each source's
-- earliest and latest, read in one pass over it.
with fact_date_ranges as (

    {%- set order_dates = [
        'created_at', 'last_updated', 'agreed_delivery_date', 'agreed_payment_date'
    ] %}
    {{ dates_spanned(ref('snp_totesys__sales_orders'), order_dates) }}
    union all
    {{ dates_spanned(ref('snp_totesys__purchase_orders'), order_dates) }}
    union all
    {%- set payment_dates = ['created_at', 'last_updated', 'payment_date'] %}
    {{ dates_spanned(ref('snp_totesys__payments'), payment_dates) }}
    union all
    {{ dates_spanned(ref('stg_stock__transactions'), ['transaction_date']) }}

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
