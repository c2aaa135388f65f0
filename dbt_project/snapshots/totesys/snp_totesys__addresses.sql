{% snapshot snp_totesys__addresses %}
    {{ changed_versions(ref('stg_totesys__addresses')) }}
{% endsnapshot %}
