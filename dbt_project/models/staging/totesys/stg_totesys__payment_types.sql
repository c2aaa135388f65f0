with source as (

    select * from {{ source('raw_totesys', 'payment_type') }}

),

renamed as (

    select
        cast(payment_type_id as integer) as payment_type_id,
        cast(payment_type_name as text) as payment_type_name,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
