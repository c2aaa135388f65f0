-- Trades, shares and traded value per stock category (category of the stock version valid at
-- each trade).
select
    stocks.category,
    count(*) as trades,
    sum(trades.quantity) as shares,
    sum(trades.transaction_value) as traded_value
from {{ ref('fact_stock_transaction') }} as trades
inner join {{ ref('dim_stock') }} as stocks
    on trades.stock_key = stocks.stock_key
group by stocks.category
order by traded_value desc
