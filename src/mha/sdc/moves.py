"""Candidate directions for `mha.sdc.certify`, from the shape of the cube.

Every move is "what if a few of a group's units lived in gemeente g instead of gemeente g'": it is
written at gemeente level and then lifted to every provincie, woondealregio and Nederland cell above
the two gemeenten (where both share a region, the changes cancel there). Three kinds:

- unit move (`unit_moves`): one unit of a group (subgroup s) moves from g' to g. The group total and
  the overlap diagonal change by one; in every dimension that adds up to the group total one category
  changes by one (a chosen category of the source, or, where none is chosen, the source's own
  distribution); in a dimension with its own total, a chosen category and that total. Off-diagonal
  overlap cells are not tied to the group total by any relation and stay as they are. Scaled by
  alpha, it proves the up side of the cells it raises in g and the down side of those it lowers in g'.
- swap (`swaps`): in one additive dimension, a unit of category k moves from g' to g and a unit of
  category k' from g to g' (a 2 x 2 "hypercube"); with subgroups, the subgroup total moves along.
  No total changes, so it works inside groups whose totals are published.
- slice move (`slice_moves`): all units of a group in g' move to g (used first: one direction per pair
  of gemeenten certifies many cells at once).

The generators only propose; `certify` checks each direction against the relations and the bounds,
so a wrong or unlucky proposal only costs a certificate, never a false one.
"""

from __future__ import annotations

import duckdb
import numpy as np

from mha.sdc.certify import Directions

KEYS = "report_year, unit, group_code, subgroup_code, dimension_code, category_code"
_JOIN_KEYS = " and ".join(
    f"{{a}}.{k} = {{b}}.{k}"
    for k in ("report_year", "unit", "group_code", "subgroup_code", "dimension_code", "category_code")
)


def _on(a: str, b: str) -> str:
    return _JOIN_KEYS.format(a=a, b=b)


def prepare(con: duckdb.DuckDBPyConnection) -> None:
    """Index tables for the generators. Needs `cells(pos, report_year, unit, group_code,
    dimension_code, geo_level, area_code, subgroup_code, category_code, n, sup)`, `dimensions
    (dimension_code, is_additive, has_own_total)`, `gemeente_class(area_code, class_id)` and
    `area_parents(gemeente_code, parent_level, parent_area)` (every region above each gemeente)."""
    con.execute(
        """
        create or replace temp table gem as
        select cells.*, gemeente_class.class_id, provincie.parent_area as provincie_code,
            coalesce(dimensions.is_additive, false) as is_additive,
            coalesce(dimensions.has_own_total, false) as has_own_total
        from cells
        inner join gemeente_class on cells.area_code = gemeente_class.area_code
        left join area_parents as provincie
            on cells.area_code = provincie.gemeente_code and provincie.parent_level = 'provincie'
        left join dimensions on cells.dimension_code = dimensions.dimension_code
        where cells.geo_level = 'gemeente'
        """
    )
    con.execute(
        "create or replace temp table subgrouped as"
        " select distinct group_code from cells where subgroup_code <> 'total'"
    )
    con.execute(
        """
        create or replace temp table group_totals as
        select report_year, unit, group_code, subgroup_code, area_code, class_id, provincie_code, n, sup
        from gem where dimension_code = 'total' and category_code = 'total'
        """
    )


def locate_and_lift(con: duckdb.DuckDBPyConnection, pattern: str) -> tuple[Directions, int]:
    """Turn a gemeente-level pattern table (dir_id, area_code, KEYS..., coef) into Directions over cell
    positions, adding the same change to every region above each gemeente. A direction that names a
    cell the cube does not have is dropped (returned count)."""
    rows = con.execute(
        f"""
        with located as (
            select pattern.dir_id, cells.pos, pattern.coef
            from {pattern} as pattern
            left join cells
                on cells.geo_level = 'gemeente' and cells.area_code = pattern.area_code
                and {_on("cells", "pattern")}
        ),
        lifted as (
            select pattern.dir_id, cells.pos, pattern.coef
            from {pattern} as pattern
            inner join area_parents on pattern.area_code = area_parents.gemeente_code
            left join cells
                on cells.geo_level = area_parents.parent_level and cells.area_code = area_parents.parent_area
                and {_on("cells", "pattern")}
        ),
        entries as (
            select * from located union all select * from lifted
        ),
        broken as (
            select distinct dir_id from entries where pos is null
        )
        select dir_id, pos, sum(coef) as coef,
            (select count(*) from broken) as n_broken
        from entries
        where dir_id not in (select dir_id from broken)
        group by dir_id, pos
        having abs(sum(coef)) > 1e-9
        order by dir_id, pos
        """
    ).fetchnumpy()
    n_broken = int(rows["n_broken"][0]) if len(rows["n_broken"]) else 0
    dirs = Directions(
        np.asarray(rows["dir_id"], dtype=np.int64),
        np.asarray(rows["pos"], dtype=np.int64),
        np.asarray(rows["coef"], dtype=np.float64),
    )
    return dirs, n_broken


_PAIRS = """
-- for every open target: the subgroups whose move moves it (its own, any subgroup for a subgroup
-- total's cell, the total for a group without subgroups)
create or replace temp table open_cells as
select gem.pos, gem.report_year, gem.unit, gem.group_code, s.subgroup_code, gem.dimension_code,
    gem.category_code, gem.area_code, gem.class_id, gem.provincie_code, targets.need_up,
    targets.need_down
from targets
inner join gem on targets.pos = gem.pos
inner join (select distinct group_code, subgroup_code from gem) as s
    on s.group_code = gem.group_code
    and case
        when gem.group_code not in (select group_code from subgrouped) then s.subgroup_code = 'total'
        when gem.subgroup_code = 'total' then s.subgroup_code <> 'total'
        else s.subgroup_code = gem.subgroup_code
    end;

-- up: units come from a source with a suppressed group total of at least P that has at least P in
-- the target's own cell (any cell for a total or the overlap diagonal), nearest first
create or replace temp table inward_picks as
with wanted as (
    select open_cells.*,
        open_cells.dimension_code = 'total'
        or (open_cells.dimension_code = 'overlap' and open_cells.category_code = open_cells.group_code)
            as is_total
    from open_cells where need_up
)
select wanted.pos, wanted.report_year, wanted.unit, wanted.group_code, wanted.subgroup_code,
    wanted.dimension_code, wanted.category_code, wanted.area_code as dst_area, src.area_code as src_area
from wanted
inner join group_totals as src
    on src.report_year = wanted.report_year and src.unit = wanted.unit
    and src.group_code = wanted.group_code and src.subgroup_code = wanted.subgroup_code
    and src.area_code <> wanted.area_code and src.sup and src.n >= {p}
left join gem as own
    on own.report_year = wanted.report_year and own.unit = wanted.unit
    and own.group_code = wanted.group_code and own.subgroup_code = wanted.subgroup_code
    and own.dimension_code = wanted.dimension_code and own.category_code = wanted.category_code
    and own.area_code = src.area_code
where wanted.is_total or (own.sup and own.n >= {p})
qualify row_number() over (
    partition by wanted.pos, wanted.subgroup_code
    order by (src.class_id = wanted.class_id)::int + (src.provincie_code = wanted.provincie_code)::int desc,
        src.n desc, src.area_code
) <= {n_sources};

-- down: units leave for the nearest destination with a suppressed group total (one per slice)
create or replace temp table outward_picks as
with slices as (
    select distinct open_cells.report_year, open_cells.unit, open_cells.group_code,
        open_cells.subgroup_code, open_cells.area_code, open_cells.class_id, open_cells.provincie_code
    from open_cells
    inner join group_totals as own
        on own.report_year = open_cells.report_year and own.unit = open_cells.unit
        and own.group_code = open_cells.group_code and own.subgroup_code = open_cells.subgroup_code
        and own.area_code = open_cells.area_code and own.n > 0
    where open_cells.need_down
),
destinations as (
    select slices.*, dst.area_code as dst_area
    from slices
    inner join group_totals as dst
        on dst.report_year = slices.report_year and dst.unit = slices.unit
        and dst.group_code = slices.group_code and dst.subgroup_code = slices.subgroup_code
        and dst.area_code <> slices.area_code and dst.sup
    qualify row_number() over (
        partition by slices.report_year, slices.unit, slices.group_code, slices.subgroup_code,
            slices.area_code
        order by (dst.class_id = slices.class_id)::int + (dst.provincie_code = slices.provincie_code)::int
            desc, dst.n desc, dst.area_code
    ) = 1
)
select open_cells.pos, open_cells.report_year, open_cells.unit, open_cells.group_code,
    open_cells.subgroup_code, open_cells.dimension_code, open_cells.category_code,
    destinations.dst_area, open_cells.area_code as src_area
from open_cells
inner join destinations
    on destinations.report_year = open_cells.report_year and destinations.unit = open_cells.unit
    and destinations.group_code = open_cells.group_code
    and destinations.subgroup_code = open_cells.subgroup_code
    and destinations.area_code = open_cells.area_code
where open_cells.need_down;

create or replace temp table unit_pairs as
select *, row_number() over (
    order by report_year, unit, group_code, subgroup_code, src_area, dst_area, kind
) - 1 as pair_id
from (
    select distinct report_year, unit, group_code, subgroup_code, src_area, dst_area, 'in' as kind
    from inward_picks
    union
    select distinct report_year, unit, group_code, subgroup_code, src_area, dst_area, 'out'
    from outward_picks
);

-- the source's categories, ranked per dimension: the categories its targets picked it for first,
-- direction j of a pair concentrates on rank j in every dimension
create or replace temp table unit_ranked as
with picked as (
    select 'in' as kind, * from inward_picks
    union all
    select 'out', * from outward_picks
)
select unit_pairs.pair_id, unit_pairs.kind, gem.dimension_code, gem.category_code, gem.n,
    gem.has_own_total,
    row_number() over (
        partition by unit_pairs.pair_id, gem.dimension_code
        order by exists (
            select 1 from picked
            where picked.kind = unit_pairs.kind and picked.report_year = unit_pairs.report_year
                and picked.unit = unit_pairs.unit and picked.group_code = unit_pairs.group_code
                and picked.subgroup_code = unit_pairs.subgroup_code
                and picked.src_area = unit_pairs.src_area and picked.dst_area = unit_pairs.dst_area
                and picked.dimension_code = gem.dimension_code and picked.category_code = gem.category_code
        ) desc, gem.n desc, gem.category_code
    ) - 1 as rank_in_dim
from unit_pairs
inner join gem
    on gem.report_year = unit_pairs.report_year and gem.unit = unit_pairs.unit
    and gem.group_code = unit_pairs.group_code and gem.subgroup_code = unit_pairs.subgroup_code
    and gem.area_code = unit_pairs.src_area
where gem.is_additive and gem.category_code <> 'total' and gem.sup
    and gem.n >= case when unit_pairs.kind = 'in' then {p} else 1 end;

create or replace temp table unit_dirs as
select pair_id, j, row_number() over (order by pair_id, j) - 1 as dir_id
from (
    select distinct unit_pairs.pair_id, r.j
    from unit_pairs
    cross join (select unnest(range({n_ranks})) as j) as r
    where r.j = 0 or exists (
        select 1 from unit_ranked
        where unit_ranked.pair_id = unit_pairs.pair_id and unit_ranked.rank_in_dim = r.j
    )
);

-- one unit of the source, per direction: coefficient of each cell key (before the area sign)
create or replace temp table unit_shape as
with source_cells as (
    select unit_pairs.pair_id, gem.*
    from unit_pairs
    inner join gem
        on gem.report_year = unit_pairs.report_year and gem.unit = unit_pairs.unit
        and gem.group_code = unit_pairs.group_code and gem.subgroup_code = unit_pairs.subgroup_code
        and gem.area_code = unit_pairs.src_area
),
source_totals as (
    select pair_id, n as total_n from source_cells
    where dimension_code = 'total' and category_code = 'total'
),
chosen as (
    select unit_dirs.dir_id, unit_dirs.pair_id, unit_ranked.dimension_code, unit_ranked.category_code
    from unit_dirs
    inner join unit_ranked
        on unit_dirs.pair_id = unit_ranked.pair_id
        and unit_ranked.rank_in_dim = least(unit_dirs.j, (
            select max(r2.rank_in_dim) from unit_ranked as r2
            where r2.pair_id = unit_ranked.pair_id and r2.dimension_code = unit_ranked.dimension_code
        ))
),
chosen_dims as (
    select distinct dir_id, dimension_code from chosen
)
-- the group total and the overlap diagonal
select unit_dirs.dir_id, source_cells.dimension_code, source_cells.category_code, 1.0 as coef
from unit_dirs
inner join source_cells on unit_dirs.pair_id = source_cells.pair_id
where (source_cells.dimension_code = 'total' and source_cells.category_code = 'total')
    or (source_cells.dimension_code = 'overlap' and source_cells.category_code = source_cells.group_code)
union all
-- a chosen category in every dimension that has one (with its own total where it has one)
select chosen.dir_id, chosen.dimension_code, chosen.category_code, 1.0 from chosen
union all
select distinct chosen.dir_id, source_cells.dimension_code, 'total', 1.0
from chosen
inner join source_cells
    on chosen.pair_id = source_cells.pair_id and chosen.dimension_code = source_cells.dimension_code
where source_cells.has_own_total
union all
-- the source's own distribution in a dimension of the group total without a chosen category
select unit_dirs.dir_id, source_cells.dimension_code, source_cells.category_code,
    source_cells.n / source_totals.total_n
from unit_dirs
inner join source_cells on unit_dirs.pair_id = source_cells.pair_id
inner join source_totals on unit_dirs.pair_id = source_totals.pair_id
where source_cells.is_additive and not source_cells.has_own_total and source_cells.category_code <> 'total'
    and source_cells.n > 0 and source_totals.total_n > 0
    and not exists (
        select 1 from chosen_dims
        where chosen_dims.dir_id = unit_dirs.dir_id
            and chosen_dims.dimension_code = source_cells.dimension_code
    );

create or replace temp table unit_pattern as
with signed as (
    select unit_dirs.dir_id, unit_pairs.report_year, unit_pairs.unit, unit_pairs.group_code,
        unit_pairs.subgroup_code, unit_shape.dimension_code, unit_shape.category_code,
        areas.area_code, areas.sign * unit_shape.coef as coef
    from unit_shape
    inner join unit_dirs on unit_shape.dir_id = unit_dirs.dir_id
    inner join unit_pairs on unit_dirs.pair_id = unit_pairs.pair_id
    cross join lateral (
        select unit_pairs.dst_area as area_code, 1.0 as sign
        union all select unit_pairs.src_area, -1.0
    ) as areas
)
select dir_id, report_year, unit, group_code, subgroup_code, dimension_code, category_code, area_code, coef
from signed
union all
-- a subgroup's move moves the subgroup total along, and with it the overlap diagonal (overlap cells
-- exist for the whole group only)
select dir_id, report_year, unit, group_code, 'total', dimension_code, category_code, area_code, coef
from signed
where subgroup_code <> 'total'
union all
select dir_id, report_year, unit, group_code, 'total', 'overlap', group_code, area_code, coef
from signed
where subgroup_code <> 'total' and dimension_code = 'total' and category_code = 'total'
    and exists (
        select 1 from gem
        where gem.report_year = signed.report_year and gem.unit = signed.unit
            and gem.group_code = signed.group_code and gem.dimension_code = 'overlap'
            and gem.category_code = signed.group_code and gem.area_code = signed.area_code
    );
"""


def unit_moves(
    con: duckdb.DuckDBPyConnection, protection_p: int, n_sources: int = 2, n_ranks: int = 3
) -> tuple[Directions, int]:
    """Unit moves for the cells in `targets(pos, need_up, need_down)` (see the module docstring)."""
    con.execute(_PAIRS.format(p=int(protection_p), n_sources=int(n_sources), n_ranks=int(n_ranks)))
    return locate_and_lift(con, "unit_pattern")


_SWAPS = """
create or replace temp table swap_targets as
select gem.*, targets.need_up, targets.need_down,
    case
        when gem.group_code not in (select group_code from subgrouped) then null
        when gem.subgroup_code <> 'total' then 'total'
    end as along_subgroup,
    gem.group_code in (select group_code from subgrouped) and gem.subgroup_code = 'total' as needs_leaf
from targets
inner join gem on targets.pos = gem.pos
where gem.is_additive and gem.category_code <> 'total';

-- corners: (g, k) target, (g, k2), (g2, k), (g2, k2), for the up side (g, k2) and (g2, k) give units
create or replace temp table swap_candidates as
with rows_ as (  -- the two largest other suppressed categories in the target's row
    select t.pos as target, a.category_code as k2, a.n as n_gk2
    from swap_targets as t
    inner join gem as a
        on a.report_year = t.report_year and a.unit = t.unit and a.group_code = t.group_code
        and a.dimension_code = t.dimension_code and a.subgroup_code = t.subgroup_code
        and a.area_code = t.area_code and a.category_code <> t.category_code
        and a.category_code <> 'total' and a.sup
    qualify row_number() over (partition by t.pos order by a.n desc, a.category_code) <= 2
),
columns_ as (  -- the three nearest, largest suppressed cells of the target's column in its provincie
    select t.pos as target, b.area_code as g2, b.n as n_g2k,
        (b.class_id = t.class_id)::int as nearness
    from swap_targets as t
    inner join gem as b
        on b.report_year = t.report_year and b.unit = t.unit and b.group_code = t.group_code
        and b.dimension_code = t.dimension_code and b.subgroup_code = t.subgroup_code
        and b.provincie_code = t.provincie_code and b.area_code <> t.area_code
        and b.category_code = t.category_code and b.sup
    qualify row_number() over (
        partition by t.pos order by b.class_id = t.class_id desc, b.n desc, b.area_code
    ) <= 3
)
select t.pos as target, t.report_year, t.unit, t.group_code, t.dimension_code, t.subgroup_code,
    t.area_code as g, t.category_code as k, t.n as n_gk, t.along_subgroup, t.needs_leaf,
    rows_.k2, rows_.n_gk2, columns_.g2, columns_.n_g2k, c.n as n_g2k2, columns_.nearness
from swap_targets as t
inner join rows_ on t.pos = rows_.target
inner join columns_ on t.pos = columns_.target
inner join gem as c
    on c.report_year = t.report_year and c.unit = t.unit and c.group_code = t.group_code
    and c.dimension_code = t.dimension_code and c.subgroup_code = t.subgroup_code
    and c.area_code = columns_.g2 and c.category_code = rows_.k2 and c.sup;

-- the plane's copy in the subgroup that moves along: the subgroup total for a subgroup's cell,
-- a subgroup for a total's cell (its values bind), none without subgroups
create or replace temp table swap_scored as
with copies as (
    select cand.target, cand.k2, cand.g2, s1.subgroup_code as copy_subgroup,
        least(s2.n, s3.n) as copy_up, least(s1.n, s4.n) as copy_down
    from swap_candidates as cand
    inner join gem as s1
        on s1.report_year = cand.report_year and s1.unit = cand.unit and s1.group_code = cand.group_code
        and s1.dimension_code = cand.dimension_code and s1.area_code = cand.g and s1.category_code = cand.k
        and s1.sup and ((cand.needs_leaf and s1.subgroup_code <> 'total')
            or (not cand.needs_leaf and s1.subgroup_code = cand.along_subgroup))
    inner join gem as s2
        on s2.report_year = cand.report_year and s2.unit = cand.unit and s2.group_code = cand.group_code
        and s2.dimension_code = cand.dimension_code and s2.subgroup_code = s1.subgroup_code
        and s2.area_code = cand.g and s2.category_code = cand.k2 and s2.sup
    inner join gem as s3
        on s3.report_year = cand.report_year and s3.unit = cand.unit and s3.group_code = cand.group_code
        and s3.dimension_code = cand.dimension_code and s3.subgroup_code = s1.subgroup_code
        and s3.area_code = cand.g2 and s3.category_code = cand.k and s3.sup
    inner join gem as s4
        on s4.report_year = cand.report_year and s4.unit = cand.unit and s4.group_code = cand.group_code
        and s4.dimension_code = cand.dimension_code and s4.subgroup_code = s1.subgroup_code
        and s4.area_code = cand.g2 and s4.category_code = cand.k2 and s4.sup
)
select cand.*, copies.copy_subgroup,
    least(cand.n_gk2, cand.n_g2k, coalesce(copies.copy_up, cand.n_gk2)) as up_room,
    least(cand.n_gk, cand.n_g2k2, coalesce(copies.copy_down, cand.n_gk)) as down_room
from swap_candidates as cand
left join copies on cand.target = copies.target and cand.k2 = copies.k2 and cand.g2 = copies.g2
where copies.copy_subgroup is not null or (cand.along_subgroup is null and not cand.needs_leaf);

create or replace temp table swap_picked as
with ranked as (
    select swap_scored.*,
        row_number() over (
            partition by target order by up_room desc, nearness desc, k2, g2, copy_subgroup
        ) as up_rank,
        row_number() over (
            partition by target order by down_room desc, nearness desc, k2, g2, copy_subgroup
        ) as down_rank
    from swap_scored
    inner join targets on swap_scored.target = targets.pos
)
select row_number() over (order by target, up_rank, down_rank) - 1 as dir_id, *
from ranked
where (up_rank <= {n_pick} and (select need_up from targets where pos = ranked.target))
    or (down_rank = 1 and (select need_down from targets where pos = ranked.target));

create or replace temp table swap_pattern as
with corners as (
    select dir_id, report_year, unit, group_code, dimension_code, subgroup_code, copy_subgroup,
        corner.area_code, corner.category_code, corner.coef
    from swap_picked
    cross join lateral (
        select g as area_code, k as category_code, 1.0 as coef
        union all select g, k2, -1.0
        union all select g2, k, -1.0
        union all select g2, k2, 1.0
    ) as corner
)
select dir_id, report_year, unit, group_code, subgroup_code, dimension_code, category_code, area_code, coef
from corners
union all
select dir_id, report_year, unit, group_code, copy_subgroup, dimension_code, category_code, area_code, coef
from corners where copy_subgroup is not null;
"""


def swaps(con: duckdb.DuckDBPyConnection, n_pick: int = 2) -> tuple[Directions, int]:
    """2 x 2 swaps inside one dimension for the cells in `targets(pos, need_up, need_down)`."""
    con.execute(_SWAPS.format(n_pick=int(n_pick)))
    return locate_and_lift(con, "swap_pattern")


_SLICES = """
create or replace temp table slice_members as
select pos, report_year, unit, group_code as slice_group, area_code, class_id, provincie_code, group_code,
    subgroup_code, dimension_code, category_code, n, sup
from gem
union all
-- overlap cells of another group that count this group's people move with them
select pos, report_year, unit, category_code, area_code, class_id, provincie_code, group_code,
    subgroup_code, dimension_code, category_code, n, sup
from gem
where dimension_code = 'overlap' and category_code <> group_code;

create or replace temp table slices as
select report_year, unit, slice_group, area_code, class_id, provincie_code,
    bool_and(sup or n = 0) as is_free,
    max(n) filter (
        where group_code = slice_group and dimension_code = 'total' and subgroup_code = 'total'
    ) as group_total,
    bool_or(pos in (select pos from targets) and group_code = slice_group) as has_target
from slice_members
group by all;

create or replace temp table free_ranked as
select *, row_number() over (
    partition by report_year, unit, slice_group, class_id order by group_total desc, area_code
) as rank_in_class
from slices where is_free and group_total > 0;

create or replace temp table slice_pairs as
with pairs as (
    select dest.report_year, dest.unit, dest.slice_group, dest.area_code as dest_area,
        src.area_code as src_area, src.area_code as pull
    from slices as dest
    inner join free_ranked as src
        on dest.report_year = src.report_year and dest.unit = src.unit
        and dest.slice_group = src.slice_group and dest.class_id = src.class_id
        and dest.area_code <> src.area_code
    where dest.has_target
    qualify row_number() over (
        partition by dest.report_year, dest.unit, dest.slice_group, dest.area_code
        order by src.rank_in_class
    ) <= {n_sources}
    union
    select src.report_year, src.unit, src.slice_group, dest.area_code, src.area_code, src.area_code
    from free_ranked as src
    inner join free_ranked as dest
        on dest.report_year = src.report_year and dest.unit = src.unit
        and dest.slice_group = src.slice_group and dest.class_id = src.class_id
        and dest.area_code <> src.area_code
    where src.has_target
    qualify row_number() over (
        partition by src.report_year, src.unit, src.slice_group, src.area_code
        order by dest.rank_in_class
    ) = 1
    union
    -- a pull: every free slice of the class, or of the provincie, moves into the destination at once
    select dest.report_year, dest.unit, dest.slice_group, dest.area_code, src.area_code, scope.pull
    from slices as dest
    cross join (select 'class' as pull union all select 'provincie') as scope
    inner join free_ranked as src
        on dest.report_year = src.report_year and dest.unit = src.unit
        and dest.slice_group = src.slice_group and dest.area_code <> src.area_code
        and (
            (scope.pull = 'class' and dest.class_id = src.class_id)
            or (scope.pull = 'provincie' and dest.provincie_code = src.provincie_code)
        )
    where dest.has_target
)
select dense_rank() over (order by report_year, unit, slice_group, dest_area, pull) - 1 as dir_id, *
from pairs;

create or replace temp table slice_pattern as
select slice_pairs.dir_id, src.report_year, src.unit, src.group_code, src.subgroup_code,
    src.dimension_code, src.category_code, areas.area_code, areas.sign * src.n as coef
from slice_pairs
inner join slice_members as src
    on slice_pairs.report_year = src.report_year and slice_pairs.unit = src.unit
    and slice_pairs.slice_group = src.slice_group and slice_pairs.src_area = src.area_code
cross join lateral (
    select slice_pairs.dest_area as area_code, 1.0 as sign
    union all select slice_pairs.src_area, -1.0
) as areas
where src.n > 0;
"""


def slice_moves(con: duckdb.DuckDBPyConnection, n_sources: int = 2) -> tuple[Directions, int]:
    """Slice moves between gemeenten of one class, for the cells in `targets(pos, ...)`."""
    con.execute(_SLICES.format(n_sources=int(n_sources)))
    return locate_and_lift(con, "slice_pattern")
