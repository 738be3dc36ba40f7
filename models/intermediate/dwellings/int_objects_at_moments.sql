-- Every address object on a reference moment that is in its life cycle or has a registered resident:
-- its 2023 gemeente, whether it is a woonruimte, and its yearly snapshot attributes (file year Y+1).
-- Only the columns its readers use, as integer keys and one-byte codes (enums of the seeds).
with

moments as (

    select
        moment_year,
        moment_date,
        snapshot_date
    from {{ ref('int_reference_moments') }}

),

life_cycles as (

    select
        object_key,
        object_kind,
        valid_from,
        valid_to,
        floor_area_m2
    from {{ ref('stg_cbs__object_life_cycles') }}

),

residents as (

    select
        moment_year,
        object_key,
        object_kind,
        household_key,
        household_type_code
    from {{ ref('int_persons_located_at_moments') }}

),

object_gemeenten as (

    select
        object_key,
        try_cast(gemeente_code as {{ code_enum('gemeenten', 'gemeente_code') }}) as gemeente_code
    from {{ ref('stg_cbs__object_gemeenten') }}
    where boundary_year = {{ var('boundary_year') }}

),

woz_values as (

    select
        object_key,
        snapshot_date,
        woz_use_code,
        woz_value
    from {{ ref('stg_cbs__woz_values') }}

),

ownership as (

    select
        object_key,
        snapshot_date,
        tenure_code,
        owner_type_code
    from {{ ref('stg_cbs__ownership') }}

),

rents as (

    select
        object_key,
        snapshot_date,
        kale_huur
    from {{ ref('stg_cbs__rents') }}

),

dwelling_types as (

    select
        object_key,
        dwelling_type_code
    from {{ ref('stg_cbs__dwelling_types') }}

),

woz_use_codes as (

    select
        code,
        is_dwelling
    from {{ ref('code_gebruikscodewoz') }}

),

owner_types as (

    select
        code,
        tenure
    from {{ ref('code_typeigenaar') }}

),

dwelling_type_codes as (

    select
        code,
        bouwvorm
    from {{ ref('code_vbowoningtype') }}

),

life_cycles_at_moments as (

    select
        moments.moment_year,
        life_cycles.object_key,
        life_cycles.object_kind,
        life_cycles.floor_area_m2

    from life_cycles
    inner join moments
        on {{ spell_covers('life_cycles.valid_from', 'life_cycles.valid_to', 'moments.moment_date') }}

),

-- Residents per household first, then per object: two plain aggregations instead of count(distinct).
households_at_objects as (

    select
        moment_year,
        object_key,
        household_key,
        min(object_kind) as object_kind,
        count(*) as resident_count,
        bool_or(household_type_code != '8') as is_private_household

    from residents
    group by moment_year, object_key, household_key

),

occupancy as (

    select
        moment_year,
        object_key,
        min(object_kind) as object_kind,
        sum(resident_count)::bigint as resident_count,
        count(household_key) as household_count,
        count(household_key) filter (where is_private_household) as private_household_count

    from households_at_objects
    group by moment_year, object_key

),

objects as (

    select
        life_cycles_at_moments.floor_area_m2,
        coalesce(life_cycles_at_moments.moment_year, occupancy.moment_year) as moment_year,
        coalesce(life_cycles_at_moments.object_key, occupancy.object_key) as object_key,
        coalesce(life_cycles_at_moments.object_kind, occupancy.object_kind) as object_kind,
        life_cycles_at_moments.object_key is not null as is_in_life_cycle,
        coalesce(occupancy.resident_count, 0) as resident_count,
        coalesce(occupancy.household_count, 0) as household_count,
        coalesce(occupancy.private_household_count, 0) as private_household_count

    from life_cycles_at_moments
    full outer join occupancy
        on
            life_cycles_at_moments.object_key = occupancy.object_key
            and life_cycles_at_moments.moment_year = occupancy.moment_year

),

classified as (

    select
        objects.moment_year,
        objects.object_key,
        objects.object_kind,
        object_gemeenten.gemeente_code,
        objects.is_in_life_cycle,
        woz_values.woz_use_code,
        woz_values.woz_value,
        ownership.tenure_code,
        ownership.owner_type_code,
        owner_types.tenure as owner_tenure,
        rents.kale_huur,
        dwelling_types.dwelling_type_code,
        objects.floor_area_m2,
        objects.resident_count,
        objects.household_count,
        objects.private_household_count,
        coalesce(dwelling_type_codes.bouwvorm, 'onbekend') as bouwvorm,
        -- A woonruimte is a caravan pitch or an object whose WOZ use code (file year Y+1) is a dwelling
        -- code; without a WOZ row, an object with a VBO dwelling type counts as a dwelling.
        coalesce(
            objects.object_kind = 'STA' or woz_use_codes.is_dwelling,
            dwelling_types.dwelling_type_code is not null
        ) as is_woonruimte

    from objects
    inner join moments
        on objects.moment_year = moments.moment_year
    left join object_gemeenten
        on objects.object_key = object_gemeenten.object_key
    left join woz_values
        on
            objects.object_key = woz_values.object_key
            and moments.snapshot_date = woz_values.snapshot_date
    left join woz_use_codes
        on woz_values.woz_use_code = woz_use_codes.code
    left join ownership
        on
            objects.object_key = ownership.object_key
            and moments.snapshot_date = ownership.snapshot_date
    left join owner_types
        on ownership.owner_type_code = owner_types.code
    left join rents
        on
            objects.object_key = rents.object_key
            and moments.snapshot_date = rents.snapshot_date
    left join dwelling_types
        on objects.object_key = dwelling_types.object_key
    left join dwelling_type_codes
        on dwelling_types.dwelling_type_code = dwelling_type_codes.code

),

final as (

    select
        moment_year,
        object_key,
        object_kind,
        gemeente_code,
        is_woonruimte,
        is_in_life_cycle,
        woz_value,
        owner_type_code,
        kale_huur,
        bouwvorm::{{ category_enum('bouwvorm') }} as bouwvorm,
        floor_area_m2,
        resident_count,
        household_count,
        private_household_count,
        (case when is_woonruimte then coalesce(owner_tenure, 'onbekend') end)::{{ category_enum('tenure') }} as tenure

    from classified

)

select * from final
