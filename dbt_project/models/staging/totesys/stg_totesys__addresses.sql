with source as (

    select * from {{ source('raw_totesys', 'address') }}

),

renamed as (

    select
        cast(address_id as integer) as address_id,
        cast(address_line_1 as text) as address_line_1,
        cast(address_line_2 as text) as address_line_2,
        cast(district as text) as district,
        cast(city as text) as city,
        cast(postal_code as text) as postal_code,
        cast(country as text) as country,
        cast(phone as text) as phone,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
