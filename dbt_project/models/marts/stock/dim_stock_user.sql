select
    stock_user_key,
    user_id,
    name,
    email,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from {{ ref('int_stock_users_versioned') }}
