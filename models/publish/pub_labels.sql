-- The published code lists: one row per kind, parent_code and code (groups, subgroups, dimensions,
-- categories, geo levels, units, statuses, derived measures) with Dutch label, description and order.
with

groups as (
    select * from {{ ref('groups') }}
),

subgroups as (
    select * from {{ ref('subgroups') }}
),

dimensions as (
    select * from {{ ref('dimensions') }}
),

categories as (
    select * from {{ ref('categories') }}
),

geo_levels as (
    select * from {{ ref('geo_levels') }}
),

-- codes that are not in a seed: pseudo groups, the subgroup total, units, statuses and measures
fixed_labels (kind, parent_code, code, label_nl, description_nl, sort_order) as (
    values
    ('group', '', 'population', 'Alle inwoners', 'Alle inwoners van het gebied (voor cijfers per 1.000).', 100),
    ('group', '', 'all', 'Alle', 'Alle verhuringen of alle woonruimten, ongeacht de aandachtsgroep.', 101),
    ('group', '', 'any_group', 'In een of meer aandachtsgroepen', 'Personen in ten minste een aandachtsgroep.', 102),
    ('unit', '', 'persons', 'Personen', 'Personen.', 1),
    ('unit', '', 'households', 'Huishoudens', 'Particuliere huishoudens met ten minste een lid in de groep.', 2),
    ('unit', '', 'dwellings', 'Woonruimten', 'Woonruimten met ten minste een bewoner in de groep.', 3),
    ('unit', '', 'lettings', 'Verhuringen', 'Vrijgekomen en verhuurde huurwoningen in het jaar.', 4),
    ('status', '', 'visible', 'Zichtbaar', 'Afgerond op een veelvoud van 5; hooguit 2 naast de ware waarde.', 1),
    (
        'status',
        '',
        'geheim',
        'Geheim',
        'Niet gepubliceerd: een klein aantal, of een cijfer waaruit een klein aantal terug te rekenen zou zijn.',
        2
    ),
    ('measure', '', 'share', 'Aandeel (%)', 'Percentage van het totaal van de groep of van de dimensie.', 1),
    ('measure', '', 'per_1000_inhabitants', 'Per 1.000 inwoners', 'Aantal per 1.000 inwoners.', 2),
    ('measure', '', 'persons_per_household', 'Personen per huishouden', 'Personen gedeeld door huishoudens.', 3),
    ('measure', '', 'mutatiegraad', 'Mutatiegraad (%)', 'Verhuringen per 100 huurwoningen op 1 januari.', 4),
    ('measure', '', 'share_of_lettings', 'Aandeel in verhuringen (%)', 'Deel van alle verhuringen (%).', 5)
),

labels as (
    select
        'group' as kind,
        '' as parent_code,
        groups.group_code as code,
        groups.label_nl,
        groups.definition_nl as description_nl,
        groups.sort_order
    from groups
    union all
    select
        'subgroup' as kind,
        subgroups.group_code as parent_code,
        subgroups.subgroup_code as code,
        subgroups.label_nl,
        subgroups.definition_nl as description_nl,
        subgroups.sort_order
    from subgroups
    union all
    select
        'subgroup' as kind,
        groups.group_code as parent_code,
        'total' as code,
        'Totaal' as label_nl,
        'De hele groep.' as description_nl,
        0 as sort_order
    from groups
    union all
    select
        'dimension' as kind,
        '' as parent_code,
        dimensions.dimension_code as code,
        dimensions.label_nl,
        null as description_nl,
        dimensions.sort_order
    from dimensions
    union all
    select
        'category' as kind,
        categories.dimension_code as parent_code,
        categories.category_code as code,
        categories.label_nl,
        null as description_nl,
        categories.sort_order
    from categories
    union all
    select
        'geo_level' as kind,
        '' as parent_code,
        geo_levels.geo_level as code,
        geo_levels.label_nl,
        null as description_nl,
        geo_levels.sort_order
    from geo_levels
    union all
    select
        fixed_labels.kind,
        fixed_labels.parent_code,
        fixed_labels.code,
        fixed_labels.label_nl,
        fixed_labels.description_nl,
        fixed_labels.sort_order
    from fixed_labels
)

select
    cast(labels.kind as varchar) as kind,
    cast(labels.parent_code as varchar) as parent_code,
    cast(labels.code as varchar) as code,
    cast(labels.label_nl as varchar) as label_nl,
    cast(labels.description_nl as varchar) as description_nl,
    cast(labels.sort_order as integer) as sort_order
from labels
order by labels.kind, labels.parent_code, labels.sort_order, labels.code
