-- Agricultural population (the incidence denominator) of an area in one year, from the villages ledger.
select sum(agri_population) as agri_population
from villages
where year = $year
  and ($county is null or county = $county)
  and ($township is null or township = $township)
  and ($village is null or village = $village)
