-- Whether the poverty line of a year is set for the configured region (one row when it is).
select count(*) as _rows, count(l.line_yuan) as line_yuan
from poverty_lines l
join settings s on s.key = 'line_region' and s.value = l.region
where l.year = $year
