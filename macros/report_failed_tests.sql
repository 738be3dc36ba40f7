-- Logs, after every run, each failed data test with the table and column it guards and up to five
-- example rows from its stored failures, so bad input is named rather than just counted.
{% macro report_failed_tests(results) %}
    {%- if execute -%}
        {%- for res in results if res.node.resource_type == 'test' and res.status in ('fail', 'error') -%}
            {%- set node = res.node -%}
            {%- set kwargs = node.test_metadata.kwargs if node.test_metadata else {} -%}
            {%- set column = kwargs.get('column_name') or '(whole table)' -%}
            {%- set attached = node.attached_node or (node.depends_on.nodes | join(', ')) -%}
            {{ log("FAILED TEST " ~ node.name ~ " on " ~ attached ~ ", column " ~ column ~ ": " ~ (res.message or ''), info=true) }}
            {%- if res.status == 'fail' and node.relation_name -%}
                {%- set sample = run_query("select * from " ~ node.relation_name ~ " limit 5") -%}
                {%- for row in sample.rows -%}
                    {{ log("    example row: " ~ (row.values() | join(' | ')), info=true) }}
                {%- endfor -%}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
