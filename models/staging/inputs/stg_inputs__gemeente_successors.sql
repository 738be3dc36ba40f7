-- The decoding of old gemeente codes for the policy inputs (seed herindelingen, the one lookup of this
-- folder): every gemeente that ceased before the boundary year, with the gemeente(n) of the boundary
-- year that took it over, following chains of herindelingen.
with recursive

herindelingen as (

    select * from {{ ref('herindelingen') }}
    where effective_date <= make_date({{ var('boundary_year') }}, 1, 1)

),

gemeenten as (

    select * from {{ ref('gemeenten') }}

),

steps as (

    select
        old_gemeente_code,
        old_gemeente_name,
        new_gemeente_code,
        effective_date,
        case when kind = 'merger' then 1.0 else split_share end as share_received

    from herindelingen

),

chains (old_gemeente_code, old_gemeente_name, ceased_on, gemeente_code, changed_on, share_received) as (

    select
        old_gemeente_code,
        old_gemeente_name,
        effective_date as ceased_on,
        new_gemeente_code as gemeente_code,
        effective_date as changed_on,
        share_received

    from steps

    union all

    select
        chains.old_gemeente_code,
        chains.old_gemeente_name,
        chains.ceased_on,
        steps.new_gemeente_code,
        steps.effective_date,
        chains.share_received * steps.share_received

    from chains
    inner join steps
        on
            chains.gemeente_code = steps.old_gemeente_code
            and chains.changed_on < steps.effective_date

),

last_links as (

    select chains.*
    from chains
    anti join steps
        on
            chains.gemeente_code = steps.old_gemeente_code
            and chains.changed_on < steps.effective_date

),

successors as (

    select
        last_links.old_gemeente_code,
        last_links.old_gemeente_name,
        last_links.ceased_on,
        last_links.gemeente_code,
        gemeenten.gemeente_name,
        -- null when a split on the way has no documented share; several paths to one gemeente add up
        case
            when bool_or(last_links.share_received is null) then null
            else sum(last_links.share_received)
        end as share_received

    from last_links
    left join gemeenten
        on last_links.gemeente_code = gemeenten.gemeente_code
    group by all

)

select * from successors
