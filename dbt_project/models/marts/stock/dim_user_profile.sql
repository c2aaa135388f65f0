-- A stock-platform user's profile versions (SCD2, from the profile API's snapshot): where the
-- user lives and their age band when the version was made. Joins dim_stock_user on user_id.
with versions as (

    select * from {{ ref('int_user_profiles_versioned') }}

),

aged as (

    select
        *,
        -- Days between two dates are an integer on both DuckDB and PostgreSQL.
        floor((cast(modified_at as date) - date_of_birth) / 365.25) as age
    from versions

)

select
    user_profile_key,
    user_id,
    email,
    city,
    country,
    nationality,
    cast(
        case
            when age < 25 then 'under 25'
            when age < 35 then '25-34'
            when age < 45 then '35-44'
            when age < 55 then '45-54'
            when age < 65 then '55-64'
            else '65 and over'
        end as text
    ) as age_band,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from aged
