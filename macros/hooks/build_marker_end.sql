-- on-run-end hook. Returns nothing; after a command that changes the warehouse it sets the build marker
-- to `succeeded` only for a whole `dbt build` (no selection, no --empty) in which no node erred, failed
-- or was skipped; otherwise to `failed` (something erred, failed or was skipped) or `partial`.
{% macro build_marker_end(results) %}
    {%- if execute and flags.WHICH in ('build', 'run', 'seed', 'snapshot') -%}
        {%- set counts = namespace(errors=0, warnings=0, skipped=0) -%}
        {%- for res in results -%}
            {%- if res.status in ('error', 'fail', 'runtime error') -%}
                {%- set counts.errors = counts.errors + 1 -%}
            {%- elif res.status == 'warn' -%}
                {%- set counts.warnings = counts.warnings + 1 -%}
            {%- elif res.status == 'skipped' -%}
                {%- set counts.skipped = counts.skipped + 1 -%}
            {%- endif -%}
        {%- endfor -%}
        {%- set narrowed = [] -%}
        {%- for key in ['select', 'exclude', 'selector', 'resource_types', 'exclude_resource_types', 'empty', 'sample'] -%}
            {%- if invocation_args_dict.get(key) -%}
                {%- do narrowed.append(key) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if counts.errors > 0 or counts.skipped > 0 -%}
            {%- set status = 'failed' -%}
            {%- set reason = counts.errors ~ ' node(s) erred or failed, ' ~ counts.skipped ~ ' skipped' -%}
        {%- elif flags.WHICH != 'build' -%}
            {%- set status = 'partial' -%}
            {%- set reason = '`dbt ' ~ flags.WHICH ~ '` is not a whole build: run `dbt build`' -%}
        {%- elif narrowed -%}
            {%- set status = 'partial' -%}
            {%- set reason = 'the build was narrowed by --' ~ (narrowed | join(', --')) ~ ': run `dbt build` without them' -%}
        {%- else -%}
            {%- set status = 'succeeded' -%}
            {%- set reason = '' -%}
        {%- endif -%}
        {%- do run_query(
            "update meta.build_marker set "
            ~ "status = '" ~ status ~ "', finished_at = now(), "
            ~ "n_errors = " ~ counts.errors ~ ", n_warnings = " ~ counts.warnings ~ ", n_skipped = " ~ counts.skipped ~ ", "
            ~ "reason = '" ~ (reason | replace("'", "''")) ~ "' "
            ~ "where invocation_id = '" ~ invocation_id ~ "'"
        ) -%}
    {%- endif -%}
{% endmacro %}
