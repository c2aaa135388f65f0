with fact_dates as (

    {%- set date_sources = [
        ('snp_totesys__sales_orders', ['created_at', 'last_updated', 'agreed_delivery_date',
                                       'agreed_payment_date']),
        ('snp_totesys__purchase_orders', ['created_at', 'last_updated', 'agreed_delivery_date',
                                          'agreed_payment_date']),
        ('snp_totesys__payments', ['created_at', 'last_updated', 'payment_date']),
        ('stg_stock__transactions', ['transaction_date']),
    ] %}
    {%- for relation, columns in date_sources %}
        {%- for column in columns %}
    select cast({{ column }} as date) as fact_date from {{ ref(relation) }}
            {%- if not loop.last %}
    union all
            {%- endif %}
        {%- endfor %}
        {%- if not loop.last %}
    union all
        {%- endif %}
    {%- endfor %}

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
