select
    location_key,
    location_id,
    address_line_1,
    address_line_2,
    district,
    city,
    postal_code,
    country,
    phone,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from {{ ref('int_addresses_versioned') }}
