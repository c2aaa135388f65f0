-- depends_on: {{ ref('int_transactions_versioned') }}
-- depends_on: {{ ref('int_counterparties_joined_to_addresses') }}
-- depends_on: {{ ref('int_currencies_versioned') }}
-- depends_on: {{ ref('int_payment_types_versioned') }}

-- One row per payment: its latest captured version. Read from the intermediate model the fact
-- is built from (marts read intermediate models only), which holds the same versions.
-- A cycle recomputes only the rows with a new or re-keyed version (incremental, by natural key).
{{
    latest_versions_of_changed(
        ref('int_payments_joined_point_in_time'),
        'payment_id',
        'payment_record_id',
        [
            'int_transactions_versioned',
            'int_counterparties_joined_to_addresses',
            'int_currencies_versioned',
            'int_payment_types_versioned'
        ]
    )
}}
