with sales_orders as (

    select * from {{ ref('snp_totesys__sales_orders') }} as snapshot_rows
    where {{ is_live_version('snapshot_rows') }}

),

staff as (select * from {{ ref('int_staff_joined_to_departments') }}),

counterparties as (select * from {{ ref('int_counterparties_joined_to_addresses') }}),

designs as (select * from {{ ref('int_designs_versioned') }}),

currencies as (select * from {{ ref('int_currencies_versioned') }}),

locations as (select * from {{ ref('int_addresses_versioned') }})

-- One row per captured version of an order, with the dimension versions valid at its
-- last_updated time.
select
    {{ surrogate_key(['sales_orders.sales_order_id', 'sales_orders.dbt_valid_from']) }}
        as sales_record_id,
    sales_orders.sales_order_id,
    cast(sales_orders.created_at as date) as created_date,
    cast(sales_orders.created_at as time) as created_time,
    cast(sales_orders.last_updated as date) as last_updated_date,
    cast(sales_orders.last_updated as time) as last_updated_time,
    sales_orders.staff_id as sales_staff_id,
    sales_orders.counterparty_id,
    sales_orders.units_sold,
    sales_orders.unit_price,
    sales_orders.currency_id,
    sales_orders.design_id,
    sales_orders.agreed_payment_date,
    sales_orders.agreed_delivery_date,
    sales_orders.agreed_delivery_location_id,
    staff.staff_key,
    counterparties.counterparty_key,
    designs.design_key,
    currencies.currency_key,
    locations.location_key as delivery_location_key,
    sales_orders.last_updated as version_valid_at,
    sales_orders.loaded_at
from sales_orders
left join staff
    on
        sales_orders.staff_id = staff.staff_id
        and {{ valid_at('staff', 'sales_orders.last_updated') }}
left join counterparties
    on
        sales_orders.counterparty_id = counterparties.counterparty_id
        and {{ valid_at('counterparties', 'sales_orders.last_updated') }}
left join designs
    on
        sales_orders.design_id = designs.design_id
        and {{ valid_at('designs', 'sales_orders.last_updated') }}
left join currencies
    on
        sales_orders.currency_id = currencies.currency_id
        and {{ valid_at('currencies', 'sales_orders.last_updated') }}
left join locations
    on
        sales_orders.agreed_delivery_location_id = locations.location_id
        and {{ valid_at('locations', 'sales_orders.last_updated') }}
