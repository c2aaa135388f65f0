{{
    config(
        materialized='incremental',
        unique_key='stock_transaction_record_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

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
    -- Only row versions loaded since the last build: a cycle's cost follows what changed.
    where loaded_at > (select max(this_fact.loaded_at) from {{ this }} as this_fact)
{% endif %}
