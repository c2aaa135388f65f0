with source as (

    select * from {{ source('raw_totesys', 'purchase_order') }}

),

renamed as (

    select
        cast(purchase_order_id as integer) as purchase_order_id,
        cast(staff_id as integer) as staff_id,
        cast(counterparty_id as integer) as counterparty_id,
        cast(item_code as text) as item_code,
        cast(item_quantity as integer) as item_quantity,
        cast(item_unit_price as numeric(10, 2)) as item_unit_price,
        cast(currency_id as integer) as currency_id,
        {{ text_to_date('agreed_delivery_date') }} as agreed_delivery_date,
        {{ text_to_date('agreed_payment_date') }} as agreed_payment_date,
        cast(agreed_delivery_location_id as integer) as agreed_delivery_location_id,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
