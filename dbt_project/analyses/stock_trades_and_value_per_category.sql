-- Trades, shares and traded value per stock category (category of the stock version valid at
-- each trade).
select
    stocks.category,
    count(*) as trades,
    sum(stock_trades.quantity) as shares_traded,
    sum(stock_trades.transaction_value) as traded_value
from {{ ref('fact_stock_transaction') }} as stock_trades
inner join {{ ref('dim_stock') }} as stocks
    on stock_trades.stock_key = stocks.stock_key
group by stocks.category
order by traded_value desc
