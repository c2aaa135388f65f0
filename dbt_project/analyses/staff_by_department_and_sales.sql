-- Current staff per department, with the orders and units each sold (latest order versions).
with latest_sales as (

    select * from {{ ref('latest_sales_orders') }}

),

sales_per_staff as (

    select
        sales_staff_id,
        count(*) as orders,
        sum(units_sold) as units_sold
    from latest_sales
    group by sales_staff_id

)

select
    staff.department_name,
    staff.location,
    staff.staff_id,
    staff.first_name,
    staff.last_name,
    coalesce(sales_per_staff.orders, 0) as orders,
    coalesce(sales_per_staff.units_sold, 0) as units_sold
from {{ ref('dim_staff') }} as staff
left join sales_per_staff
    on staff.staff_id = sales_per_staff.sales_staff_id
where staff.is_current and not staff.is_deleted
order by staff.department_name asc, units_sold desc, staff.staff_id asc
