-- All group memberships: the union of every model tagged 'group_definition' (found in the graph), with
-- the member's address object and household on 31 December (null for a member without an address).
-- dbt needs each such model as a parse-time dependency: keep one depends_on line per group model.
-- depends_on: {{ ref('int_groups_elderly') }}
-- depends_on: {{ ref('int_groups_students') }}
-- depends_on: {{ ref('int_groups_ex_detainees') }}
-- depends_on: {{ ref('int_groups_permit_holders') }}
-- depends_on: {{ ref('int_groups_eu_labour_migrants') }}
-- depends_on: {{ ref('int_groups_caravan_dwellers') }}
-- depends_on: {{ ref('int_groups_care_leavers') }}
{%- set group_models = [] %}
{%- if execute %}
    {%- for node in graph.nodes.values() | sort(attribute='name') %}
        {%- if node.resource_type == 'model' and 'group_definition' in node.tags %}
            {%- do group_models.append(node.name) %}
        {%- endif %}
    {%- endfor %}
{%- endif %}

with

situated as (

    select
        report_year,
        person_id,
        object_id,
        household_id
    from {{ ref('int_persons_situated_at_moments') }}

),

group_rows as (
{%- for group_model in group_models %}

    select
        person_id::varchar as person_id,
        report_year::integer as report_year,
        group_code::varchar as group_code,
        subgroup_code::varchar as subgroup_code

    from {{ ref(group_model) }}
    {%- if not loop.last %}

    union all
    {%- endif %}
{%- else %}

    select
        null::varchar as person_id,
        null::integer as report_year,
        null::varchar as group_code,
        null::varchar as subgroup_code

    where false
{%- endfor %}

),

memberships as (

    select
        group_rows.person_id,
        group_rows.report_year,
        group_rows.group_code,
        group_rows.subgroup_code,
        situated.object_id,
        situated.household_id

    from group_rows
    left join situated
        on
            group_rows.person_id = situated.person_id
            and group_rows.report_year = situated.report_year

)

select * from memberships
