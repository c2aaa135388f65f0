"""The Purchases and payments page: order flows, what is unpaid, how late payments are."""

from __future__ import annotations

from dashboard.queries.common import PAYMENTS, PURCHASES, SALES, with_ctes

PURCHASES_VS_SALES = with_ctes(
    SALES,
    PURCHASES,
    body="""
select
    cast(date_trunc('month', created_date) as date) as month,
    'Sales' as flow,
    currency_code,
    count(*) as orders,
    cast(sum(sales_value) as double precision) as order_value
from sales
group by cast(date_trunc('month', created_date) as date), currency_code
union all
select
    cast(date_trunc('month', created_date) as date),
    'Purchases',
    currency_code,
    count(*),
    cast(sum(purchase_value) as double precision)
from purchases
group by cast(date_trunc('month', created_date) as date), currency_code
order by currency_code, month, flow
""",
)

UNPAID_PAYMENTS = with_ctes(
    PAYMENTS,
    body="""
select
    p.currency_code,
    pt.payment_type_name,
    count(*) as payments,
    cast(sum(p.payment_amount) as double precision) as unpaid_amount
from payments as p
inner join marts.dim_payment_type as pt
    on p.payment_type_id = pt.payment_type_id and pt.is_current
where not p.paid
group by p.currency_code, pt.payment_type_name
order by p.currency_code, unpaid_amount desc, pt.payment_type_name
""",
)

# Days from the payment date agreed on the order a payment settles to its payment date
# (negative: early), per transaction type and whether it is paid yet. A count, so no currency.
PAYMENT_DELAY = with_ctes(
    PAYMENTS,
    body=""",
agreed as (
    select sales_order_id as order_id, 'SALE' as transaction_type, agreed_payment_date
    from marts.latest_sales_orders
    union all
    select purchase_order_id, 'PURCHASE', agreed_payment_date
    from marts.latest_purchase_orders
)
select
    cast(t.transaction_type as varchar) as transaction_type,
    case when p.paid then 'Paid' else 'Not paid yet' end as status,
    cast(p.payment_date - a.agreed_payment_date as integer) as delay_days,
    count(*) as payments
from payments as p
inner join marts.dim_transaction as t on p.transaction_id = t.transaction_id and t.is_current
inner join agreed as a
    on a.order_id = coalesce(t.sales_order_id, t.purchase_order_id)
    and a.transaction_type = cast(t.transaction_type as varchar)
group by 1, 2, 3
order by transaction_type, status, delay_days
""",
)
