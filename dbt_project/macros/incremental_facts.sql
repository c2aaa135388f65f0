{% macro new_fact_versions_filter(dimensions) -%}
    {#- Incremental filter of a fact: the row versions loaded since the last build
        (incremental_watermark), plus the rows whose point-in-time dimension keys may have moved
        because a dimension version learnt of since then starts at or before their time
        (dimensions: the intermediate versioned models the fact joins, with dbt_valid_from and
        captured_at). -#}
    where
        loaded_at > {{ incremental_watermark() }}
        or version_valid_at >= (
            select min(new_versions.dbt_valid_from)
            from (
                {%- for dimension in dimensions %}
                select
                    dbt_valid_from,
                    captured_at
                from {{ ref(dimension) }}
                {%- if not loop.last %}
                union all
                {%- endif %}
                {%- endfor %}
            ) as new_versions
            where new_versions.captured_at > {{ incremental_watermark() }}
        )
{%- endmacro %}


{% macro new_gbp_rows_filter(day_column) -%}
    {#- Incremental filter of a GBP fact (incremental_watermark): the rows of the
        fact versions new since the last build or re-keyed to a currency version learnt of
        since then, and every row dated on or after the first rate day loaded since then (a
        new rate day is the rate of the days from it to the next published day). The feed
        appends rate days and never restates one, so an earlier day's rate never changes. -#}
    {{ new_fact_versions_filter(['int_currencies_versioned']) }}
        or {{ day_column }} >= (
            select min(new_rates.valid_from)
            from {{ ref('int_fx_rates_versioned') }} as new_rates
            where new_rates.loaded_at > {{ incremental_watermark() }}
        )
{%- endmacro %}


{% macro incremental_watermark() -%}
    {#- Rows loaded after this are new to an incremental model: the end of the last successful
        build, when the cycle passes it (the var last_build_at, orchestration/cycle/
        dbt_selection.py), else the newest loaded_at the model holds. The first is exact when a
        mart had no new rows of its own while its dimensions or rates had; the second then
        takes in every later load. -#}
    {%- set since = last_build_at() -%}
    {%- if since -%}
        {{ since }}
    {%- else -%}
        (select max(this_fact.loaded_at) from {{ this }} as this_fact)
    {%- endif -%}
{%- endmacro %}


{% macro last_build_at() -%}
    {#- The var last_build_at as a timestamp literal, '' when the cycle does not pass it. The
        value is parsed as a timestamp, never pasted. -#}
    {%- set since = var('last_build_at', none) -%}
    {%- if since -%}
        {%- set moment = modules.datetime.datetime.fromisoformat(since) -%}
        cast('{{ moment.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as timestamp)
    {%- endif -%}
{%- endmacro %}
