{% macro get_where_subquery(relation) -%}
    {#- dbt's generic tests read the model they test through this macro (dbt's own, overridden).
        A test configured `where: __loaded_since_last_build__` (dbt_project.yml: the tests of
        the marts and reports) sees only the rows loaded since the last build when the model
        is incremental and the cycle scopes its tests; otherwise every row. Any
        other `where` is applied as dbt applies it. -#}
    {%- set where = config.get('where', '') -%}
    {%- if where == '__loaded_since_last_build__' -%}
        {%- set where = loaded_since_last_build('loaded_at')
            if is_incremental_model(relation) else '' -%}
    {%- endif -%}
    {%- if where -%}
        {%- do return('(select * from ' ~ relation ~ ' where ' ~ where ~ ') dbt_subquery') -%}
    {%- endif -%}
    {%- do return(relation) -%}
{%- endmacro %}


{% macro loaded_since_last_build(column, otherwise='') -%}
    {#- `column >= <last_build_at>`: the rows loaded since the last build, when the cycle's
        selective build passes the vars last_build_at and scope_tests (orchestration/cycle/
        dbt_selection.py); `otherwise` (every row) when it does not, as in a full build. The
        value is parsed as a timestamp, never pasted. -#}
    {%- set since = var('last_build_at', none) -%}
    {%- if since and var('scope_tests', false) -%}
        {%- set moment = modules.datetime.datetime.fromisoformat(since) -%}
        {{- column }} >= cast('{{ moment.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
    {%- else -%}
        {{- otherwise -}}
    {%- endif -%}
{%- endmacro %}


{% macro is_incremental_model(relation) -%}
    {#- Whether `relation` is built by an incremental model (a fact, a GBP fact, a report). -#}
    {%- if execute -%}
        {%- for node in graph.nodes.values() -%}
            {%- if node.resource_type == 'model' and node.alias == relation.identifier -%}
                {{- return(node.config.materialized == 'incremental') -}}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(false) -}}
{%- endmacro %}
