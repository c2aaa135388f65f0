{% snapshot snp_totesys__staff %}
    {{ changed_versions(ref('stg_totesys__staff')) }}
{% endsnapshot %}
