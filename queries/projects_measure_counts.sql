-- Registered households of one year in an area by their number of support measures (0, 1, 2, …).
select measures, count(*) as households
from household_measures_in($year, $county, $township, $village)
group by all
order by measures
