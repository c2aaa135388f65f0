{{
    config(
        materialized='incremental',
        unique_key='payment_record_id',
        post_hook="{{ lookup_indexes(['payment_record_id', 'payment_id', 'loaded_at']) }}"
    )
}}

-- depends_on: {{ ref('int_transactions_versioned') }}
-- depends_on: {{ ref('int_counterparties_joined_to_addresses') }}
-- depends_on: {{ ref('int_currencies_versioned') }}
-- depends_on: {{ ref('int_payment_types_versioned') }}

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
-- A cycle's cost follows what changed: new row versions, and rows a new dimension version
-- may re-key.
{{ new_fact_versions_filter([
    'int_transactions_versioned',
    'int_counterparties_joined_to_addresses',
    'int_currencies_versioned',
    'int_payment_types_versioned'
]) }}
{% endif %}
