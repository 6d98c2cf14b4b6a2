-- Registered households of one year in an area by their number of support measures (0, 1, 2, …), over the villages
-- whose measures ledger of the year is loaded (ledger_coverage).
-- reads: household_measure_rollup
with loaded as (
    select county, township, village
    from ledger_coverage($year, $county, $township, $village)
    where households and measures
)

select r.measures, sum(r.households)::bigint as households
from household_measure_rollup_in($year, $county, $township, $village) r
semi join loaded l
  on l.county is not distinct from r.county and l.township is not distinct from r.township
 and l.village is not distinct from r.village
group by r.measures
order by r.measures
