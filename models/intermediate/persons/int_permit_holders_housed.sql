-- Realisation of the taakstelling: permit holders who moved in a report year from a COA stay, or from no
-- address, into a woonruimte; counted once per person and year at the first such move (its half year).
with

moments as (

    select
        moment_year as report_year,
        year_start_date,
        moment_date
    from {{ ref('int_reference_moments') }}
    where is_report_year

),

address_spells as (

    select
        person_key,
        object_key,
        valid_from,
        valid_to
    from {{ ref('stg_cbs__address_spells') }}

),

permits as (

    select
        person_key,
        permit_date
    from {{ ref('stg_cbs__residence_permits') }}
    where permit_ground = 'ASIEL'

),

coa_stays as (

    select
        person_key,
        valid_from,
        valid_to
    from {{ ref('stg_cbs__coa_stays') }}

),

objects as (

    select
        moment_year,
        object_key,
        gemeente_code,
        is_woonruimte
    from {{ ref('int_objects_at_moments') }}

),

-- Moves into a woonruimte by a person holding an asylum permit granted at most
-- var permit_holder_max_years before the move.
moves_into_dwellings as (

    select distinct
        moments.report_year,
        address_spells.person_key,
        address_spells.object_key,
        address_spells.valid_from as move_date,
        objects.gemeente_code

    from address_spells
    inner join moments
        on address_spells.valid_from between moments.year_start_date and moments.moment_date
    inner join objects
        on
            address_spells.object_key = objects.object_key
            and moments.report_year = objects.moment_year
    inner join permits
        on
            address_spells.person_key = permits.person_key
            and address_spells.valid_from >= permits.permit_date
            and permits.permit_date
            >= (address_spells.valid_from - to_years({{ var('permit_holder_max_years') }}))::date
    where objects.is_woonruimte

),

previous_situation as (

    select
        moves_into_dwellings.report_year,
        moves_into_dwellings.person_key,
        moves_into_dwellings.move_date,
        moves_into_dwellings.gemeente_code,
        bool_or(previous_addresses.person_key is not null) as had_address_day_before,
        bool_or(coa_stays.person_key is not null) as was_in_coa_day_before

    from moves_into_dwellings
    left join address_spells as previous_addresses
        on
            moves_into_dwellings.person_key = previous_addresses.person_key
            and previous_addresses.valid_from <= moves_into_dwellings.move_date - 1
            and previous_addresses.valid_to >= moves_into_dwellings.move_date - 1
    left join coa_stays
        on
            moves_into_dwellings.person_key = coa_stays.person_key
            and coa_stays.valid_from <= moves_into_dwellings.move_date - 1
            and coa_stays.valid_to >= moves_into_dwellings.move_date - 1
    group by
        moves_into_dwellings.report_year,
        moves_into_dwellings.person_key,
        moves_into_dwellings.move_date,
        moves_into_dwellings.gemeente_code

),

housed as (

    select
        person_key,
        report_year,
        gemeente_code,
        move_date,
        case when month(move_date) <= 6 then 1 else 2 end as half_year

    from previous_situation
    where was_in_coa_day_before or not had_address_day_before
    qualify row_number() over (partition by person_key, report_year order by move_date, gemeente_code) = 1

)

select * from housed
