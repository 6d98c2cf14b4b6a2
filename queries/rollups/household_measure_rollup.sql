-- Rebuild one year of household_measure_rollup: registered households by village and number of support measures.
delete from household_measure_rollup where year = $year;

insert into household_measure_rollup
select year, county, township, village, measures, count(*) as households
from household_measures_in($year, null, null, null)
group by all;
