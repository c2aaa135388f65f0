select
    counterparty_key,
    counterparty_id,
    counterparty_legal_name,
    counterparty_legal_address_line_1,
    counterparty_legal_address_line_2,
    counterparty_legal_district,
    counterparty_legal_city,
    counterparty_legal_postal_code,
    counterparty_legal_country,
    counterparty_legal_phone_number,
    valid_from,
    valid_to,
    is_current,
    is_deleted
from {{ ref('int_counterparties_joined_to_addresses') }}
