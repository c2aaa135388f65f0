with source as (

    select * from {{ source('raw_totesys', 'department') }}

),

renamed as (

    select
        cast(department_id as integer) as department_id,
        cast(department_name as text) as department_name,
        cast(location as text) as location,
        cast(manager as text) as manager,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
