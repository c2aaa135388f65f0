-- depends_on: {{ ref('int_staff_joined_to_departments') }}
-- depends_on: {{ ref('int_counterparties_joined_to_addresses') }}
-- depends_on: {{ ref('int_designs_versioned') }}
-- depends_on: {{ ref('int_currencies_versioned') }}
-- depends_on: {{ ref('int_addresses_versioned') }}

-- One row per sales order: its latest captured version in fact_sales_order, with version_valid_at.
-- A cycle chooses again only for the sales orders with a new or re-keyed version: those the fact's
-- own incremental filter selects from int_sales_orders_joined_point_in_time.
{{
    latest_versions_of_changed(
        ref('fact_sales_order'),
        'sales_order_id',
        'sales_record_id',
        ref('int_sales_orders_joined_point_in_time'),
        [
            'int_staff_joined_to_departments',
            'int_counterparties_joined_to_addresses',
            'int_designs_versioned',
            'int_currencies_versioned',
            'int_addresses_versioned'
        ]
    )
}}
