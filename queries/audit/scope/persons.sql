-- Which fields the roster (花名册) of a year and an area holds: its member rows, then the values of each column.
select count(*) as _rows, count(columns(*))
from persons p
where p.year = $year
  and ($township is null or p.township = $township)
  and ($village is null or p.village = $village)
  and ($county is null or p.household_key in (
      select head_id_number from households_in($year, $county, $township, $village)))
