with source as (

    select * from {{ source('raw_totesys', 'counterparty') }}

),

renamed as (

    select
        cast(counterparty_id as integer) as counterparty_id,
        cast(counterparty_legal_name as text) as counterparty_legal_name,
        cast(legal_address_id as integer) as legal_address_id,
        cast(commercial_contact as text) as commercial_contact,
        cast(delivery_contact as text) as delivery_contact,
        {{ utc_timestamp('created_at') }} as created_at,
        {{ utc_timestamp('last_updated') }} as last_updated,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
