with staff as (

    select * from {{ ref('int_staff_versioned') }}

),

departments as (

    select * from {{ ref('int_departments_versioned') }}

)

-- The department as it was when the staff version started.
select
    staff.staff_key,
    staff.staff_id,
    staff.first_name,
    staff.last_name,
    departments.department_name,
    departments.location,
    staff.email_address,
    staff.valid_from,
    staff.valid_to,
    staff.is_current,
    staff.is_deleted,
    staff.dbt_valid_from,
    staff.captured_at
from staff
left join departments
    on
        staff.department_id = departments.department_id
        and {{ valid_at('departments', 'staff.dbt_valid_from') }}
