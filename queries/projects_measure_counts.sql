-- Registered households of one year in an area by their number of support measures (0, 1, 2, …).
-- reads: household_measure_rollup
select measures, sum(households)::bigint as households
from household_measure_rollup_in($year, $county, $township, $village)
group by measures
order by measures
