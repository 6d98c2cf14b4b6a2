-- Registered households of one year in an area that have at least one support measure that year, over the places
-- whose measures ledger of the year is loaded (ledger_coverage); the coverage rounded once.
-- reads: household_measure_rollup
with covered_places as (
    select county, township, village
    from ledger_coverage($year, $county, $township, $village)
    where households and measures
),

counts as (
    select
        coalesce(sum(r.households), 0)::bigint as registered_households,
        coalesce(sum(r.households) filter (where r.measures >= 1), 0)::bigint as covered_households
    from household_measure_rollup_in($year, $county, $township, $village) r
    semi join covered_places p
      on p.county is not distinct from r.county and p.township is not distinct from r.township
     and p.village is not distinct from r.village
)

select
    registered_households,
    covered_households,
    case when registered_households > 0
         then round_half_up(100 * covered_households::decimal(38, 9) / registered_households, 2) end
        as household_measure_coverage_pct
from counts
