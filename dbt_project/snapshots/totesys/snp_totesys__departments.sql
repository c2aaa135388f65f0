{% snapshot snp_totesys__departments %}
    {{ changed_versions(ref('stg_totesys__departments')) }}
{% endsnapshot %}
