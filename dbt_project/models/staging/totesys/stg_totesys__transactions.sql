with source as (

    select * from {{ source('raw_totesys', 'transaction') }}

),

renamed as (

    select
        cast(transaction_id as integer) as transaction_id,
        cast(transaction_type as text) as transaction_type,
        cast(sales_order_id as integer) as sales_order_id,
        cast(purchase_order_id as integer) as purchase_order_id,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
