with snapshot as (

    select * from {{ ref('snp_totesys__counterparties') }}

),

versioned as (

    select
        counterparty_id,
        counterparty_legal_name,
        legal_address_id,
        dbt_valid_from,
        {{ scd2_versions('counterparty_id') }}
    from snapshot

)

select
    {{ surrogate_key(['counterparty_id', 'valid_from']) }} as counterparty_key,
    *
from versioned
