-- Generic test for a raw source table: every rule of `checks` (data in the sources YAML) compiled into one
-- query (one scan, and a narrow second one for a unique key). One row per failing rule and example.
{% test raw_checks(model, checks) %}
    {{ config(
        fail_calc="coalesce(max(case when severity = 'error' then 2 else 1 end), 0)",
        warn_if=">=1",
        error_if=">=2",
    ) }}
    {%- set table = model.identifier -%}
    {%- set severities = var('raw_check_severity', {}) -%}
    {%- set ns = namespace(ids={}, kinds={}, dates=[], uses_file_year=false, unique=none, spell=none, period=none) -%}
    {%- set rules = [] -%}

    {#- Normalise the rules: a name, a severity, the columns; remember ids and dates for the keys. -#}
    {%- for check in checks -%}
        {%- set kind = check['check'] -%}
        {%- set columns = check.get('columns') or ([check['column']] if check.get('column') else []) -%}
        {%- if kind not in ['cbs_id', 'not_null', 'date', 'code', 'values', 'expression', 'unique', 'spell'] -%}
            {{ exceptions.raise_compiler_error("raw_checks on " ~ table ~ ": unknown check '" ~ kind ~ "'") }}
        {%- endif -%}
        {%- set name = (check.get('name') or (kind ~ ('_' ~ (columns | join('_')) if columns else ''))) | lower -%}
        {%- set severity = severities.get(table ~ '.' ~ name, check.get('severity', 'error')) -%}
        {%- if severity not in ['error', 'warn'] or (kind == 'cbs_id' and severity != 'error') -%}
            {{ exceptions.raise_compiler_error("raw_checks on " ~ table ~ ": severity of " ~ name ~ " must be error or warn (cbs_id: error), got '" ~ severity ~ "'") }}
        {%- endif -%}
        {%- set rule = {'kind': kind, 'name': name, 'base_name': name, 'severity': severity, 'columns': columns, 'check': check} -%}
        {%- if kind == 'cbs_id' -%}
            {%- set number = columns[-1] -%}
            {%- do ns.ids.update({number: {'entity': check['entity'], 'kind': (columns[0] if columns | length == 2 else none)}}) -%}
            {%- if columns | length == 2 -%}{%- do ns.kinds.update({columns[0]: number}) -%}{%- endif -%}
        {%- elif kind == 'date' -%}
            {%- do ns.dates.extend(columns) -%}
        {%- elif kind == 'unique' -%}
            {%- if ns.unique is not none -%}{{ exceptions.raise_compiler_error("raw_checks on " ~ table ~ ": one unique check per table") }}{%- endif -%}
            {%- set ns.unique = rule -%}
        {%- elif kind == 'spell' and not check.get('key') -%}
            {%- set ns.period = check -%}
        {%- elif kind == 'spell' and check.get('key') -%}
            {%- set ns.period = check -%}
            {%- if ns.spell is not none -%}{{ exceptions.raise_compiler_error("raw_checks on " ~ table ~ ": one spell check per table") }}{%- endif -%}
            {%- set ns.spell = rule -%}
        {%- endif -%}
        {%- if 'file_year' in columns or 'file_year' in check.get('key', []) -%}{%- set ns.uses_file_year = true -%}{%- endif -%}
        {%- do rules.append(rule) -%}
    {%- endfor -%}

    {#- The value rules of seed value_rules for this table (checked_by = dbt), as expression rules:
        `range` on a column, `date_range` on every date column of the table, `in_file_period` on the
        table's spell (it must overlap the study year of its file year: 1 October Y to 30 September
        Y + 1). A rule listed in var value_rules_warn warns. The seed's file is read when the test runs,
        not its table: a ref would add the seed to the test's parents, and dbt skips a staging view after
        a failed test only when every parent of the test is upstream of the view. -#}
    {%- if execute -%}
        {%- set warn_rules = var('value_rules_warn', []) -%}
        {%- set found = run_query(
            "select rule_code, column_name, check_kind, " ~ raw_check_number('min_value') ~ ", "
            ~ raw_check_number('max_value') ~ ", unit from "
            ~ "read_csv('" ~ env_var('DBT_PROJECT_DIR', '.') ~ "/seeds/reference/value_rules.csv', header = true)"
            ~ " where checked_by = 'dbt' and check_kind in ('range', 'date_range', 'in_file_period')"
            ~ " and table_name in ('" ~ table ~ "', '*') order by rule_code"
        ) -%}
        {%- for row in found.rows -%}
            {%- set code, column, kind, low, high, unit = row[0], row[1], row[2], row[3], row[4], row[5] -%}
            {%- set targets = ns.dates if kind == 'date_range' else [column] -%}
            {%- if kind == 'in_file_period' and ns.period is none -%}
                {{ exceptions.raise_compiler_error("raw_checks on " ~ table ~ ": value rule " ~ code ~ " needs a spell check") }}
            {%- endif -%}
            {%- for target in targets -%}
                {%- if kind == 'range' -%}
                    {%- set invalid -%}try_cast({{ target }} as double) not between {{ low }} and {{ high }}{%- endset -%}
                {%- elif kind == 'in_file_period' -%}
                    {%- set ns.uses_file_year = true -%}
                    {%- set first, last = ns.period['from'], ns.period['to'] -%}
                    {%- set invalid -%}try_strptime({{ first }}, '%Y%m%d') is not null and try_strptime({{ last }}, '%Y%m%d') is not null
                        and ({{ first }} > (file_year + 1)::varchar || '0930' or {{ last }} < file_year::varchar || '1001'){%- endset -%}
                {%- else -%}
                    {%- set invalid -%}{{ target }} != '88888888' and try_strptime({{ target }}, '%Y%m%d') is not null
                        and {{ target }} not between '{{ low }}' and '{{ high }}'{%- endset -%}
                {%- endif -%}
                {%- set name = (code ~ ('_' ~ target if kind != 'range' else '')) | lower -%}
                {%- do rules.append({
                    'kind': 'expression', 'name': name, 'base_name': name,
                    'severity': 'warn' if code in warn_rules else 'error',
                    'columns': [ns.period['from'], ns.period['to'], 'file_year'] if kind == 'in_file_period' else [target],
                    'check': {'invalid_when': invalid,
                              'problem': ('outside the study year of the file year' if kind == 'in_file_period'
                                          else 'outside ' ~ low ~ ' to ' ~ high ~ ' ' ~ unit)
                                         ~ ' (seed value_rules, rule ' ~ code ~ ')'},
                }) -%}
            {%- endfor -%}
        {%- endfor -%}
    {%- endif -%}

    {#- The columns shown beside a row rule's own: the table's identifiers. -#}
    {%- set id_columns = [] -%}
    {%- for number, id in ns.ids.items() -%}
        {%- if id.kind -%}{%- do id_columns.append(id.kind) -%}{%- endif -%}
        {%- do id_columns.append(number) -%}
    {%- endfor -%}

    {%- set row_rules = [] -%}
    {%- for rule in rules if rule.kind not in ['unique'] -%}
        {%- set c = rule.columns -%}
        {%- if rule.kind == 'cbs_id' -%}
            {%- set id = ns.ids[c[-1]] -%}
            {%- set fails = "coalesce(not " ~ cbs_key_valid(id.entity, c[-1], id.kind) ~ ", false)" -%}
            {%- set problem = "not a valid identifier (" ~ ("kind of 1-3 ASCII characters, " if id.kind else "") ~ "number of exactly " ~ cbs_id_digits(id.entity) ~ " digits)" -%}
        {%- elif rule.kind == 'not_null' -%}
            {%- set fails -%}({% for column in c %}{{ column }} is null{{ " or " if not loop.last }}{% endfor %}){%- endset -%}
            {%- set problem = "missing value" -%}
        {%- elif rule.kind == 'date' -%}
            {%- set fails -%}
                ({% for column in c %}({{ column }} is not null and {{ column }} != '88888888' and (length({{ column }}) != 8
                or {{ column }}[1] not between '0' and '9' or {{ column }}[8] not between '0' and '9'
                or try_strptime({{ column }}, '%Y%m%d') is null)){{ " or " if not loop.last }}{% endfor %})
            {%- endset -%}
            {%- set problem = "not a date 'yyyymmdd'" -%}
        {%- elif rule.kind == 'code' -%}
            {%- set seed = ref(rule.check['seed']) -%}
            {%- set fails -%}
                ({{ c[0] }} is not null and {{ c[0] }} not in (
                    select ({{ rule.check.get('seed_column', 'code') }})::varchar from {{ seed }}
                    where {{ rule.check.get('seed_where', 'true') }}
                ))
            {%- endset -%}
            {%- set problem = "code not in seed " ~ rule.check['seed'] -%}
        {%- elif rule.kind == 'values' -%}
            {%- set fails -%}({{ c[0] }} is not null and {{ c[0] }} not in ({% for value in rule.check['values'] %}'{{ value }}'{{ ", " if not loop.last }}{% endfor %})){%- endset -%}
            {%- set problem = "value not one of " ~ (rule.check['values'] | join(', ')) -%}
        {%- elif rule.kind == 'expression' -%}
            {%- set fails = "coalesce(" ~ rule.check['invalid_when'] ~ ", false)" -%}
            {%- set problem = rule.check.get('problem', 'invalid: ' ~ rule.check['invalid_when']) -%}
        {%- elif rule.kind == 'spell' -%}
            {%- set fails = "coalesce(" ~ cbs_date(rule.check['from']) ~ " > " ~ cbs_date(rule.check['to']) ~ ", false)" -%}
            {%- set problem = "spell ends before it starts" -%}
            {%- do rule.update({'name': rule.base_name ~ '_inverted', 'columns': [rule.check['from'], rule.check['to']]}) -%}
        {%- endif -%}
        {%- set shown = c if rule.kind != 'spell' else (rule.check.get('key', []) + [rule.check['from'], rule.check['to']]) -%}
        {%- set shown_with_ids = id_columns | reject('in', shown) | list + shown -%}
        {%- do row_rules.append(rule.update({'fails': fails, 'problem': problem, 'shown': shown_with_ids}) or rule) -%}
    {%- endfor -%}
    {%- set unique_parts = raw_check_key_parts(ns.unique.columns, ns.ids, ns.kinds, ns.dates) if ns.unique is not none else [] -%}
    {%- set spell_parts = raw_check_key_parts(ns.spell.check['key'], ns.ids, ns.kinds, ns.dates) if ns.spell is not none else [] -%}

    with

    source as not materialized (

        select
            *{% if ns.uses_file_year %},
            {{ file_year() }} as file_year{% endif %}
        from {{ model }}

    ),

    -- the row rules: one flag each, then an example of the raw values on a failing row only
    flagged as (

        select
            *,
            {%- for rule in row_rules %}
            case when fails_{{ loop.index }} then {{ raw_check_example(rule.shown) }} end as example_{{ loop.index }},
            {%- endfor %}
        from (
            select
                *,
                {%- for rule in row_rules %}
                {{ rule.fails }} as fails_{{ loop.index }},
                {%- endfor %}
                {%- for part in spell_parts %}
                {{ part.expr }} as spell_key_{{ loop.index }},
                {%- endfor %}
                {%- if ns.spell is not none %}
                {{ cbs_date(ns.spell.check['from']) }} as spell_from,
                {{ cbs_date(ns.spell.check['to']) }} as spell_to,
                {%- endif %}
            from source
        ) as with_flags

    ),
    {%- if ns.spell is not none %}

    -- spells of one key may not overlap: no spell starts on or before the end of an earlier one (the
    -- window carries the row rules' flags, so the table is still read once)
    rows_checked as (

        select
            *,
            coalesce(spell_from <= spell_previous_end{% for part in spell_parts %} and spell_key_{{ loop.index }} is not null{% endfor %}, false) as fails_overlap,
            case
                when spell_from <= spell_previous_end{% for part in spell_parts %} and spell_key_{{ loop.index }} is not null{% endfor %}
                    then {{ raw_check_key_example(spell_parts, 'spell_key_') }}
                    || ' | from=' || spell_from || ' | to=' || spell_to || ' | previous_end=' || spell_previous_end
            end as example_overlap
        from (
            select
                *,
                max(spell_to) over (
                    partition by {% for part in spell_parts %}spell_key_{{ loop.index }}{{ ", " if not loop.last }}{% endfor %}
                    order by spell_from, spell_to
                    rows between unbounded preceding and 1 preceding
                ) as spell_previous_end
            from flagged
        ) as spells_compared

    ),
    {%- else %}

    rows_checked as (

        select * from flagged

    ),
    {%- endif %}

    row_totals as (

        select
            {%- for rule in row_rules %}
            count(*) filter (where fails_{{ loop.index }}) as failing_{{ loop.index }},
            min(example_{{ loop.index }}, 5) as examples_{{ loop.index }},
            {%- endfor %}
            {%- if ns.spell is not none %}
            count(*) filter (where fails_overlap) as failing_overlap,
            min(example_overlap, 5) as examples_overlap,
            {%- endif %}
            count(*) as row_count
        from rows_checked

    ),
    {%- if ns.unique is not none %}

    -- the key may occur once: a second, narrow scan of the key columns only (a key count beside the row
    -- rules' flags and examples costs more than reading the key columns again)
    key_totals as (

        select
            sum(key_rows) filter (where key_rows > 1) as failing_unique,
            min(
                case
                    when key_rows > 1
                        then {{ raw_check_key_example(unique_parts, 'unique_key_') }} || ' | n_rows=' || key_rows
                end,
                5
            ) as examples_unique
        from (
            select
                {%- for part in unique_parts %}
                {{ part.expr }} as unique_key_{{ loop.index }},
                {%- endfor %}
                count(*) as key_rows
            from source
            where {% for part in unique_parts %}{{ part.expr }} is not null{{ " and " if not loop.last }}{% endfor %}
            group by all
        ) as keys_counted

    ),
    {%- else %}

    key_totals as (

        select
            null::bigint as failing_unique,
            null::varchar [] as examples_unique

    ),
    {%- endif %}

    totals as (

        select * from row_totals, key_totals

    ),

    results as (
        {%- set outputs = [] %}
        {%- for rule in row_rules %}
            {%- do outputs.append({'rule': rule, 'suffix': loop.index | string}) %}
        {%- endfor %}
        {%- if ns.spell is not none %}
            {%- do outputs.append({'rule': {'name': ns.spell.base_name ~ '_overlap', 'severity': ns.spell.severity,
                'columns': ns.spell.check['key'] + [ns.spell.check['from'], ns.spell.check['to']],
                'problem': 'spells of one key overlap'}, 'suffix': 'overlap'}) %}
        {%- endif %}
        {%- if ns.unique is not none %}
            {%- do outputs.append({'rule': {'name': ns.unique.name, 'severity': ns.unique.severity,
                'columns': ns.unique.columns, 'problem': 'key not unique'}, 'suffix': 'unique'}) %}
        {%- endif %}
        {%- for output in outputs %}

        select
            '{{ table }}' as table_name,
            '{{ output.rule.name }}' as check_name,
            '{{ output.rule.severity }}' as severity,
            '{{ output.rule.columns | join(", ") }}' as columns,
            '{{ output.rule.problem | replace("'", "''") }}' as problem,
            failing_{{ output.suffix }} as failing_rows,
            unnest(examples_{{ output.suffix }}) as example
        from totals
        where failing_{{ output.suffix }} > 0
        {%- if not loop.last %}

        union all
        {%- endif %}
        {%- else %}

        select
            null::varchar as table_name,
            null::varchar as check_name,
            null::varchar as severity,
            null::varchar as columns,
            null::varchar as problem,
            null::bigint as failing_rows,
            null::varchar as example
        where false
        {%- endfor %}

    )

    select * from results
    order by check_name, example

{% endtest %}
