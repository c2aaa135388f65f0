{% test reconciles_with_staging(
    model,
    staging,
    natural_key,
    value,
    quantity,
    group_by='currency_id',
    record_id=none
) %}
    -- Fails for every group (a currency by default) where the latest version of each row of
    -- the fact does not add up to what staging (the source's current state) holds: the same
    -- count, value and quantity (`value` and `quantity` are expressions over both).
    -- Ties are broken on the fact's record id, which is its unique_key: callers need not name it.
    -- A row the source deleted keeps its captured versions in the fact (history), and staging
    -- no longer has it: only the natural keys staging holds are compared.
    -- It compares whole tables, so a cycle's selective build leaves it to the daily full build.
    {{ config(tags=['whole_table']) }}
    {%- set record_id = record_id or fact_unique_key(model) %}
    {%- if execute and not record_id %}
        {{ exceptions.raise_compiler_error(model ~ " has no unique_key: pass record_id") }}
    {%- endif %}
    with latest_versions as (

        {{ latest_versions(model, natural_key, record_id) }}

    ),

    facts as (

        select
            {{ group_by }} as group_value,
            count(*) as row_count,
            sum({{ value }}) as total_value,
            sum({{ quantity }}) as total_quantity
        from latest_versions
        where {{ natural_key }} in (
            select staged_keys.{{ natural_key }} from {{ staging }} as staged_keys
        )
        group by {{ group_by }}

    ),

    staged as (

        select
            {{ group_by }} as group_value,
            count(*) as row_count,
            sum({{ value }}) as total_value,
            sum({{ quantity }}) as total_quantity
        from {{ staging }}
        group by {{ group_by }}

    )

    select
        coalesce(facts.group_value, staged.group_value) as group_value,
        facts.row_count as fact_rows,
        staged.row_count as staged_rows,
        facts.total_value as fact_value,
        staged.total_value as staged_value
    from facts
    full outer join staged
        on facts.group_value = staged.group_value
    where
        facts.group_value is null
        or staged.group_value is null
        or facts.row_count <> staged.row_count
        or facts.total_value <> staged.total_value
        or facts.total_quantity <> staged.total_quantity
{% endtest %}
