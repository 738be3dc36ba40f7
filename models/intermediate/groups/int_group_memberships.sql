-- All group memberships: the union of every model tagged 'group_definition' (found in the graph), one row
-- per person, report year and group. The group models are views, read once here.
-- dbt needs each such model as a parse-time dependency: keep one depends_on line per group model.
-- depends_on: {{ ref('int_groups_elderly') }}
-- depends_on: {{ ref('int_groups_students') }}
-- depends_on: {{ ref('int_groups_ex_detainees') }}
-- depends_on: {{ ref('int_groups_permit_holders') }}
-- depends_on: {{ ref('int_groups_eu_labour_migrants') }}
-- depends_on: {{ ref('int_groups_caravan_dwellers') }}
-- depends_on: {{ ref('int_groups_care_leavers') }}
{{ config(materialized='table') }}
{%- set group_models = [] %}
{%- if execute %}
    {%- for node in graph.nodes.values() | sort(attribute='name') %}
        {%- if node.resource_type == 'model' and 'group_definition' in node.tags %}
            {%- do group_models.append(node.name) %}
        {%- endif %}
    {%- endfor %}
{%- endif %}

with

group_rows as (
{%- for group_model in group_models %}

    select
        person_key::bigint as person_key,
        report_year::integer as report_year,
        group_code::varchar as group_code,
        subgroup_code::varchar as subgroup_code

    from {{ ref(group_model) }}
    {%- if not loop.last %}

    union all
    {%- endif %}
{%- else %}

    select
        null::bigint as person_key,
        null::integer as report_year,
        null::varchar as group_code,
        null::varchar as subgroup_code

    where false
{%- endfor %}

),

-- group and subgroup codes as enums of the seeds: one byte each in this table and in the marts' lists
memberships as (

    select
        person_key,
        report_year,
        group_code::{{ code_enum('groups', 'group_code') }} as group_code,
        subgroup_code::{{ code_enum('subgroups', 'subgroup_code') }} as subgroup_code

    from group_rows

)

select * from memberships
