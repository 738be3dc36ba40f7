-- One column gem<yyyy> per boundary year becomes one row per year, so a new year's column needs no
-- code change. unpivot drops nulls: an object without a code in a year has no row for that year.
with

source as (

    select * from {{ source('cbs', 'VSLGWBTAB') }}

),

unpivoted as (

    unpivot source
    on columns('^gem[0-9]{4}$')
    into name boundary_column value gemeente_code4

),

renamed as (

    select
        {{ cbs_key('object', 'rinobjectnummer', 'soortobjectnummer') }} as object_key,
        right(boundary_column, 4)::integer as boundary_year,
        'GM' || gemeente_code4 as gemeente_code

    from unpivoted

)

select * from renamed
