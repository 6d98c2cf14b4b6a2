-- Agricultural population (the incidence denominator) of an area in one year, from the villages ledger.
select sum(agri_population) as agri_population
from villages_in($year, $county, $township, $village)
