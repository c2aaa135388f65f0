with source as (

    select * from {{ source('raw_totesys', 'staff') }}

),

renamed as (

    select
        cast(staff_id as integer) as staff_id,
        cast(first_name as text) as first_name,
        cast(last_name as text) as last_name,
        cast(department_id as integer) as department_id,
        cast(email_address as text) as email_address,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
