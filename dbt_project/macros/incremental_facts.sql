{% macro new_fact_versions_filter(dimensions) -%}
    {#- Incremental filter of a fact built from `{{ this }}`'s loaded_at: the row versions loaded
        since the last build, plus the rows whose point-in-time dimension keys may have moved
        because a dimension version learnt of since then starts at or before their time
        (dimensions: the intermediate versioned models the fact joins, with dbt_valid_from and
        captured_at). -#}
    where
        loaded_at > (select max(this_fact.loaded_at) from {{ this }} as this_fact)
        or version_valid_at >= (
            select min(new_versions.dbt_valid_from)
            from (
                {%- for dimension in dimensions %}
                select
                    dbt_valid_from,
                    captured_at
                from {{ ref(dimension) }}
                {%- if not loop.last %}
                union all
                {%- endif %}
                {%- endfor %}
            ) as new_versions
            where new_versions.captured_at > (
                select max(this_fact.loaded_at) from {{ this }} as this_fact
            )
        )
{%- endmacro %}
