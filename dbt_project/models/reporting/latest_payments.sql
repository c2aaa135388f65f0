-- depends_on: {{ ref('int_transactions_versioned') }}
-- depends_on: {{ ref('int_counterparties_joined_to_addresses') }}
-- depends_on: {{ ref('int_currencies_versioned') }}
-- depends_on: {{ ref('int_payment_types_versioned') }}

-- One row per payment: its latest captured version in fact_payment, with version_valid_at.
-- A cycle chooses again only for the payments with a new or re-keyed version: those the fact's
-- own incremental filter selects from int_payments_joined_point_in_time.
{{
    latest_versions_of_changed(
        ref('fact_payment'),
        'payment_id',
        'payment_record_id',
        ref('int_payments_joined_point_in_time'),
        [
            'int_transactions_versioned',
            'int_counterparties_joined_to_addresses',
            'int_currencies_versioned',
            'int_payment_types_versioned'
        ]
    )
}}
