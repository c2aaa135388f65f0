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
        {{ scd2_versions('department_id') }}
    from snapshot

)

select
    {{ surrogate_key(['department_id', 'valid_from']) }} as department_key,
    *
from versioned
