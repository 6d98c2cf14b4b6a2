-- 贫困发生率 over the same villages in numerator and denominator: of the area's places whose households snapshot of
-- $year is loaded, those that also have 农业户籍人口 (ledger_coverage). Also what was left out.
-- reads: household_cause_rollup
with places as (
    select county, township, village, agri_population as covered
    from ledger_coverage($year, $county, $township, $village)
    where households
),

h as (
    select county, township, village, sum(poor_population) as poor_population
    from household_cause_rollup_in($year, $county, $township, $village)
    group by all
),

v as (
    select county, township, village, sum(agri_population) as agri_population
    from villages_in($year, $county, $township, $village)
    group by all
),

flagged as (
    select p.county, p.township, p.village, p.covered, coalesce(h.poor_population, 0) as poor_population,
           v.agri_population
    from places p
    left join h
      on h.county is not distinct from p.county and h.township is not distinct from p.township
     and h.village is not distinct from p.village
    left join v on v.county is not distinct from p.county and v.township is not distinct from p.township
     and v.village = p.village
)

select
    count(*)::bigint as villages,
    count(*) filter (where covered)::bigint as villages_covered,
    coalesce(sum(poor_population) filter (where covered), 0)::bigint as poor_population,
    sum(agri_population) filter (where covered)::bigint as agri_population,
    incidence_pct(coalesce(sum(poor_population) filter (where covered), 0),
                  sum(agri_population) filter (where covered)) as incidence_pct,
    coalesce(sum(poor_population) filter (where not covered), 0)::bigint as poor_population_left_out,
    string_agg(coalesce(village, '（未填村名）'), '、' order by township, village) filter (where not covered) as left_out
from flagged
