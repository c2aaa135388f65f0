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
        {{ scd2_versions('staff_id') }}
    from snapshot

)

select
    {{ surrogate_key(['staff_id', 'valid_from']) }} as staff_key,
    *
from versioned
