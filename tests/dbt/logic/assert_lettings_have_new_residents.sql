-- A letting has at least one new resident (all residents on 31 December are new, and there is one).
-- Returns the lettings without a new resident.
select
    report_year,
    object_key,
    sector,
    is_letting,
    new_resident_count

from {{ ref('letting_years') }}
where is_letting and new_resident_count < 1
