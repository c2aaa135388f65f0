-- Payments not yet made, per payment type and currency (latest version of each payment).
with latest_payments as (

    select * from {{ ref('latest_payments') }}

)

select
    payment_types.payment_type_name,
    currencies.currency_code,
    count(*) as unpaid_payments,
    sum(latest_payments.payment_amount) as unpaid_amount,
    min(latest_payments.payment_date) as earliest_payment_date
from latest_payments
inner join {{ ref('dim_payment_type') }} as payment_types
    on latest_payments.payment_type_key = payment_types.payment_type_key
inner join {{ ref('dim_currency') }} as currencies
    on latest_payments.currency_key = currencies.currency_key
where not latest_payments.paid
group by payment_types.payment_type_name, currencies.currency_code
order by unpaid_amount desc
