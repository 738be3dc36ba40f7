-- The parameters the release was built with and the Dutch texts of its rules, built from them: one row
-- per parameter or rule. The app, the workbook, the report and the audit read these instead of
-- restating a threshold, a marker or a year.
-- `value` is the column name every published table uses. -- noqa: disable=RF04
{%- set min_cell = var('sdc_min_cell') | int %}
{%- set round_base = var('sdc_round_base') | int %}
{%- set protection_p = var('sdc_protection_p') | int %}
{%- set pct_min = var('sdc_pct_min') | int %}
{%- set dominance_pct = (var('sdc_dominance_k') | float * 100) | round | int %}
{%- set marker = var('sdc_marker') %}
{%- set years = var('report_years') | map('int') | list %}
{%- set rows = [
    ('parameter', 'sdc_min_cell', min_cell, 'Kleinste aantal dat gepubliceerd wordt.'),
    ('parameter', 'sdc_round_base', round_base, 'Gepubliceerde aantallen zijn veelvouden hiervan.'),
    ('parameter', 'sdc_protection_p', protection_p, 'Beschermingsmarge van een geheim aantal.'),
    ('parameter', 'sdc_pct_min', pct_min, 'Kleinste teller en noemer van een afgeleid cijfer.'),
    ('parameter', 'sdc_dominance_k', var('sdc_dominance_k'), 'Grootste aandeel van een bijdrage in een gemiddelde.'),
    ('parameter', 'sdc_marker', marker, 'Teken voor een geheim cijfer.'),
    ('parameter', 'report_years', years | join(','), 'Verslagjaren.'),
    ('parameter', 'first_report_year', years | min, 'Eerste verslagjaar.'),
    ('parameter', 'last_report_year', years | max, 'Laatste verslagjaar.'),
    ('parameter', 'boundary_year', var('boundary_year'), 'Gemeentegrenzen waarin alle jaren getoond worden.'),
    ('parameter', 'nederland_area_code', var('nederland_area_code'), 'Gebiedscode van Nederland.'),
    ('regel', 'geheim',
        'Geheim (' ~ marker ~ '): het cijfer wordt niet gepubliceerd. Een aantal kleiner dan ' ~ min_cell
        ~ ' is geheim, en soms ook een groter aantal, omdat een klein aantal anders uit de andere cijfers'
        ~ ' terug te rekenen zou zijn. Welke van de twee het is, wordt niet gezegd.',
        'Betekenis van het teken voor een geheim cijfer.'),
    ('regel', 'afronding',
        'Elk gepubliceerd aantal is afgerond op een veelvoud van ' ~ round_base ~ ' (de ware waarde ligt'
        ~ ' hooguit ' ~ (round_base // 2) ~ ' ernaast) en is ten minste ' ~ min_cell ~ '. Totalen zijn'
        ~ ' afgerond vanuit hun eigen ware waarde; een getoond totaal kan daardoor afwijken van de som'
        ~ ' van de getoonde delen.',
        'Afronding van aantallen.'),
    ('regel', 'bescherming',
        'Wie alle gepubliceerde cijfers kent, kan een geheim klein aantal niet nauwkeuriger bepalen dan'
        ~ ' tot ' ~ protection_p ~ ' erboven en ' ~ protection_p ~ ' eronder (of 0). Voor elk geheim klein'
        ~ ' aantal is dat bewezen voordat er iets gepubliceerd wordt.',
        'Bescherming van geheime aantallen.'),
    ('regel', 'afgeleide_cijfers',
        'Aandelen, cijfers per 1.000 inwoners, personen per huishouden en de mutatiegraad zijn berekend'
        ~ ' uit de gepubliceerde (afgeronde) aantallen. Ze zijn geheim wanneer de teller of de noemer'
        ~ ' geheim of kleiner dan ' ~ pct_min ~ ' is, en bij aandelen ook wanneer het complement'
        ~ ' (noemer min teller) dat is.',
        'Regel voor afgeleide cijfers.'),
    ('regel', 'gemiddelden',
        'Gemiddelden en medianen worden alleen gepubliceerd bij ten minste ' ~ min_cell ~ ' eenheden en'
        ~ ' wanneer de grootste bijdrage hooguit ' ~ dominance_pct ~ '% van het totaal is; ze worden'
        ~ ' getoond in drie significante cijfers.',
        'Regel voor gemiddelden en medianen.'),
    ('regel', 'publicatieplan',
        'Niet elk cijfer wordt op elk niveau gepubliceerd: de verdeling van kleine groepen naar'
        ~ ' huishouden, inkomen en woning staat alleen per woondealregio, provincie en voor Nederland'
        ~ ' (tabel pub_publication_plan).',
        'Welke cijfers op welk niveau staan.'),
] %}

with

parameters (kind, parameter_code, value, description_nl) as (
    values
    {%- for kind, code, value, description in rows %}
        ('{{ kind }}', '{{ code }}', '{{ value | string | replace("'", "''") }}', '{{ description }}')
        {{- "," if not loop.last }}
    {%- endfor %}
)

select
    cast(parameters.kind as varchar) as kind,
    cast(parameters.parameter_code as varchar) as parameter_code,
    cast(parameters.value as varchar) as value,
    cast(parameters.description_nl as varchar) as description_nl
from parameters
order by parameters.kind, parameters.parameter_code
