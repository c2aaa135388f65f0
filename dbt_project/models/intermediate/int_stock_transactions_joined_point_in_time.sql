with stock_transactions as (

    select * from {{ ref('stg_stock__transactions') }}

),

stocks as (select * from {{ ref('int_stocks_versioned') }}),

stock_users as (select * from {{ ref('int_stock_users_versioned') }})

-- Trades are insert-only: one row per trade, priced by the stock version valid when it happened.
select
    {{ surrogate_key(['stock_transactions.transaction_id']) }} as stock_transaction_record_id,
    stock_transactions.transaction_id,
    stock_transactions.transaction_date,
    cast(stock_transactions.transaction_date as date) as transaction_date_id,
    stock_transactions.user_id,
    stock_transactions.stock_id,
    stock_transactions.quantity,
    stocks.price as price_at_transaction,
    cast(stock_transactions.quantity * stocks.price as numeric(18, 2)) as transaction_value,
    stocks.stock_key,
    stock_users.stock_user_key,
    stock_transactions.transaction_date as version_valid_at,
    stock_transactions.loaded_at
from stock_transactions
left join stocks
    on
        stock_transactions.stock_id = stocks.stock_id
        and {{ valid_at('stocks', 'stock_transactions.transaction_date') }}
left join stock_users
    on
        stock_transactions.user_id = stock_users.user_id
        and {{ valid_at('stock_users', 'stock_transactions.transaction_date') }}
