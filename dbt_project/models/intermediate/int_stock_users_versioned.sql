with snapshot as (

    select * from {{ ref('snp_stock__users') }}

),

versioned as (

    select
        user_id,
        name,
        email,
        dbt_valid_from,
        {{ scd2_versions('user_id') }}
    from snapshot

)

select
    {{ surrogate_key(['user_id', 'valid_from']) }} as stock_user_key,
    *
from versioned
