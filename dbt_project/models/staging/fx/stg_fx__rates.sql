{%- set columns = {
    'date': 'text', 'base': 'text', 'rates__usd': 'double precision',
    'rates__eur': 'double precision', '_dlt_load_id': 'text'
} -%}

with source as (

    select * from {{ feed_source('raw_fx', 'rates', columns) }}

),

renamed as (

    select
        {{ text_to_date('date') }} as rate_date,
        cast(base as text) as base_currency,
        cast(rates__usd as numeric(18, 6)) as usd_per_gbp,
        cast(rates__eur as numeric(18, 6)) as eur_per_gbp,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
