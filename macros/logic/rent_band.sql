-- Returns a varchar expression: the rent band of a monthly kale huur against the limits of one year
-- (each limit an inclusive upper bound), in scheme 'monitor' (4 bands) or 'sector' (5), or 'onbekend'.
{% macro rent_band(kale_huur, limits, scheme='monitor') -%}
    {%- if scheme not in ['monitor', 'sector'] -%}
        {{ exceptions.raise_compiler_error("rent_band: scheme must be 'monitor' or 'sector', got '" ~ scheme ~ "'") }}
    {%- endif -%}
    case
        when {{ kale_huur }} is null then 'onbekend'
        when {{ kale_huur }} <= {{ limits }}.kwaliteitskortingsgrens then 'tot_kwaliteitskortingsgrens'
        {%- if scheme == 'sector' %}
        when {{ kale_huur }} <= {{ limits }}.lage_aftoppingsgrens then 'kwaliteitskortingsgrens_lage_aftoppingsgrens'
        when {{ kale_huur }} <= {{ limits }}.hoge_aftoppingsgrens then 'lage_aftoppingsgrens_hoge_aftoppingsgrens'
        {%- else %}
        when {{ kale_huur }} <= {{ limits }}.hoge_aftoppingsgrens then 'kwaliteitskortingsgrens_hoge_aftoppingsgrens'
        {%- endif %}
        when {{ kale_huur }} <= {{ limits }}.liberalisatiegrens then 'hoge_aftoppingsgrens_liberalisatiegrens'
        else 'boven_liberalisatiegrens'
    end
{%- endmacro %}
