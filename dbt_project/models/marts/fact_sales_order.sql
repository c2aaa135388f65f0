{{
    config(
        materialized='incremental',
        unique_key='sales_record_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

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
    -- Only row versions loaded since the last build: a cycle's cost follows what changed.
    where loaded_at > (select max(this_fact.loaded_at) from {{ this }} as this_fact)
{% endif %}
