{% macro text_to_date(column) -%}
    {#- Source dates stored as text 'yyyy-mm-dd'; blanks become null rather than failing. -#}
    cast(nullif(trim(cast({{ column }} as {{ dbt.type_string() }})), '') as date)
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
    {#- dlt's _dlt_load_id is the load's unix epoch seconds as text, e.g. '1732540000.123456'. -#}
    cast(to_timestamp(cast({{ column }} as numeric(20, 6))) at time zone 'UTC' as timestamp)
{%- endmacro %}
