with snapshot as (

    select * from {{ ref('snp_totesys__departments') }}

),

versioned as (

    select
        department_id,
        department_name,
        location,
        manager,
        dbt_valid_from,
        loaded_at,
        {{ scd2_versions('department_id') }}
    from snapshot

)

select
    {{ surrogate_key(['department_id', 'valid_from']) }} as department_key,
    *,
    -- When the warehouse learnt of the version: its load, or the build that saw the deletion.
    case when is_deleted then dbt_valid_from else loaded_at end as captured_at
from versioned
