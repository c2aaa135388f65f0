with source as (

    select * from {{ source('raw_totesys', 'currency') }}

),

renamed as (

    select
        cast(currency_id as integer) as currency_id,
        cast(currency_code as text) as currency_code,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
