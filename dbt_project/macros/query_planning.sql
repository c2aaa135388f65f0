{% macro lookup_indexes(columns) -%}
    {#- A post-hook of an incremental model: a b-tree index on each of `columns`, created when
        missing (so a warehouse built before gets them on its next cycle). A cycle's queries
        look up few rows of large tables (the keys delete+insert replaces, the rows loaded since
        the last build): on PostgreSQL each would otherwise be a scan of the whole table. -#}
    {{ return(adapter.dispatch('lookup_indexes')(columns)) }}
{%- endmacro %}


{% macro default__lookup_indexes(columns) -%}
    {#- DuckDB keeps min/max statistics per row group, which serve these lookups; its indexes
        would only slow delete+insert. -#}
{%- endmacro %}


{% macro postgres__lookup_indexes(columns) -%}
    {%- for column in columns %}
    create index if not exists {{ adapter.quote(this.identifier ~ '__' ~ column) }}
        on {{ this }} ({{ adapter.quote(column) }});
    {%- endfor %}
{%- endmacro %}


{% macro refresh_statistics() -%}
    {#- A post-hook of the marts, reports and snapshots: the planner's statistics of the table
        just built, after a build that is not a cycle's selective one (a first build, the daily
        full build, a manual build), and after every build of a table rebuilt whole. Without
        any (autovacuum off, or not yet run) PostgreSQL guesses a third of a table for "loaded
        since the last build" and plans full index scans and sorts for a few thousand rows. A
        selective build adds a sliver of new rows; the daily full build refreshes them. -#}
    {{ return(adapter.dispatch('refresh_statistics')()) }}
{%- endmacro %}


{% macro default__refresh_statistics() -%}
    {#- DuckDB keeps its statistics up to date as it writes. -#}
{%- endmacro %}


{% macro postgres__refresh_statistics() -%}
    {#- A table model is built anew each time, with no statistics; analysing it costs little. -#}
    {%- if not var('selective', false) or config.get('materialized') == 'table' -%}
        analyze {{ this }}
    {%- endif -%}
{%- endmacro %}
