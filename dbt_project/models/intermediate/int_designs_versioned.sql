with snapshot as (

    select * from {{ ref('snp_totesys__designs') }}

),

versioned as (

    select
        design_id,
        design_name,
        file_location,
        file_name,
        dbt_valid_from,
        {{ scd2_versions('design_id') }}
    from snapshot

)

select
    {{ surrogate_key(['design_id', 'valid_from']) }} as design_key,
    *
from versioned
