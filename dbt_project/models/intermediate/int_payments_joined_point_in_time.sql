with payments as (

    select * from {{ ref('snp_totesys__payments') }} as snapshot_rows
    where {{ is_live_version('snapshot_rows') }}

),

transactions as (select * from {{ ref('int_transactions_versioned') }}),

counterparties as (select * from {{ ref('int_counterparties_joined_to_addresses') }}),

currencies as (select * from {{ ref('int_currencies_versioned') }}),

payment_types as (select * from {{ ref('int_payment_types_versioned') }})

-- One row per captured version of a payment (account numbers dropped), with the dimension
-- versions valid at its last_updated time.
select
    {{ surrogate_key(['payments.payment_id', 'payments.dbt_valid_from']) }} as payment_record_id,
    payments.payment_id,
    cast(payments.created_at as date) as created_date,
    cast(payments.created_at as time) as created_time,
    cast(payments.last_updated as date) as last_updated_date,
    cast(payments.last_updated as time) as last_updated_time,
    payments.transaction_id,
    payments.counterparty_id,
    payments.payment_amount,
    payments.currency_id,
    payments.payment_type_id,
    payments.paid,
    payments.payment_date,
    transactions.transaction_key,
    counterparties.counterparty_key,
    currencies.currency_key,
    payment_types.payment_type_key,
    payments.last_updated as version_valid_at,
    payments.loaded_at
from payments
left join transactions
    on
        payments.transaction_id = transactions.transaction_id
        and {{ valid_at('transactions', 'payments.last_updated') }}
left join counterparties
    on
        payments.counterparty_id = counterparties.counterparty_id
        and {{ valid_at('counterparties', 'payments.last_updated') }}
left join currencies
    on
        payments.currency_id = currencies.currency_id
        and {{ valid_at('currencies', 'payments.last_updated') }}
left join payment_types
    on
        payments.payment_type_id = payment_types.payment_type_id
        and {{ valid_at('payment_types', 'payments.last_updated') }}
