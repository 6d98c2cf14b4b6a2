-- Which fields the projects of a year and an area hold: their rows, then the values of each column.
-- reads: known_village_rollup
select count(*) as _rows, count(columns(*))
from projects_in($year, $county, $township, $village)
