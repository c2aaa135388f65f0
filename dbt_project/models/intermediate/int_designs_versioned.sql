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
        loaded_at,
        {{ scd2_versions('design_id') }}
    from snapshot

)

select
    {{ surrogate_key(['design_id', 'valid_from']) }} as design_key,
    *,
    -- When the warehouse learnt of the version: its load, or the build that saw the deletion.
    case when is_deleted then dbt_valid_from else loaded_at end as captured_at
from versioned
