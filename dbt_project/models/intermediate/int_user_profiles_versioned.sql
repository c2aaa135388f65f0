with snapshot as (

    select * from {{ ref('snp_profiles__profiles') }}

),

versioned as (

    select
        user_id,
        email,
        date_of_birth,
        city,
        country,
        nationality,
        modified_at,
        dbt_valid_from,
        loaded_at,
        {{ scd2_versions('user_id') }}
    from snapshot

)

select
    {{ surrogate_key(['user_id', 'valid_from']) }} as user_profile_key,
    *
from versioned
