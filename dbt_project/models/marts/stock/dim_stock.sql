select
    stock_key,
    stock_id,
    company,
    category,
    price,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from {{ ref('int_stocks_versioned') }}
