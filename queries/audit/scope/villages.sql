-- Which fields the villages ledger of a year and an area holds: its rows, then the values of each column.
select count(*) as _rows, count(columns(*))
from villages_in($year, $county, $township, $village)
