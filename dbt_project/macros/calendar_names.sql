{% macro day_name(iso_day_of_week) -%}
    {#- English day name from the ISO day of week (Monday 1 ... Sunday 7), locale-independent. -#}
    case {{ iso_day_of_week }}
    {%- for name in ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] %}
        when {{ loop.index }} then '{{ name }}'
    {%- endfor %}
    end
{%- endmacro %}


{% macro month_name(month_number) -%}
    {#- English month name from the month number (1-12), locale-independent. -#}
    case {{ month_number }}
    {%- for name in ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
                     'September', 'October', 'November', 'December'] %}
        when {{ loop.index }} then '{{ name }}'
    {%- endfor %}
    end
{%- endmacro %}
