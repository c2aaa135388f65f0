{% snapshot snp_totesys__purchase_orders %}
    {{ changed_versions(ref('stg_totesys__purchase_orders')) }}
{% endsnapshot %}
