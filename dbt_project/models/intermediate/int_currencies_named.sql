with currencies as (

    select * from {{ ref('int_currencies_versioned') }}

),

currency_names as (

    select * from {{ ref('currency_names') }}

)

select
    currencies.currency_key,
    currencies.currency_id,
    currencies.currency_code,
    currency_names.currency_name,
    currencies.valid_from,
    currencies.valid_to,
    currencies.is_current,
    currencies.is_deleted
from currencies
left join currency_names
    on currencies.currency_code = currency_names.currency_code
