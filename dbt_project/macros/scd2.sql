{% macro scd2_start_of_time() -%}
    {#- valid_from of the first version of every key, so older facts still find a version. -#}
    cast('1900-01-01 00:00:00' as timestamp)
{%- endmacro %}


{% macro scd2_end_of_time() -%}
    {#- valid_to of the current version of every key. -#}
    cast('9999-12-31 00:00:00' as timestamp)
{%- endmacro %}


{% macro scd2_versions(natural_key) -%}
    {#- Validity columns of a snapshot's versions: the first version starts at 1900-01-01, the
        open one ends at 9999-12-31; is_deleted marks the record dbt adds when the row vanished. -#}
    case
        when row_number() over (partition by {{ natural_key }} order by dbt_valid_from) = 1
            then {{ scd2_start_of_time() }}
        else dbt_valid_from
    end as valid_from,
    coalesce(dbt_valid_to, {{ scd2_end_of_time() }}) as valid_to,
    dbt_valid_to is null as is_current,
    coalesce(dbt_is_deleted = 'True', false) as is_deleted
{%- endmacro %}


{% macro valid_at(dimension, point_in_time) -%}
    {#- Join condition: the version of `dimension` (an alias) valid at `point_in_time`. -#}
    {{ point_in_time }} >= {{ dimension }}.valid_from
    and {{ point_in_time }} < {{ dimension }}.valid_to
{%- endmacro %}


{% macro is_live_version(alias) -%}
    {#- Excludes the record dbt adds when a source row is deleted: facts keep captured versions. -#}
    coalesce({{ alias }}.dbt_is_deleted, 'False') <> 'True'
{%- endmacro %}
