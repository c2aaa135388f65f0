{% macro surrogate_key(columns) -%}
    {#- md5 of the columns as text, null-safe and separated so ('a', 'bc') <> ('ab', 'c'). -#}
    md5(
    {%- for column in columns %}
        coalesce(cast({{ column }} as {{ dbt.type_string() }}), '_null_')
        {%- if not loop.last %} || '|' ||{% endif %}
    {%- endfor %}
    )
{%- endmacro %}
