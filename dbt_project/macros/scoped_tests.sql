{% macro get_where_subquery(relation) -%}
    {#- dbt's generic tests read the model they test through this macro (dbt's own, overridden).
        A test configured `where: __loaded_since_last_build__` (dbt_project.yml) sees only the
        rows loaded since the last build when what it tests holds one row per loaded version
        (load_time_column) and the cycle scopes its tests; otherwise every row. Any other
        `where` is applied as dbt applies it. -#}
    {%- set where = config.get('where', '') -%}
    {%- if where == '__loaded_since_last_build__' -%}
        {%- set loaded_at = load_time_column(relation) -%}
        {%- set where = loaded_since_last_build(loaded_at) if loaded_at else '' -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{% macro loaded_since_last_build(column, otherwise='') -%}
    {#- `column >= <last_build_at>`: the rows loaded since the last build, when the cycle's
        selective build passes the vars last_build_at and selective (orchestration/cycle/
        dbt_selection.py); `otherwise` (every row) when it does not, as in a full build. -#}
    {%- set since = last_build_at() -%}
    {%- if since and var('selective', false) -%}
        {{- column }} >= {{ since }}
    {%- else -%}
        {{- otherwise -}}
    {%- endif -%}
{%- endmacro %}


{% macro load_time_column(relation) -%}
    {#- The load time of each row of `relation`, when it holds one row per loaded version: a
        raw table (a source: dlt's load id of the load that last wrote the row), an
        incremental model (a fact, a GBP fact, a report) or a model marked meta.scoped_tests
        (their loaded_at). None for any other relation, whose tests read every row. -#}
    {%- if execute -%}
        {%- for node in graph.sources.values() -%}
            {%- if node.schema == relation.schema and node.identifier == relation.identifier -%}
                {{- return(load_id_to_timestamp('_dlt_load_id')) -}}
            {%- endif -%}
        {%- endfor -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.alias == relation.identifier -%}
                {%- if node.config.materialized == 'incremental'
                    or node.config.meta.get('scoped_tests', false) -%}
                    {{- return('loaded_at') -}}
                {%- endif -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(none) -}}
{%- endmacro %}
