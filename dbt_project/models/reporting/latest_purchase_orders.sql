-- One row per purchase order: its latest captured version. Read from the intermediate model the
-- fact is built from (marts read intermediate models only), which holds the same versions.
{{
    latest_versions(
        ref('int_purchase_orders_joined_point_in_time'),
        'purchase_order_id',
        'purchase_record_id'
    )
}}
