{% macro latest_versions(relation, natural_key, record_id) %}
    -- The latest captured version of each source row of a fact (or of the intermediate model
    -- it is built from): the newest last_updated_date and last_updated_time per natural key;
    -- on a tie, the greatest record id, so that the choice never depends on the order rows
    -- happen to be read in. The relation's own columns.
    select *
    from {{ relation }}
    where {{ record_id }} in (
        select ranked.{{ record_id }}
        from (
            select
                {{ record_id }},
                row_number() over (
                    partition by {{ natural_key }}
                    order by
                        last_updated_date desc,
                        last_updated_time desc,
                        {{ record_id }} desc
                ) as recency
            from {{ relation }}
        ) as ranked
        where ranked.recency = 1
    )
{%- endmacro %}


{% macro latest_versions_of_changed(relation, natural_key, record_id, dimensions) %}
    {#- latest_versions for an incremental report keyed by `natural_key`: on an incremental
        build, only the natural keys with a version new since the last build or re-keyed by a
        dimension version learnt of since then (new_fact_versions_filter over `dimensions`),
        each chosen again among all its versions. -#}
    {%- if is_incremental() %}
        {%- set changed -%}
            (
                select * from {{ relation }}
                where {{ natural_key }} in (
                    select {{ natural_key }} from {{ relation }}
                    {{ new_fact_versions_filter(dimensions) }}
                )
            ) as changed_versions
        {%- endset %}
        {{ latest_versions(changed, natural_key, record_id) }}
    {%- else %}
        {{ latest_versions(relation, natural_key, record_id) }}
    {%- endif %}
{%- endmacro %}

{% macro fact_unique_key(relation) %}
    {#- The unique_key configured on the model built as `relation` (a fact's record id). The
        graph is only filled at execution; at parse time there is nothing to look up. -#}
    {%- if not execute -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- for node in graph.nodes.values() -%}
        {%- if node.resource_type == 'model' and node.alias == relation.identifier -%}
            {{- return(node.config.unique_key) -}}
        {%- endif -%}
    {%- endfor -%}
    {{- return(none) -}}
{%- endmacro %}
