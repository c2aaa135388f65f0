select
    transaction_key,
    transaction_id,
    transaction_type,
    sales_order_id,
    purchase_order_id,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from {{ ref('int_transactions_versioned') }}
