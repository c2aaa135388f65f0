select
    payment_type_key,
    payment_type_id,
    payment_type_name,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from {{ ref('int_payment_types_versioned') }}
