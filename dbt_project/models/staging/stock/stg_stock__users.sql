with source as (

    select * from {{ source('raw_stock', 'user') }}

),

renamed as (

    select
        cast(user_id as integer) as user_id,
        cast(name as text) as name,
        cast(email as text) as email,
        {{ utc_timestamp('updated_at') }} as updated_at,
        cast(status as text) as status,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
