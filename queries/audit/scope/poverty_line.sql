-- The poverty line of a year for the configured region (a row when it is set).
select l.line_yuan
from poverty_lines l
join settings s on s.key = 'line_region' and s.value = l.region
where l.year = $year
