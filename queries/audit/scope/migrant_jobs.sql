-- Which fields the 务工 ledger's jobs of a year and an area hold: their rows, then the values of each column.
select count(*) as _rows, count(columns(*))
from migrant_jobs_in($year, $county, $township, $village)
