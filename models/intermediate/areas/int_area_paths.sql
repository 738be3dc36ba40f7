-- The area hierarchy in one place (macro area_paths over the seeds): one row per gemeente (2023
-- boundaries) and every area at or above it. The cube roll-up, the disclosure relations and the
-- witness search all read this model.
with

paths as (
    {{ area_paths(ref('gemeenten'), ref('woondealregio_gemeenten')) }}
)

select
    cast(paths.gemeente_code as varchar) as gemeente_code,
    cast(paths.geo_level as varchar) as geo_level,
    cast(paths.area_code as varchar) as area_code
from paths
order by paths.gemeente_code, paths.geo_level, paths.area_code
