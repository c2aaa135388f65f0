-- Sales value per counterparty country and city (legal address as it was when the order was
-- written), per currency, from the latest version of each order.
with latest_sales as (

    select * from {{ ref('latest_sales_orders') }}

)

select
    counterparties.counterparty_legal_country as country,
    counterparties.counterparty_legal_city as city,
    currencies.currency_code,
    count(*) as orders,
    sum(latest_sales.units_sold * latest_sales.unit_price) as sales_value
from latest_sales
inner join {{ ref('dim_counterparty') }} as counterparties
    on latest_sales.counterparty_key = counterparties.counterparty_key
inner join {{ ref('dim_currency') }} as currencies
    on latest_sales.currency_key = currencies.currency_key
group by
    counterparties.counterparty_legal_country,
    counterparties.counterparty_legal_city,
    currencies.currency_code
order by country, city, currencies.currency_code
