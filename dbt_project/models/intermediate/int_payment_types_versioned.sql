with snapshot as (

    select * from {{ ref('snp_totesys__payment_types') }}

),

versioned as (

    select
        payment_type_id,
        payment_type_name,
        dbt_valid_from,
        loaded_at,
        {{ scd2_versions('payment_type_id') }}
    from snapshot

)

select
    {{ surrogate_key(['payment_type_id', 'valid_from']) }} as payment_type_key,
    *,
    -- When the warehouse learnt of the version: its load, or the build that saw the deletion.
    case when is_deleted then dbt_valid_from else loaded_at end as captured_at
from versioned
