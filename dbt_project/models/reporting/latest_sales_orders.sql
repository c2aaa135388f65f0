-- One row per sales order: its latest captured version. Read from the intermediate model the
-- fact is built from (marts read intermediate models only), which holds the same versions.
{{
    latest_versions(
        ref('int_sales_orders_joined_point_in_time'),
        'sales_order_id',
        'sales_record_id'
    )
}}
