with snapshot as (

    select * from {{ ref('snp_stock__stocks') }}

),

versioned as (

    select
        stock_id,
        company,
        category,
        price,
        dbt_valid_from,
        loaded_at,
        {{ scd2_versions('stock_id') }}
    from snapshot

)

select
    {{ surrogate_key(['stock_id', 'valid_from']) }} as stock_key,
    *,
    -- When the warehouse learnt of the version: its load, or the build that saw the deletion.
    case when is_deleted then dbt_valid_from else loaded_at end as captured_at
from versioned
