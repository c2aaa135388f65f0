select
    staff_key,
    staff_id,
    first_name,
    last_name,
    department_name,
    location,
    email_address,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from {{ ref('int_staff_joined_to_departments') }}
