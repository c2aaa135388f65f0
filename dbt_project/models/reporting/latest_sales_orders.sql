-- depends_on: {{ ref('int_staff_joined_to_departments') }}
-- depends_on: {{ ref('int_counterparties_joined_to_addresses') }}
-- depends_on: {{ ref('int_designs_versioned') }}
-- depends_on: {{ ref('int_currencies_versioned') }}
-- depends_on: {{ ref('int_addresses_versioned') }}

-- One row per sales order: its latest captured version. Read from the intermediate model the
-- fact is built from (marts read intermediate models only), which holds the same versions.
-- A cycle recomputes only the rows with a new or re-keyed version (incremental, by natural key).
{{
    latest_versions_of_changed(
        ref('int_sales_orders_joined_point_in_time'),
        'sales_order_id',
        'sales_record_id',
        [
            'int_staff_joined_to_departments',
            'int_counterparties_joined_to_addresses',
            'int_designs_versioned',
            'int_currencies_versioned',
            'int_addresses_versioned'
        ]
    )
}}
