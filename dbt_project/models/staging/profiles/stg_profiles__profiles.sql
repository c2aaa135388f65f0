{%- set columns = {
    'user_id': 'bigint', 'modified_at': 'timestamp', 'gender': 'text', 'name__title': 'text',
    'name__first': 'text', 'name__last': 'text', 'email': 'text', 'dob__date': 'timestamp',
    'registered__date': 'timestamp', 'phone': 'text', 'location__street__number': 'bigint',
    'location__street__name': 'text', 'location__city': 'text', 'location__state': 'text',
    'location__country': 'text', 'location__postcode': 'text', 'nat': 'text',
    '_dlt_load_id': 'text'
} -%}

with source as (

    select * from {{ feed_source('raw_profiles', 'profiles', columns) }}

),

renamed as (

    select
        cast(user_id as integer) as user_id,
        {{ utc_timestamp('modified_at') }} as modified_at,
        cast(gender as text) as gender,
        cast(name__title as text) as title,
        cast(name__first as text) as first_name,
        cast(name__last as text) as last_name,
        cast(email as text) as email,
        cast({{ utc_timestamp('dob__date') }} as date) as date_of_birth,
        {{ utc_timestamp('registered__date') }} as registered_at,
        cast(phone as text) as phone,
        cast(location__street__number as integer) as street_number,
        cast(location__street__name as text) as street_name,
        cast(location__city as text) as city,
        cast(location__state as text) as state,
        cast(location__country as text) as country,
        cast(location__postcode as text) as postcode,
        cast(nat as text) as nationality,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
