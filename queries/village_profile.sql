-- The villages-ledger row of one village in one year: poor-village flag, population, 出列 year, collective income.
select is_poor_village, total_households, total_population, agri_population, exit_year, collective_income
from villages
where year = $year and county is not distinct from $county and township is not distinct from $township
  and village = $village
