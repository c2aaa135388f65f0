-- One row per purchase order: its latest captured version in fact_purchase_order.
{{ latest_versions(ref('fact_purchase_order'), 'purchase_order_id', 'purchase_record_id') }}
