{{
    config(
        materialized='incremental',
        unique_key='purchase_record_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail'
    )
}}

select
    purchase_record_id,
    purchase_order_id,
    created_date,
    created_time,
    last_updated_date,
    last_updated_time,
    staff_id,
    counterparty_id,
    item_code,
    item_quantity,
    item_unit_price,
    currency_id,
    agreed_delivery_date,
    agreed_payment_date,
    agreed_delivery_location_id,
    staff_key,
    counterparty_key,
    currency_key,
    delivery_location_key,
    loaded_at
from {{ ref('int_purchase_orders_joined_point_in_time') }}
{% if is_incremental() %}
    -- Only row versions loaded since the last build: a cycle's cost follows what changed.
    where loaded_at > (select max(this_fact.loaded_at) from {{ this }} as this_fact)
{% endif %}
