with snapshot as (

    select * from {{ ref('snp_totesys__staff') }}

),

versioned as (

    select
        staff_id,
        first_name,
        last_name,
        department_id,
        email_address,
        dbt_valid_from,
        loaded_at,
        {{ scd2_versions('staff_id') }}
    from snapshot

)

select
    {{ surrogate_key(['staff_id', 'valid_from']) }} as staff_key,
    *,
    -- When the warehouse learnt of the version: its load, or the build that saw the deletion.
    case when is_deleted then dbt_valid_from else loaded_at end as captured_at
from versioned
