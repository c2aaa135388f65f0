with snapshot as (

    select * from {{ ref('snp_totesys__transactions') }}

),

versioned as (

    select
        transaction_id,
        transaction_type,
        sales_order_id,
        purchase_order_id,
        dbt_valid_from,
        loaded_at,
        {{ scd2_versions('transaction_id') }}
    from snapshot

)

select
    {{ surrogate_key(['transaction_id', 'valid_from']) }} as transaction_key,
    *,
    -- When the warehouse learnt of the version: its load, or the build that saw the deletion.
    case when is_deleted then dbt_valid_from else loaded_at end as captured_at
from versioned
