-- depends_on: {{ ref('int_staff_joined_to_departments') }}
-- depends_on: {{ ref('int_counterparties_joined_to_addresses') }}
-- depends_on: {{ ref('int_currencies_versioned') }}
-- depends_on: {{ ref('int_addresses_versioned') }}

-- One row per purchase order: its latest captured version. Read from the intermediate model the
-- fact is built from (marts read intermediate models only), which holds the same versions.
-- A cycle recomputes only the rows with a new or re-keyed version (incremental, by natural key).
{{
    latest_versions_of_changed(
        ref('int_purchase_orders_joined_point_in_time'),
        'purchase_order_id',
        'purchase_record_id',
        [
            'int_staff_joined_to_departments',
            'int_counterparties_joined_to_addresses',
            'int_currencies_versioned',
            'int_addresses_versioned'
        ]
    )
}}
