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
        {{ scd2_versions('transaction_id') }}
    from snapshot

)

select
    {{ surrogate_key(['transaction_id', 'valid_from']) }} as transaction_key,
    *
from versioned
