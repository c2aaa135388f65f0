{{
    config(
        materialized='incremental',
        unique_key='stock_transaction_record_id',
        post_hook="{{ lookup_indexes(['stock_transaction_record_id', 'loaded_at']) }}"
    )
}}

-- depends_on: {{ ref('int_stocks_versioned') }}
-- depends_on: {{ ref('int_stock_users_versioned') }}

select
    stock_transaction_record_id,
    transaction_id,
    transaction_date,
    transaction_date_id,
    user_id,
    stock_id,
    quantity,
    price_at_transaction,
    transaction_value,
    stock_key,
    stock_user_key,
    loaded_at
from {{ ref('int_stock_transactions_joined_point_in_time') }}
{% if is_incremental() %}
-- A cycle's cost follows what changed: new row versions, and rows a new dimension version
-- may re-key.
{{ new_fact_versions_filter([
    'int_stocks_versioned',
    'int_stock_users_versioned'
]) }}
{% endif %}
