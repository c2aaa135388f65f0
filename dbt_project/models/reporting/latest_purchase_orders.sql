-- depends_on: {{ ref('int_staff_joined_to_departments') }}
-- depends_on: {{ ref('int_counterparties_joined_to_addresses') }}
-- depends_on: {{ ref('int_currencies_versioned') }}
-- depends_on: {{ ref('int_addresses_versioned') }}

-- One row per purchase order: its latest captured version in fact_purchase_order, with
-- version_valid_at. A cycle chooses again only for the purchase orders with a new or re-keyed
-- version: those the fact's own incremental filter selects from
-- int_purchase_orders_joined_point_in_time.
{{
    latest_versions_of_changed(
        ref('fact_purchase_order'),
        'purchase_order_id',
        'purchase_record_id',
        ref('int_purchase_orders_joined_point_in_time'),
        [
            'int_staff_joined_to_departments',
            'int_counterparties_joined_to_addresses',
            'int_currencies_versioned',
            'int_addresses_versioned'
        ]
    )
}}
