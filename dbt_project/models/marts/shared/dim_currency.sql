select
    currency_key,
    currency_id,
    currency_code,
    currency_name,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from {{ ref('int_currencies_named') }}
