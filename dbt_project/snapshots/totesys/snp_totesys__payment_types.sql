{% snapshot snp_totesys__payment_types %}
    {{ changed_versions(ref('stg_totesys__payment_types')) }}
{% endsnapshot %}
