-- Which fields the households snapshot of a year and an area holds: its rows, then the values of each column.
select count(*) as _rows, count(columns(*))
from households_in($year, $county, $township, $village)
