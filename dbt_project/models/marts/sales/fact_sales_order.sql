{{
    config(
        materialized='incremental',
        unique_key='sales_record_id',
        post_hook="{{ lookup_indexes(['sales_record_id', 'sales_order_id', 'loaded_at']) }}"
    )
}}

-- depends_on: {{ ref('int_staff_joined_to_departments') }}
-- depends_on: {{ ref('int_counterparties_joined_to_addresses') }}
-- depends_on: {{ ref('int_designs_versioned') }}
-- depends_on: {{ ref('int_currencies_versioned') }}
-- depends_on: {{ ref('int_addresses_versioned') }}

select
    sales_record_id,
    sales_order_id,
    created_date,
    created_time,
    last_updated_date,
    last_updated_time,
    sales_staff_id,
    counterparty_id,
    units_sold,
    unit_price,
    currency_id,
    design_id,
    agreed_payment_date,
    agreed_delivery_date,
    agreed_delivery_location_id,
    staff_key,
    counterparty_key,
    design_key,
    currency_key,
    delivery_location_key,
    loaded_at
from {{ ref('int_sales_orders_joined_point_in_time') }}
{% if is_incremental() %}
-- A cycle's cost follows what changed: new row versions, and rows a new dimension version
-- may re-key.
{{ new_fact_versions_filter([
    'int_staff_joined_to_departments',
    'int_counterparties_joined_to_addresses',
    'int_designs_versioned',
    'int_currencies_versioned',
    'int_addresses_versioned'
]) }}
{% endif %}
