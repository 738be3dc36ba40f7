-- Logs, after every run (on-run-end), each failed, erroring or warning data test with the table (and the raw
-- source behind a staging model), the columns it guards and up to five stored failing rows as column=value
-- pairs; for raw_checks one line per failing check: rows, problem, columns and an example row.
{% macro report_failed_tests(results) %}
    {%- if execute -%}
        {%- set failed = [] -%}
        {%- for res in results if res.node.resource_type == 'test' and res.status in ('fail', 'error', 'warn') -%}
            {%- do failed.append(res) -%}
        {%- endfor -%}
        {%- if failed | length > 0 -%}
            {{ log("", info=true) }}
            {{ log("==== " ~ (failed | length) ~ " data test(s) failed or warned; details and example rows ====", info=true) }}
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
            {{ log(("WARNING TEST " if res.status == "warn" else "FAILED TEST ") ~ node.name ~ " (" ~ res.status ~ ")", info=true) }}
            {{ log("    table:   " ~ table.name ~ ((" (raw table " ~ (table.raw | join(', ')) ~ ")") if table.raw else ""), info=true) }}
            {%- if not (node.test_metadata and node.test_metadata.name == 'raw_checks') -%}
                {{ log("    columns: " ~ ((columns | join(', ')) or "(whole table)"), info=true) }}
            {%- endif -%}
            {%- if res.status in ('fail', 'warn') and not (node.test_metadata and node.test_metadata.name == 'raw_checks') -%}
                {{ log("    failing rows: " ~ res.failures, info=true) }}
            {%- endif -%}
            {%- if res.status == 'error' -%}
                {{ log("    error:   " ~ ((res.message or '') | replace('\n', ' ') | truncate(600)), info=true) }}
            {%- elif node.relation_name and node.test_metadata and node.test_metadata.name == 'raw_checks' -%}
                {#- one line per failing rule and example of the one-pass raw checks -#}
                {%- set sample = run_query("select check_name, severity, columns, problem, failing_rows, example from " ~ node.relation_name ~ " order by severity, check_name, example") -%}
                {%- for row in sample.rows -%}
                    {{ log("    check " ~ row[0] ~ " (" ~ row[1] ~ "): " ~ row[4] ~ " rows, " ~ row[3] ~ "; column(s) " ~ row[2] ~ "; example row: " ~ (row[5] | string | truncate(400)), info=true) }}
                {%- endfor -%}
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
