-- Support measures (帮扶措施) per registered household by village in one year, and households with fewer than
-- $min_measures; only the villages whose measures ledger of the year is loaded (ledger_coverage): a village missing
-- from the measures ledger has no row (未导入), not 0 measures.
-- reads: household_measure_rollup
with loaded as (
    select county, township, village
    from ledger_coverage($year, $county, $township, $village)
    where households and measures
)

select
    r.county,
    r.township,
    r.village,
    sum(r.households)::bigint as registered_households,
    sum(r.measures * r.households)::bigint as measures,
    round_half_up(sum(r.measures * r.households) / sum(r.households), 2) as measures_per_household,
    coalesce(sum(r.households) filter (where r.measures >= 1), 0)::bigint as covered_households,
    coalesce(sum(r.households) filter (where r.measures < $min_measures), 0)::bigint as below_min_households
from household_measure_rollup_in($year, $county, $township, $village) r
semi join loaded l
  on l.county is not distinct from r.county and l.township is not distinct from r.township
 and l.village is not distinct from r.village
group by r.county, r.township, r.village
order by measures_per_household, r.county, r.township, r.village
