with counterparties as (

    select * from {{ ref('int_counterparties_versioned') }}

),

addresses as (

    select * from {{ ref('int_addresses_versioned') }}

),

segments as (

    -- A dim_counterparty version is a stretch of time over which neither the counterparty row nor
    -- its legal address changed: the overlaps of each counterparty version with its address's.
    select
        counterparties.counterparty_id,
        counterparties.counterparty_legal_name,
        addresses.address_line_1 as counterparty_legal_address_line_1,
        addresses.address_line_2 as counterparty_legal_address_line_2,
        addresses.district as counterparty_legal_district,
        addresses.city as counterparty_legal_city,
        addresses.postal_code as counterparty_legal_postal_code,
        addresses.country as counterparty_legal_country,
        addresses.phone as counterparty_legal_phone_number,
        greatest(
            counterparties.valid_from, coalesce(addresses.valid_from, counterparties.valid_from)
        ) as valid_from,
        least(
            counterparties.valid_to, coalesce(addresses.valid_to, counterparties.valid_to)
        ) as valid_to,
        counterparties.is_deleted,
        greatest(
            counterparties.dbt_valid_from,
            coalesce(addresses.dbt_valid_from, counterparties.dbt_valid_from)
        ) as dbt_valid_from,
        greatest(
            counterparties.captured_at, coalesce(addresses.captured_at, counterparties.captured_at)
        ) as captured_at
    from counterparties
    left join addresses
        on
            counterparties.legal_address_id = addresses.location_id
            and counterparties.valid_from < addresses.valid_to
            and counterparties.valid_to > addresses.valid_from

)

select
    {{ surrogate_key(['counterparty_id', 'valid_from']) }} as counterparty_key,
    *,
    valid_to = {{ scd2_end_of_time() }} as is_current
from segments
