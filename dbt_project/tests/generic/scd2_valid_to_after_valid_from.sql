{% test scd2_valid_to_after_valid_from(model) %}
    -- Fails for every version whose window is empty or reversed.
    select *
    from {{ model }}
    where valid_to <= valid_from
{% endtest %}
