{%- set columns = {
    'counterparty_id': 'bigint', 'rated_on': 'text', 'rating': 'text', 'outlook': 'text',
    'agency': 'text', '_dlt_load_id': 'text'
} -%}

with source as (

    select * from {{ feed_source('raw_files', 'credit_ratings', columns) }}

),

renamed as (

    select
        {{ surrogate_key(['counterparty_id', 'rated_on']) }} as credit_rating_id,
        cast(counterparty_id as integer) as counterparty_id,
        {{ text_to_date('rated_on') }} as rated_on,
        cast(rating as text) as rating,
        cast(outlook as text) as outlook,
        cast(agency as text) as agency,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
