{% snapshot snp_totesys__payments %}
    {{ changed_versions(ref('stg_totesys__payments')) }}
{% endsnapshot %}
