-- Guard: every exposure (the app, the release) reads only contracted pub_* models in models/publish/,
-- so nothing downstream of the person-level marts reaches a user without the protection layer.
{%- set violations = [] -%}
{%- if execute -%}
    {%- for exposure in graph.exposures.values() -%}
        {%- for node_id in exposure.depends_on.nodes -%}
            {%- set node = graph.nodes.get(node_id) -%}
            {%- if node is none
                or not node.original_file_path.startswith('models/publish/')
                or not node.name.startswith('pub_')
                or not node.config.contract.enforced -%}
                {%- do violations.append(exposure.name ~ ' reads ' ~ node_id) -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endfor -%}
{%- endif %}

with

violations (violation) as (
    values
    ('none')
    {%- for violation in violations %},
        ('{{ violation }}')
    {%- endfor %}
)

select violations.violation
from violations
where violations.violation != 'none'
