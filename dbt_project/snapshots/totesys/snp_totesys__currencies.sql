{% snapshot snp_totesys__currencies %}
    {{ changed_versions(ref('stg_totesys__currencies')) }}
{% endsnapshot %}
