with days as (

    select * from {{ ref('int_dates_spanned') }}

)

select
    date_day as date_id,
    cast(extract(year from date_day) as integer) as year,
    cast(extract(month from date_day) as integer) as month,
    cast(extract(day from date_day) as integer) as day,
    cast(extract(isodow from date_day) as integer) as day_of_week,
    {{ day_name('cast(extract(isodow from date_day) as integer)') }} as day_name,
    {{ month_name('cast(extract(month from date_day) as integer)') }} as month_name,
    cast(extract(quarter from date_day) as integer) as quarter
from days
