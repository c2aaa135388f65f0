with source as (

    select * from {{ source('raw_totesys', 'design') }}

),

renamed as (

    select
        cast(design_id as integer) as design_id,
        cast(design_name as text) as design_name,
        cast(file_location as text) as file_location,
        cast(file_name as text) as file_name,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
