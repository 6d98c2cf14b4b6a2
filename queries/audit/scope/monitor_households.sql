-- Which fields the monitoring export's households of a year and an area hold: their rows, then the values of each column.
select count(*) as _rows, count(columns(*))
from monitor_households_in($year, $county, $township, $village)
