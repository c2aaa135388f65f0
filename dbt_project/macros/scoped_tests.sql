{% macro get_where_subquery(relation) -%}
    {#- dbt's generic tests read the model they test through this macro (dbt's own, overridden).
        A test configured `where: __loaded_since_last_build__` (dbt_project.yml) sees only the
        rows loaded since the last build when what it tests holds one row per loaded version
        (a raw table, by its load id; a model, by load_time_column) and the cycle scopes its
        tests; otherwise every row. Any other `where` is applied as dbt applies it. -#}
    {%- set where = config.get('where', '') -%}
    {%- if where == '__loaded_since_last_build__' and is_raw_table(relation) -%}
        {%- set where = load_id_since_last_build('_dlt_load_id') -%}
    {%- elif where == '__loaded_since_last_build__' -%}
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


{% macro load_id_since_last_build(column) -%}
    {#- loaded_since_last_build on dlt's load id as raw stores it, text: no row's id is cast,
        which made a scoped test's scan of a large raw table three times as long. A load id is
        the load's unix time as Python writes a float (ten digits, a point, the fraction), so
        its text order is its time order. The bound is one millisecond early: a load at the
        boundary is tested rather than missed. -#}
    {%- set since = var('last_build_at', none) -%}
    {%- if since and var('selective', false) -%}
        {%- set moment = modules.datetime.datetime.fromisoformat(since) -%}
        {%- set epoch = moment - modules.datetime.datetime(1970, 1, 1) -%}
        {{- column }} >= '{{ epoch.total_seconds() - 0.001 }}'
    {%- endif -%}
{%- endmacro %}


{% macro is_raw_table(relation) -%}
    {#- Whether `relation` is a raw table (a source of the graph). -#}
    {%- if execute -%}
        {%- for node in graph.sources.values() -%}
            {%- if node.schema == relation.schema and node.identifier == relation.identifier -%}
                {{- return(true) -}}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
    {{- return(false) -}}
{%- endmacro %}


{% macro load_time_column(relation) -%}
    {#- The load time of each row of `relation`, when it is a model that holds one row per
        loaded version: an incremental model (a fact, a GBP fact, a report) or a model marked
        meta.scoped_tests (their loaded_at). None for any other model, whose tests read every
        row. -#}
    {%- if execute -%}
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
