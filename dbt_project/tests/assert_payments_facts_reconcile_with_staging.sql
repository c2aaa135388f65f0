-- The latest version of every payment in fact_payment adds up, per currency, to
-- exactly what staging (the source's current state) holds: same count, value and quantity.
with latest_versions as (

    select
        *,
        row_number() over (
            partition by payment_id
            order by last_updated_date desc, last_updated_time desc
        ) as recency
    from {{ ref('fact_payment') }}

),

facts as (

    select
        currency_id,
        count(*) as row_count,
        sum(payment_amount) as total_value,
        sum(cast(paid as integer)) as total_quantity
    from latest_versions
    where recency = 1
    group by currency_id

),

staged as (

    select
        currency_id,
        count(*) as row_count,
        sum(payment_amount) as total_value,
        sum(cast(paid as integer)) as total_quantity
    from {{ ref('stg_totesys__payments') }}
    group by currency_id

)

select
    coalesce(facts.currency_id, staged.currency_id) as currency_id,
    facts.row_count as fact_rows,
    staged.row_count as staged_rows,
    facts.total_value as fact_value,
    staged.total_value as staged_value
from facts
full outer join staged
    on facts.currency_id = staged.currency_id
where
    facts.currency_id is null
    or staged.currency_id is null
    or facts.row_count <> staged.row_count
    or facts.total_value <> staged.total_value
    or facts.total_quantity <> staged.total_quantity
