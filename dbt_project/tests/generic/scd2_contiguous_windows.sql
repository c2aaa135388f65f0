{% test scd2_contiguous_windows(model, natural_key) %}
    -- Fails for every version whose window does not start where the previous one ended (a gap
    -- or an overlap), for a first version not starting at 1900-01-01, for a last version not
    -- ending at 9999-12-31, and for is_current disagreeing with valid_to.
    with ordered as (

        select
            {{ natural_key }},
            valid_from,
            valid_to,
            is_current,
            lag(valid_to) over (
                partition by {{ natural_key }} order by valid_from
            ) as previous_valid_to,
            lead(valid_from) over (
                partition by {{ natural_key }} order by valid_from
            ) as next_valid_from
        from {{ model }}

    )

    select *
    from ordered
    where
        (previous_valid_to is null and valid_from <> {{ scd2_start_of_time() }})
        or (previous_valid_to is not null and valid_from <> previous_valid_to)
        or (next_valid_from is null and valid_to <> {{ scd2_end_of_time() }})
        or (next_valid_from is not null and valid_to <> next_valid_from)
        or (is_current <> (valid_to = {{ scd2_end_of_time() }}))
{% endtest %}
