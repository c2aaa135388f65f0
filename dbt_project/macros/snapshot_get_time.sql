{#- The time a snapshot observes its source: a deletion closes a version then, and a change
    found by the check strategy (stock, which has no change column) starts a version then.
    dbt uses the warehouse's wall clock. A generated source lives on its own simulated clock
    (seeds_generator/clock.py), far from wall time: the cycle passes that clock per source
    (var source_clocks, keyed by dbt source name) so the snapshots observe on the same
    timeline as the source's rows, and trades are priced by the prices the simulator set.
    Without the var (real sources, or dbt run by hand) the wall clock is kept. -#}

{% macro duckdb__snapshot_get_time() -%}
    {{ observation_time(current_timestamp() ~ '::timestamp') }}
{%- endmacro %}


{% macro postgres__snapshot_get_time() -%}
    {{ observation_time(current_timestamp() ~ '::timestamp without time zone') }}
{%- endmacro %}


{% macro observation_time(wall_clock) -%}
    {%- set clock = snapshot_source_clock() -%}
    {%- if clock is none -%}
        {{ wall_clock }}
    {%- else -%}
        {#- A simulated clock stands still between cycles with no activity: one millisecond
            past the snapshot's last observation keeps versions strictly ordered. -#}
        {%- set observed = "cast('" ~ clock ~ "' as timestamp)" -%}
        {%- set existing = adapter.get_relation(this.database, this.schema, this.identifier) -%}
        {%- if existing is none -%}
            {{ observed }}
        {%- else -%}
            greatest({{ observed }}, coalesce((
                select max(dbt_updated_at) + interval '1 millisecond' from {{ existing }}
            ), {{ observed }}))
        {%- endif -%}
    {%- endif -%}
{%- endmacro %}


{% macro snapshot_source_clock() -%}
    {#- The clock passed for the source this snapshot reads (through its staging model). -#}
    {%- set clocks = var('source_clocks', {}) -%}
    {%- if not clocks or model is not defined or model.resource_type != 'snapshot' -%}
        {{ return(none) }}
    {%- endif -%}
    {%- for parent in model.depends_on.nodes if parent in graph.nodes -%}
        {%- for grandparent in graph.nodes[parent].depends_on.nodes
            if grandparent in graph.sources
            and graph.sources[grandparent].source_name in clocks -%}
            {{ return(clocks[graph.sources[grandparent].source_name]) }}
        {%- endfor -%}
    {%- endfor -%}
    {{ return(none) }}
{%- endmacro %}
