-- on-run-start hook. Returns nothing; before a command that changes the warehouse (build, run, seed,
-- snapshot) it sets the build marker `meta.build_marker` to `running`, so a run that fails or stops
-- half-way never leaves the marker of an earlier successful build behind.
{% macro build_marker_start() %}
    {%- if execute and flags.WHICH in ('build', 'run', 'seed', 'snapshot') -%}
        {%- do run_query("create schema if not exists meta") -%}
        {%- do run_query(
            "create or replace table meta.build_marker as select "
            ~ "'" ~ invocation_id ~ "' as invocation_id, "
            ~ "'" ~ (invocation_args_dict.get('invocation_command', flags.WHICH) | replace("'", "''")) ~ "' as command, "
            ~ "'running' as status, "
            ~ "timestamptz '" ~ run_started_at ~ "' as started_at, "
            ~ "null::timestamptz as finished_at, "
            ~ "'" ~ (env_var('MHA_RAW_DIR', 'data/raw') | replace("'", "''")) ~ "' as raw_dir, "
            ~ "null::integer as n_errors, null::integer as n_warnings, null::integer as n_skipped, "
            ~ "'the run has not finished' as reason"
        ) -%}
    {%- endif -%}
{% endmacro %}
