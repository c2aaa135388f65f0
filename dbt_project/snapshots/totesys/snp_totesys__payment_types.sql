{% snapshot snp_totesys__payment_types %}
    {{ changed_versions(ref('stg_totesys__payment_types'), 'payment_type_id') }}
{% endsnapshot %}
