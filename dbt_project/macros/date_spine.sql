{% macro date_spine(start_date, end_date) -%}
    {#- One row per day from start_date to end_date inclusive (both SQL date expressions), as
        column date_day. Cross-joined digits: no generate_series, so it runs on every adapter. -#}
    with digits as (
        select 0 as digit
        {%- for n in range(1, 10) %}
        union all select {{ n }}
        {%- endfor %}
    ),

    day_offsets as (
        select
            ones.digit
            + 10 * tens.digit
            + 100 * hundreds.digit
            + 1000 * thousands.digit
            + 10000 * ten_thousands.digit as day_offset
        from digits as ones
        cross join digits as tens
        cross join digits as hundreds
        cross join digits as thousands
        cross join digits as ten_thousands
    )

    select cast({{ dbt.dateadd('day', 'day_offset', start_date) }} as date) as date_day
    from day_offsets
    where {{ dbt.dateadd('day', 'day_offset', start_date) }} <= {{ end_date }}
{%- endmacro %}


{% macro dates_spanned(relation, columns) -%}
    {#- One row: the earliest (first_date) and latest (last_date) date of any of `columns` (date
        or timestamp columns of `relation`), in one pass over it. -#}
    select
        least(
            {%- for column in columns %}
            min(cast({{ column }} as date)){{ "," if not loop.last }}
            {%- endfor %}
        ) as first_date,
        greatest(
            {%- for column in columns %}
            max(cast({{ column }} as date)){{ "," if not loop.last }}
            {%- endfor %}
        ) as last_date
    from {{ relation }}
{%- endmacro %}
