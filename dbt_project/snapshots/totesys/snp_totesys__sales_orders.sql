{% snapshot snp_totesys__sales_orders %}
    {{ changed_versions(ref('stg_totesys__sales_orders')) }}
{% endsnapshot %}
