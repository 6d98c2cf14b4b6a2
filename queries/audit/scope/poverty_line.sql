-- Whether the poverty line of a year is set for the configured region (one row when it is).
select count(*) as _rows, count(line_yuan) as line_yuan
from poverty_lines_in_use()
where year = $year
