{% macro generate_schema_name(custom_schema_name, node) -%}
    {#- The spec names the schemas exactly: a configured schema is used as is, not prefixed. -#}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
