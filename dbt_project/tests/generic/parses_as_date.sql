{% test parses_as_date(model, column_name) %}
    -- Fails for every non-blank text date that text_to_date cannot read as a calendar date.
    -- Severity warn: a failing source test would skip every model downstream of the source.
    {{ config(severity='warn') }}
    select {{ column_name }}
    from {{ model }}
    where
        nullif(trim(cast({{ column_name }} as {{ dbt.type_string() }})), '') is not null
        and {{ text_to_date(column_name) }} is null
{% endtest %}
