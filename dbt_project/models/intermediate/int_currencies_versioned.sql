with snapshot as (

    select * from {{ ref('snp_totesys__currencies') }}

),

versioned as (

    select
        currency_id,
        currency_code,
        dbt_valid_from,
        {{ scd2_versions('currency_id') }}
    from snapshot

)

select
    {{ surrogate_key(['currency_id', 'valid_from']) }} as currency_key,
    *
from versioned
