-- Every count of the cube parts lies in a gemeente of seed gemeenten (the roll-up would otherwise
-- drop it): a mart row with an unknown gemeente code fails here, with the code and the count.

with

gemeenten as (
    select gemeente_code from {{ ref('gemeenten') }}
),

part_cells as (
    {%- for part in ['cube_counts_persons', 'cube_counts_households', 'cube_counts_dwellings',
                         'cube_counts_lettings', 'cube_counts_permit_holders_housed'] %}
        select
            '{{ part }}' as cube_part,
            report_year,
            gemeente_code,
            group_code,
            unit,
            dimension_code,
            category_code,
            n
        from {{ ref(part) }}
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select part_cells.*
from part_cells
left join gemeenten
    on part_cells.gemeente_code = gemeenten.gemeente_code
where gemeenten.gemeente_code is null and part_cells.n > 0
