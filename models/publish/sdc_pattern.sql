-- One row per cell: its disclosure status and, for a primary cell, the witnesses proving both sides
-- (internal; the cell rows of sdc_protection).
{{ config(materialized='table') }}

select
    cell_id,
    status,
    up_witness,
    down_witness,
    up_method,
    down_method
from {{ ref('sdc_protection') }}
where status is not null
