with source as (

    select * from {{ source('raw_stock', 'stock') }}

),

renamed as (

    select
        cast(stock_id as text) as stock_id,
        cast(company as text) as company,
        cast(category as text) as category,
        cast(price as numeric(10, 2)) as price,
        {{ load_id_to_timestamp('_dlt_load_id') }} as loaded_at
    from source

)

select * from renamed
