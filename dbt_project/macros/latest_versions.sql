{% macro latest_versions(relation, natural_key) %}
    -- The latest captured version of each source row in a fact (newest last_updated first).
    select *
    from (
        select
            *,
            row_number() over (
                partition by {{ natural_key }}
                order by last_updated_date desc, last_updated_time desc
            ) as recency
        from {{ relation }}
    ) as versions
    where recency = 1
{%- endmacro %}
