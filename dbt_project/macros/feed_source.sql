{% macro feed_source(source_name, table_name, columns) -%}
    {#- A feed's raw table (an API or files source), or an empty relation of the same columns
        while the deployment has not loaded it: feeds are optional per deployment (a postgres
        deployment reads an API only when its base URL is set), and a staging view over a
        table that does not exist would fail every build. `columns`: name -> SQL type. -#}
    {%- set relation = source(source_name, table_name) -%}
    {%- set found = adapter.get_relation(relation.database, relation.schema, relation.identifier)
        if execute else relation -%}
    {%- if found is not none -%}
        {{ relation }}
    {%- else -%}
        (select
        {%- for name, type in columns.items() %}
            cast(null as {{ type }}) as {{ adapter.quote(name) }}{{ "," if not loop.last }}
        {%- endfor %}
        where 1 = 0) as empty_feed
    {%- endif -%}
{%- endmacro %}
