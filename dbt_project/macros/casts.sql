{% macro text_to_date(column) -%}
    {#- Source dates stored as text 'yyyy-mm-dd'. Blanks and text that is no calendar date become
        null instead of failing the view; the sources' `parses_as_date` test names such rows. -#}
    {{ return(adapter.dispatch('text_to_date')(column)) }}
{%- endmacro %}


{% macro duckdb__text_to_date(column) -%}
    try_cast(nullif(trim(cast({{ column }} as varchar)), '') as date)
{%- endmacro %}


{% macro default__text_to_date(column) -%}
    {#- PostgreSQL has no try_cast. Nested CASEs fix the order of evaluation: the shape first,
        then the day against the month's length, and only then the cast. -#}
    {%- set text = "trim(cast(" ~ column ~ " as text))" -%}
    case
        when {{ text }} ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
            then case
                when cast(substr({{ text }}, 9, 2) as integer) <= extract(day from (
                    cast(substr({{ text }}, 1, 7) || '-01' as date)
                    + interval '1 month' - interval '1 day'
                ))
                    then cast({{ text }} as date)
            end
    end
{%- endmacro %}


{% macro utc_timestamp(column) -%}
    {#- dlt may land a timestamp with or without time zone: normalise both to a UTC timestamp. -#}
    cast(cast({{ column }} as timestamptz) at time zone 'UTC' as timestamp)
{%- endmacro %}


{% macro to_boolean(column) -%}
    {#- `paid` arrives as boolean (Postgres) or 0/1 (SQLite): via integer both become boolean. -#}
    cast(cast({{ column }} as integer) as boolean)
{%- endmacro %}


{% macro load_id_to_timestamp(column) -%}
    {#- dlt's _dlt_load_id is the load's unix epoch seconds as text, e.g. '1732540000.123456'.
        Read as a double, not a numeric: to_timestamp takes a double either way, and the
        numeric on the way cost about as much again as the rest of a scan that computes every
        row's loaded_at (a staging view filtered on it). -#}
    cast(to_timestamp(cast({{ column }} as double precision)) at time zone 'UTC' as timestamp)
{%- endmacro %}
