with source as (

    select * from {{ source('raw_totesys', 'payment') }}

),

renamed as (

    select
        cast(payment_id as integer) as payment_id,
        cast(transaction_id as integer) as transaction_id,
        cast(counterparty_id as integer) as counterparty_id,
        cast(payment_amount as numeric(10, 2)) as payment_amount,
        cast(currency_id as integer) as currency_id,
        cast(payment_type_id as integer) as payment_type_id,
        {{ to_boolean('paid') }} as paid,
        {{ text_to_date('payment_date') }} as payment_date,
        cast(company_ac_number as integer) as company_ac_number,
        cast(counterparty_ac_number as integer) as counterparty_ac_number,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
