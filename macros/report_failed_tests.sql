-- Logs, after every run (on-run-end), each failed or erroring data test with the table (and the raw source
-- behind a staging model), the columns it guards and up to five stored failing rows as column=value pairs.
{% macro report_failed_tests(results) %}
    {%- if execute -%}
        {%- set failed = [] -%}
        {%- for res in results if res.node.resource_type == 'test' and res.status in ('fail', 'error') -%}
            {%- do failed.append(res) -%}
        {%- endfor -%}
        {%- if failed | length > 0 -%}
            {{ log("", info=true) }}
            {{ log("==== " ~ (failed | length) ~ " data test(s) failed; details and example rows ====", info=true) }}
        {%- endif -%}
        {%- for res in failed -%}
            {%- set node = res.node -%}
            {%- set kwargs = node.test_metadata.kwargs if node.test_metadata else {} -%}
            {#- the tested table: a model or a source, and for a model the raw sources it reads -#}
            {%- set attached_id = node.attached_node or (node.depends_on.nodes | first) or '' -%}
            {%- set table = namespace(name=attached_id, raw=[]) -%}
            {%- if attached_id in graph.sources -%}
                {%- set src = graph.sources[attached_id] -%}
                {%- set table.name = "raw table " ~ src.source_name ~ "." ~ src.name -%}
            {%- elif attached_id in graph.nodes -%}
                {%- set model_node = graph.nodes[attached_id] -%}
                {%- set table.name = model_node.resource_type ~ " " ~ model_node.name -%}
                {%- for parent in model_node.depends_on.nodes if parent in graph.sources -%}
                    {%- do table.raw.append(graph.sources[parent].source_name ~ "." ~ graph.sources[parent].name) -%}
                {%- endfor -%}
            {%- endif -%}
            {#- the guarded columns: column_name, or the column arguments of multi-column tests -#}
            {%- set columns = [] -%}
            {%- if kwargs.get('column_name') -%}
                {%- do columns.append(kwargs['column_name']) -%}
            {%- endif -%}
            {%- for key in ['combination_of_columns', 'partition_by', 'columns', 'from_column', 'to_column'] -%}
                {%- set value = kwargs.get(key) -%}
                {%- if value is string -%}
                    {%- do columns.append(value) -%}
                {%- elif value -%}
                    {%- for item in value if item not in columns -%}
                        {%- do columns.append(item) -%}
                    {%- endfor -%}
                {%- endif -%}
            {%- endfor -%}
            {{ log("FAILED TEST " ~ node.name ~ " (" ~ res.status ~ ")", info=true) }}
            {{ log("    table:   " ~ table.name ~ ((" (raw table " ~ (table.raw | join(', ')) ~ ")") if table.raw else ""), info=true) }}
            {{ log("    columns: " ~ ((columns | join(', ')) or "(whole table)"), info=true) }}
            {%- if res.status == 'fail' -%}
                {{ log("    failing rows: " ~ res.failures, info=true) }}
            {%- endif -%}
            {%- if res.status == 'error' -%}
                {{ log("    error:   " ~ ((res.message or '') | replace('\n', ' ') | truncate(600)), info=true) }}
            {%- elif node.relation_name -%}
                {%- set sample = run_query("select * from " ~ node.relation_name ~ " limit 5") -%}
                {%- for row in sample.rows -%}
                    {%- set cells = [] -%}
                    {%- for column_name in sample.column_names -%}
                        {%- set value = row[loop.index0] -%}
                        {%- do cells.append(column_name ~ "=" ~ ("null" if value is none else (value | string | truncate(200)))) -%}
                    {%- endfor -%}
                    {{ log("    example row " ~ loop.index ~ ": " ~ (cells | join(' | ')), info=true) }}
                {%- endfor -%}
            {%- else -%}
                {{ log("    (no stored failures: set store_failures to see example rows)", info=true) }}
            {%- endif -%}
        {%- endfor -%}
    {%- endif -%}
{% endmacro %}
