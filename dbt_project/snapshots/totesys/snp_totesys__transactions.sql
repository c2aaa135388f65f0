{% snapshot snp_totesys__transactions %}
    {{ changed_versions(ref('stg_totesys__transactions')) }}
{% endsnapshot %}
