-- Every model tagged 'group_definition' is named int_groups_<group_code> for a group in seed groups, and
-- every group in the seed has such a model. Returns one row per group code found on one side only.
{%- set model_group_codes = [] %}
{%- if execute %}
    {%- for node in graph.nodes.values() %}
        {%- if node.resource_type == 'model' and 'group_definition' in node.tags %}
            {%- do model_group_codes.append(node.name | replace('int_groups_', '')) %}
        {%- endif %}
    {%- endfor %}
{%- endif %}

with

seed_groups as (

    select group_code from {{ ref('groups') }}

),

model_groups as (

    select unnest({{ model_group_codes | sort }}::varchar[]) as group_code

),

mismatched as (

    select
        coalesce(seed_groups.group_code, model_groups.group_code) as group_code,
        case when seed_groups.group_code is null then 'model without seed row' else 'seed row without model' end
            as problem

    from seed_groups
    full outer join model_groups
        on seed_groups.group_code = model_groups.group_code
    where seed_groups.group_code is null or model_groups.group_code is null

)

select * from mismatched
