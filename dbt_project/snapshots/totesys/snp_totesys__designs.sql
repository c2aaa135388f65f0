{% snapshot snp_totesys__designs %}
    {{ changed_versions(ref('stg_totesys__designs')) }}
{% endsnapshot %}
