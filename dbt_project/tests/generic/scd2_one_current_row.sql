{% test scd2_one_current_row(model, natural_key) %}
    -- Fails for every natural key that does not have exactly one current version.
    select
        {{ natural_key }},
        count(*) as current_versions
    from {{ model }}
    where is_current
    group by {{ natural_key }}
    having count(*) <> 1

    union all

    select
        {{ natural_key }},
        0 as current_versions
    from {{ model }}
    group by {{ natural_key }}
    having sum(case when is_current then 1 else 0 end) = 0
{% endtest %}
