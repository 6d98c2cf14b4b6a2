-- Roster (花名册) members of a year in an area (the audit engine counts which fields it holds).
select p.*
from persons p
where p.year = $year
  and ($township is null or p.township = $township)
  and ($village is null or p.village = $village)
  and ($county is null or p.household_key in (
      select head_id_number from households_in($year, $county, $township, $village)))
