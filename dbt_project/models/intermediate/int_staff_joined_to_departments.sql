with staff as (

    select * from {{ ref('int_staff_versioned') }}

),

departments as (

    select * from {{ ref('int_departments_versioned') }}

),

segments as (

    -- A dim_staff version is a stretch of time over which neither the staff row nor its
    -- department's row changed: the overlaps of each staff version with its department's
    -- versions.
    select
        staff.staff_id,
        staff.first_name,
        staff.last_name,
        departments.department_name,
        departments.location,
        staff.email_address,
        greatest(
            staff.valid_from, coalesce(departments.valid_from, staff.valid_from)
        ) as valid_from,
        least(staff.valid_to, coalesce(departments.valid_to, staff.valid_to)) as valid_to,
        staff.is_deleted,
        greatest(
            staff.dbt_valid_from, coalesce(departments.dbt_valid_from, staff.dbt_valid_from)
        ) as dbt_valid_from,
        greatest(staff.captured_at, coalesce(departments.captured_at, staff.captured_at))
            as captured_at
    from staff
    left join departments
        on
            staff.department_id = departments.department_id
            and staff.valid_from < departments.valid_to
            and staff.valid_to > departments.valid_from

)

select
    {{ surrogate_key(['staff_id', 'valid_from']) }} as staff_key,
    *,
    valid_to = {{ scd2_end_of_time() }} as is_current
from segments
