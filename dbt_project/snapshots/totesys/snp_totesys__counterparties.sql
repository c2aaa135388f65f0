{% snapshot snp_totesys__counterparties %}
    {{ changed_versions(ref('stg_totesys__counterparties')) }}
{% endsnapshot %}
