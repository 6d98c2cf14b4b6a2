-- Which fields the roster (花名册) of a year and an area holds: its member rows, then the values of each column.
-- A county is found through the households (persons have no county); the optimizer drops the branch not taken.
select count(*) as _rows, count(columns(*))
from (
    select p.* from persons p
    where p.year = $year and $county is null
      and ($township is null or p.township = $township)
      and ($village is null or p.village = $village)
    union all
    select p.* from persons p
    where p.year = $year and $county is not null
      and ($township is null or p.township = $township)
      and ($village is null or p.village = $village)
      and p.household_key in (select head_id_number from households_in($year, $county, $township, $village))
)
