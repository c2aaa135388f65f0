-- One row per sales order: its latest captured version in fact_sales_order.
{{ latest_versions(ref('fact_sales_order'), 'sales_order_id', 'sales_record_id') }}
