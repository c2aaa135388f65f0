{% macro changed_versions(staging) -%}
    {#- The source query of a totesys snapshot. A full build reads every staging row, as dbt's
        snapshots do. A selective build (the var selective, orchestration/cycle/
        dbt_selection.py) reads only the rows loaded since the last build: the others were
        compared then, and their last_updated has not moved. A key the source lost comes as a
        deletion record in both (deletion_records), because a filtered query cannot show an
        absence. changed_at is the snapshot's updated_at: last_updated, or the deletion's
        observation. The natural key is the snapshot's own unique_key. -#}
    {%- set existing = adapter.get_relation(this.database, this.schema, this.identifier) -%}
    {%- set since = loaded_since_last_build('loaded_at') if existing is not none else '' %}
    select
        *,
        last_updated as changed_at,
        'False' as dbt_is_deleted
    from {{ staging }}
    {%- if since %}
    where {{ since }}
    {%- endif %}
    {%- if existing is not none %}
    union all
    {{ deletion_records(existing, staging, config.get('unique_key')) }}
    {%- endif %}
{%- endmacro %}


{% macro deletion_records(snapshot, staging, natural_key) -%}
    {#- A deleted version for each live key of `snapshot` that `staging` no longer holds: the
        key's last captured values, observed now (snapshot_get_time), as dbt's hard_deletes
        new_record would write it. The column keeps dbt's name, so snapshots taken with
        new_record read the same. Raw deletes a key the source lost (ingestion/keys.py), and
        the comparison reads keys only. -#}
    {%- set columns = adapter.get_columns_in_relation(staging) if execute else [] %}
    select
        {%- for column in columns %}
        current_version.{{ adapter.quote(column.name) }},
        {%- endfor %}
        {{ snapshot_get_time() }} as changed_at,
        'True' as dbt_is_deleted
    from {{ snapshot }} as current_version
    where
        current_version.dbt_valid_to is null
        and coalesce(current_version.dbt_is_deleted, 'False') <> 'True'
        and not exists (
            select 1
            from {{ staging }} as source_row
            where source_row.{{ natural_key }} = current_version.{{ natural_key }}
        )
{%- endmacro %}
