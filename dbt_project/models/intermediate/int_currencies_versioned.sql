with snapshot as (

    select * from {{ ref('snp_totesys__currencies') }}

),

versioned as (

    select
        currency_id,
        currency_code,
        dbt_valid_from,
        loaded_at,
        {{ scd2_versions('currency_id') }}
    from snapshot

)

select
    {{ surrogate_key(['currency_id', 'valid_from']) }} as currency_key,
    *,
    -- When the warehouse learnt of the version: its load, or the build that saw the deletion.
    case when is_deleted then dbt_valid_from else loaded_at end as captured_at
from versioned
