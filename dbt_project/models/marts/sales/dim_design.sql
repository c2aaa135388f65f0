select
    design_key,
    design_id,
    design_name,
    file_location,
    file_name,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from {{ ref('int_designs_versioned') }}
