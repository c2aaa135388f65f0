{{
    config(
        materialized='incremental',
        unique_key='payment_record_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

select
    payment_record_id,
    payment_id,
    created_date,
    created_time,
    last_updated_date,
    last_updated_time,
    transaction_id,
    counterparty_id,
    payment_amount,
    currency_id,
    payment_type_id,
    paid,
    payment_date,
    transaction_key,
    counterparty_key,
    currency_key,
    payment_type_key,
    loaded_at
from {{ ref('int_payments_joined_point_in_time') }}
{% if is_incremental() %}
    -- Only row versions loaded since the last build: a cycle's cost follows what changed.
    where loaded_at > (select max(this_fact.loaded_at) from {{ this }} as this_fact)
{% endif %}
