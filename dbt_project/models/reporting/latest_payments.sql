-- One row per payment: its latest captured version. Read from the intermediate model the fact
-- is built from (marts read intermediate models only), which holds the same versions.
{{
    latest_versions(
        ref('int_payments_joined_point_in_time'),
        'payment_id',
        'payment_record_id'
    )
}}
