{% test point_in_time_key(
    model,
    key_column,
    dimension,
    dimension_key,
    dimension_natural_key,
    natural_key,
    valid_at
) %}
    -- Fails for every fact row whose dimension key is not the version of its own natural key
    -- valid at the row's time (`valid_at`, an expression over the fact's columns).
    with facts as (

        select
            {{ key_column }} as dimension_key,
            {{ natural_key }} as natural_key,
            {{ valid_at }} as valid_at
        from {{ model }}
        where {{ natural_key }} is not null

    ),

    expected as (

        select
            facts.dimension_key,
            versions.{{ dimension_key }} as expected_key
        from facts
        left join {{ dimension }} as versions
            on
                facts.natural_key = versions.{{ dimension_natural_key }}
                and facts.valid_at >= versions.valid_from
                and facts.valid_at < versions.valid_to

    )

    select *
    from expected
    where
        expected_key is null
        or dimension_key is null
        or dimension_key <> expected_key
{% endtest %}
