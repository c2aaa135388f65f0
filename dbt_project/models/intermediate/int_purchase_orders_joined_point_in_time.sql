with purchase_orders as (

    select * from {{ ref('snp_totesys__purchase_orders') }} as snapshot_rows
    where {{ is_live_version('snapshot_rows') }}

),

staff as (select * from {{ ref('int_staff_joined_to_departments') }}),

counterparties as (select * from {{ ref('int_counterparties_joined_to_addresses') }}),

currencies as (select * from {{ ref('int_currencies_versioned') }}),

locations as (select * from {{ ref('int_addresses_versioned') }})

-- One row per captured version of a purchase order, with the dimension versions valid at its
-- last_updated time.
select
    {{ surrogate_key(['purchase_orders.purchase_order_id', 'purchase_orders.dbt_valid_from']) }}
        as purchase_record_id,
    purchase_orders.purchase_order_id,
    cast(purchase_orders.created_at as date) as created_date,
    cast(purchase_orders.created_at as time) as created_time,
    cast(purchase_orders.last_updated as date) as last_updated_date,
    cast(purchase_orders.last_updated as time) as last_updated_time,
    purchase_orders.staff_id,
    purchase_orders.counterparty_id,
    purchase_orders.item_code,
    purchase_orders.item_quantity,
    purchase_orders.item_unit_price,
    purchase_orders.currency_id,
    purchase_orders.agreed_delivery_date,
    purchase_orders.agreed_payment_date,
    purchase_orders.agreed_delivery_location_id,
    staff.staff_key,
    counterparties.counterparty_key,
    currencies.currency_key,
    locations.location_key as delivery_location_key,
    purchase_orders.last_updated as version_valid_at,
    purchase_orders.loaded_at
from purchase_orders
left join staff
    on
        purchase_orders.staff_id = staff.staff_id
        and {{ valid_at('staff', 'purchase_orders.last_updated') }}
left join counterparties
    on
        purchase_orders.counterparty_id = counterparties.counterparty_id
        and {{ valid_at('counterparties', 'purchase_orders.last_updated') }}
left join currencies
    on
        purchase_orders.currency_id = currencies.currency_id
        and {{ valid_at('currencies', 'purchase_orders.last_updated') }}
left join locations
    on
        purchase_orders.agreed_delivery_location_id = locations.location_id
        and {{ valid_at('locations', 'purchase_orders.last_updated') }}
