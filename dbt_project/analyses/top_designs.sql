-- The ten designs with the most units sold (latest version of each order), with their current name.
with latest_sales as (

    select * from {{ ref('latest_sales_orders') }}

)

select
    designs.design_id,
    designs.design_name,
    count(*) as orders,
    sum(latest_sales.units_sold) as units_sold
from latest_sales
inner join {{ ref('dim_design') }} as designs
    on
        latest_sales.design_id = designs.design_id
        and designs.is_current
group by designs.design_id, designs.design_name
order by units_sold desc
limit 10
