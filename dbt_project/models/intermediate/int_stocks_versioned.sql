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
        {{ scd2_versions('stock_id') }}
    from snapshot

)

select
    {{ surrogate_key(['stock_id', 'valid_from']) }} as stock_key,
    *
from versioned
