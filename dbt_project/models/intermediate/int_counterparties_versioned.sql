with snapshot as (

    select * from {{ ref('snp_totesys__counterparties') }}

),

versioned as (

    select
        counterparty_id,
        counterparty_legal_name,
        legal_address_id,
        dbt_valid_from,
        loaded_at,
        {{ scd2_versions('counterparty_id') }}
    from snapshot

)

select
    {{ surrogate_key(['counterparty_id', 'valid_from']) }} as counterparty_key,
    *,
    -- When the warehouse learnt of the version: its load, or the build that saw the deletion.
    case when is_deleted then dbt_valid_from else loaded_at end as captured_at
from versioned
