with source as (

    select * from {{ source('raw_stock', 'transaction') }}

),

renamed as (

    select
        cast(transaction_id as integer) as transaction_id,
        cast(user_id as integer) as user_id,
        cast(stock_id as text) as stock_id,
        cast(quantity as integer) as quantity,
        {{ utc_timestamp('transaction_date') }} as transaction_date,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
