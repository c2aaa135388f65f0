with counterparties as (

    select * from {{ ref('int_counterparties_versioned') }}

),

addresses as (

    select * from {{ ref('int_addresses_versioned') }}

)

-- The legal address as it was when the counterparty version started.
select
    counterparties.counterparty_key,
    counterparties.counterparty_id,
    counterparties.counterparty_legal_name,
    addresses.address_line_1 as counterparty_legal_address_line_1,
    addresses.address_line_2 as counterparty_legal_address_line_2,
    addresses.district as counterparty_legal_district,
    addresses.city as counterparty_legal_city,
    addresses.postal_code as counterparty_legal_postal_code,
    addresses.country as counterparty_legal_country,
    addresses.phone as counterparty_legal_phone_number,
    counterparties.valid_from,
    counterparties.valid_to,
    counterparties.is_current,
    counterparties.is_deleted,
    counterparties.dbt_valid_from,
    counterparties.captured_at
from counterparties
left join addresses
    on
        counterparties.legal_address_id = addresses.location_id
        and {{ valid_at('addresses', 'counterparties.dbt_valid_from') }}
