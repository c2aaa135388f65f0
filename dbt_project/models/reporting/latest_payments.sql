-- One row per payment: its latest captured version in fact_payment.
{{ latest_versions(ref('fact_payment'), 'payment_id', 'payment_record_id') }}
