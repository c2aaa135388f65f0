with snapshot as (

    select * from {{ ref('snp_totesys__addresses') }}

),

versioned as (

    select
        address_id as location_id,
        address_line_1,
        address_line_2,
        district,
        city,
        postal_code,
        country,
        phone,
        dbt_valid_from,
        loaded_at,
        {{ scd2_versions('address_id') }}
    from snapshot

)

select
    {{ surrogate_key(['location_id', 'valid_from']) }} as location_key,
    *,
    -- When the warehouse learnt of the version: its load, or the build that saw the deletion.
    case when is_deleted then dbt_valid_from else loaded_at end as captured_at
from versioned
