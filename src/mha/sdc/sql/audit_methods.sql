-- The kind of witness that proves each side of each primary cell, counted.
select
    'up: ' || pattern.up_method as witness_kind,
    count(*) as cells
from publish.sdc_pattern as pattern
where pattern.status = 'primary'
group by pattern.up_method

union all

select
    'down: ' || pattern.down_method as witness_kind,
    count(*) as cells
from publish.sdc_pattern as pattern
where pattern.status = 'primary'
group by pattern.down_method
