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


{% macro latest_versions_of_changed(fact, natural_key, record_id, versions, dimensions) %}
    {#- The latest version of each source row of `fact` (latest_versions), with
        version_valid_at (last_updated_date + last_updated_time). On an incremental build, only
        for the natural keys with a version that new_fact_versions_filter selects from
        `versions` (the intermediate model the fact is built from, over `dimensions`), each
        chosen again among all its versions in the fact. The fact is a table, so its rows are
        found by a scan; the intermediate view would join every version to its dimensions
        first. Those keys are found once (changed_keys): latest_versions reads its relation
        twice. -#}
    {%- set fact_rows -%}
        (
            select
                *,
                last_updated_date + last_updated_time as version_valid_at
            from {{ fact }}
            {%- if is_incremental() %}
            where {{ natural_key }} in (select changed_keys.{{ natural_key }} from changed_keys)
            {%- endif %}
        ) as fact_rows
    {%- endset %}
    {%- if is_incremental() %}
    with changed_keys as (
        select {{ natural_key }} from {{ versions }}
        {{ new_fact_versions_filter(dimensions) }}
    )
    {%- endif %}
    {{ latest_versions(fact_rows, natural_key, record_id) }}
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
