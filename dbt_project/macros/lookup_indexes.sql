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
