with snapshot as (

    select * from {{ ref('snp_totesys__payment_types') }}

),

versioned as (

    select
        payment_type_id,
        payment_type_name,
        dbt_valid_from,
        {{ scd2_versions('payment_type_id') }}
    from snapshot

)

select
    {{ surrogate_key(['payment_type_id', 'valid_from']) }} as payment_type_key,
    *
from versioned
