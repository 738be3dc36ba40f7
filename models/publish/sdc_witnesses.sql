-- One row per witness and cell it moves (internal; the witness rows of sdc_protection).
{{ config(materialized='table') }}

select
    witness_id,
    cell_id,
    delta
from {{ ref('sdc_protection') }}
where witness_id is not null
